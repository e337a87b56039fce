import GRDB

/// Atom feeds: what a feed may carry, and who may read and manage private feed addresses.
///
/// A feed is read by a program that keeps what it fetched, so it carries less than a page: only listed discussions
/// and visible posts and resources of communities the reader can see. Held, hidden and deleted content stays on the
/// site, even in the private feed of its author or of a moderator (who find it in their queues). Public feeds are
/// built with an anonymous Guardian, whoever asks; a private feed with its owner's, as the database says they are now.
extension Guardian {
    /// A discussion in a feed: listed (neither held nor hidden) in a community the reader can see.
    public func showsInFeed(_ discussion: Discussion, in community: Community) -> Bool {
        canSee(community) && discussion.isListed
    }

    /// A post in a feed: visible (approved, neither hidden nor deleted) in a discussion the feed shows.
    public func showsInFeed(_ post: Post, of discussion: Discussion, in community: Community) -> Bool {
        showsInFeed(discussion, in: community) && post.isVisible
    }

    /// A resource in a feed: neither held nor archived, in a community the reader can see.
    public func showsInFeed(_ resource: Resource, in community: Community) -> Bool {
        canSee(community) && !resource.isHeld && !resource.isArchived
    }

    /// The SQL twin of `showsInFeed(_:in:)` for discussions, on a query naming the discussion `d` and its community `c`.
    func feedDiscussionSQL() -> SQL {
        "(d.held_at IS NULL AND d.hidden_at IS NULL AND \(visibleCommunitySQL(table: "c")))"
    }

    /// The SQL twin of a post's half of `showsInFeed(_:of:in:)`, on a query naming the post `p`.
    static let feedPostSQL: SQL = "(p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL)"

    /// The SQL twin of `showsInFeed(_:in:)` for the resources of one community the reader can see.
    static let feedResourceSQL: SQL = "(held_at IS NULL AND archived_at IS NULL)"

    // MARK: - Private feed addresses

    /// A private feed answers for its owner while the account is not suspended (404 otherwise, as for a revoked address).
    public var canReadPrivateFeeds: Bool { isSignedIn && !isSuspended }

    /// Making or remaking one's private feed address: a member who may act (signed in, not suspended).
    public func ensureCanMakeFeedToken() throws {
        try ensureActing()
    }

    /// Revoking one's private feed address: anyone signed in, suspended too (it only takes access away).
    public func ensureCanRevokeFeedToken() throws {
        try ensureSignedIn()
    }
}
