import Foundation

/// Links of watching, notifications and feeds (issue "Staying in touch").
extension Paths {
    // MARK: - Watching

    public static func watchCommunity(_ c: Community) -> String { "/c/\(c.slug)/watch" }
    public static func watchBoard(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/watch" }
    public static func watchDiscussion(_ d: Discussion) -> String { "/d/\(d.id!)/watch" }
    public static let settingsWatching = "/settings/watching"

    /// A page of `/settings/watching` (its discussions are listed 50 a page).
    public static func settingsWatching(page: Int) -> String {
        page > 1 ? settingsWatching + "?page=\(page)" : settingsWatching
    }

    // MARK: - Feeds

    public static let siteFeed = "/feed.atom"
    public static let settingsFeeds = "/settings/feeds"
    public static let makeFeedToken = "/settings/feeds/token"
    public static let revokeFeedToken = "/settings/feeds/revoke"
    public static func communityFeed(_ c: Community) -> String { "/c/\(c.slug)/feed.atom" }
    public static func boardFeed(_ c: Community, _ b: Board) -> String { "/c/\(c.slug)/b/\(b.slug)/feed.atom" }
    public static func discussionFeed(_ d: Discussion) -> String { "/d/\(d.id!)/feed.atom" }
    public static func discussionFeed(id: Int64) -> String { "/d/\(id)/feed.atom" }
    public static func userFeed(_ handle: String) -> String { "/u/\(handle)/feed.atom" }
    public static func resourcesFeed(_ c: Community) -> String { "/c/\(c.slug)/resources/feed.atom" }

    /// A private feed: the public feed's path (`feed`, one of the above) under the member's secret token.
    public static func privateFeed(token: String, _ feed: String) -> String { "/feeds/\(token)\(feed)" }

    /// `path` as logs may show it: a private feed's token (a secret that opens the owner's feeds), and the token of a
    /// password-reset, verification or unsubscribe link, are replaced by `[token]`.
    public static func loggable(_ path: String) -> String {
        // A reset, verification or unsubscribe link's token: the path ends with it.
        if let prefix = secretPathPrefixes.first(where: path.hasPrefix) { return prefix + "[token]" }
        if path.hasPrefix(unsubscribePrefix) { return unsubscribePrefix + "[token]" }
        guard path.hasPrefix("/feeds/") else { return path }
        let rest = path.dropFirst("/feeds/".count)
        let tail = rest.firstIndex(of: "/").map { rest[$0...] } ?? ""
        return "/feeds/[token]" + tail
    }

    // MARK: - Notifications

    public static let notifications = "/notifications"
    public static let notificationsReadAll = "/notifications/read-all"
    public static let settingsNotifications = "/settings/notifications"

    /// A page of the notifications list.
    public static func notifications(page: Int) -> String {
        page > 1 ? notifications + "?page=\(page)" : notifications
    }
}
