import Foundation

extension SettingsNav {
    /// The settings pages, for marking the current tab.
    enum Tab { case profile, password, sessions, expertise, helpRequests, questions, notifications, email, watching, feeds }

    /// The navigation with `tab` current and the member's unread help requests counted (for the "n new" badge).
    static func make(_ tab: Tab, services: AppServices, context: AppRequestContext) async throws -> SettingsNav {
        var nav = SettingsNav(onProfile: tab == .profile, onPassword: tab == .password, onSessions: tab == .sessions)
        nav.onExpertise = tab == .expertise
        nav.onHelpRequests = tab == .helpRequests
        nav.onQuestions = tab == .questions
        nav.onNotifications = tab == .notifications
        nav.onEmail = tab == .email
        nav.onWatching = tab == .watching
        nav.onFeeds = tab == .feeds
        if let id = context.user?.id {
            let unseen = try await services.database.unseenHelpRequestCount(
                helperID: id, visible: context.guardian.visibleCommunitySQL(table: "community"))
            nav.unseenHelpRequests = unseen > 0 ? "\(unseen) new" : nil
        }
        return nav
    }
}
