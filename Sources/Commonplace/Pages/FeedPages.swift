/// The Atom feed of a page: the `<link rel="alternate">` in the layout's head and a visible link under the content.
struct FeedLink: Sendable {
    /// What the feed carries ("Latest discussions in Privacy").
    let title: String
    /// The public feed's address; for members-only content, the page of private feed addresses.
    let url: String
    /// Members-only content has no public feed: no `<link rel="alternate">`, and the visible link leads to
    /// `/settings/feeds`.
    let isPrivate: Bool
}

extension FeedLink {
    /// The feed at `path` (a public feed path from `Paths`) of a page in `community` as this visitor sees it: the
    /// public feed when anonymous visitors can read the community, else the way to a private feed.
    static func of(_ title: String, path: String, community: Community?) -> FeedLink {
        if let community, !Guardian(nil).canSee(community) {
            return FeedLink(title: title, url: Paths.settingsFeeds, isPrivate: true)
        }
        return FeedLink(title: title, url: path, isPrivate: false)
    }

    /// A discussion page's feed of new posts; none while the discussion is held or hidden (no feed carries it).
    static func of(_ discussion: Discussion, in community: Community) -> FeedLink? {
        guard discussion.isListed else { return nil }
        return of("New posts in this discussion", path: Paths.discussionFeed(discussion), community: community)
    }
}

/// `account/feeds`: the member's private feed address: made, remade and revoked here; shown once, when made.
struct FeedSettingsPage: Sendable {
    let nav: SettingsNav
    let hasToken: Bool
    /// "Made 27 Nov 2026, 06:56 UTC; last used …" (empty without a token).
    let tokenSummary: String
    /// The private addresses, right after the token was made (empty otherwise: only its hash is kept).
    let addresses: [FeedAddress]
    let justMade: Bool
    /// The address pattern for any other feed ("https://…/feeds/TOKEN/d/123/feed.atom"), right after making.
    let pattern: String
    /// Suspended accounts may revoke, not make.
    let canMake: Bool
    let makeURL = Paths.makeFeedToken
    let revokeURL = Paths.revokeFeedToken
    /// The public feed of the whole site, absolute.
    let publicSiteFeed: String
}

/// One private feed address, absolute.
struct FeedAddress: Sendable {
    let label: String
    let url: String
}
