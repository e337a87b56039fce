/// `notifications/list`: the member's notifications, newest first, grouped where several are new posts in one discussion.
struct NotificationsPage: Sendable {
    let entries: [NotificationEntry]
    let hasUnread: Bool
    let readAllAction = Paths.notificationsReadAll
    let settingsURL = Paths.settingsNotifications
    let pagination: Pagination?
}

/// One line of the list: a sentence linking to what it is about (the first unread post, for posts).
struct NotificationEntry: Sendable {
    let text: String
    let url: String
    let unread: Bool
    /// A moderator's reason or note, shown under the line.
    let note: String?
    let communityName: String
    let created: Moment
    let createdISO: ISOTime
}

/// `account/notifications`: which kinds notify the member (the moderators' kinds only for moderators).
struct NotificationSettingsPage: Sendable {
    let nav: SettingsNav
    let action = Paths.settingsNotifications
    let kinds: [NotificationChoice]
    let moderatorKinds: [NotificationChoice]
}

/// A checkbox for one kind (`kinds[]` carries the checked kinds' raw values).
struct NotificationChoice: Sendable {
    let id: String
    let value: String
    let label: String
    let checked: Bool
}
