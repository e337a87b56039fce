import Foundation

/// How a kind of notification reaches a member by email (`email_preference.mode`). The raw values are stored and are
/// the settings form's values: never rename one.
public enum EmailMode: String, Sendable, CaseIterable, Codable {
    /// One email per notification, after the quiet minutes (not sent if read in the site or the member was active).
    case immediately
    /// Listed in the next daily or weekly digest.
    case digest
    /// No email (the notification still shows in the site).
    case never

    /// What the settings page calls it.
    public var label: String {
        switch self {
        case .immediately: "Email me at once"
        case .digest: "In my digest"
        case .never: "No email"
        }
    }
}

extension NotificationKind {
    /// The email mode of a member who has not chosen (no `email_preference` row):
    /// - at once: what is addressed to the member personally and asks for their attention — mentions, replies to their
    ///   discussion, quotes, help requests, their answer accepted, their join request decided, a moderator declining
    ///   or hiding their post;
    /// - in the digest: what is good to know but not urgent — watched discussions, new discussions, helpful marks, a
    ///   post approved, a flag resolved;
    /// - never: a post held for approval (the author was told on the page as they posted), and the moderators' kinds
    ///   (flags, the approval queue, join requests), which a moderator may switch to "at once".
    public var defaultEmailMode: EmailMode {
        switch self {
        case .mention, .reply, .quote, .helpRequest, .accepted, .joinDecided, .postDeclined, .postHidden: .immediately
        case .meetingPromoted, .meetingReminder, .meetingChanged, .meetingCancelled, .meetingQuestionAnswered: .immediately
        case .watching, .newDiscussion, .helpful, .postApproved, .flagResolved: .digest
        case .postHeld, .modFlag, .modQueue, .modJoin: .never
        }
    }

    /// Why an email of this kind was sent, for its footer ("You get this because …").
    public var emailReason: String {
        switch self {
        case .mention: "someone mentioned you"
        case .reply: "someone replied in a discussion you started"
        case .quote: "someone quoted your post"
        case .watching: "you watch this discussion"
        case .newDiscussion: "you watch new discussions here"
        case .accepted: "your answer was accepted"
        case .helpful: "members found your post helpful"
        case .helpRequest: "someone asked you to look at a question"
        case .joinDecided: "you asked to join this community"
        case .flagResolved: "you flagged a post"
        case .postHeld, .postApproved, .postDeclined, .postHidden: "a moderator acted on your post"
        case .modFlag, .modQueue, .modJoin: "you moderate this community and chose these emails"
        case .meetingPromoted: "you were on the waitlist of this event"
        case .meetingReminder: "you are going to this event"
        case .meetingChanged, .meetingCancelled: "you answered this event"
        case .meetingQuestionAnswered: "you asked this question"
        }
    }
}

/// How often the digest comes (`email_setting.digest_frequency`).
public enum DigestFrequency: String, Sendable, CaseIterable, Codable {
    case daily, weekly, off

    public var label: String {
        switch self {
        case .daily: "Daily"
        case .weekly: "Weekly"
        case .off: "Never (no digest)"
        }
    }
}

/// A member's email choices: each kind's mode, and when the digest comes, in their time zone.
public struct EmailSettings: Sendable, Equatable {
    /// The modes the member chose (kinds absent: `NotificationKind.defaultEmailMode`).
    public var modes: [NotificationKind: EmailMode] = [:]
    public var frequency = EmailSettings.defaultFrequency
    /// The local hour the digest is composed (0–23).
    public var hour = EmailSettings.defaultHour
    /// The weekday of a weekly digest, as `Calendar` numbers them (1 Sunday … 7 Saturday).
    public var weekday = EmailSettings.defaultWeekday
    /// An IANA time zone (`Europe/Paris`); nil: the site's default (`MailSettings.defaultTimeZone`).
    public var timeZone: String?

    public static let defaultFrequency = DigestFrequency.weekly
    public static let defaultHour = 8
    /// Monday.
    public static let defaultWeekday = 2

    public init() {}

    /// The mode of `kind` for this member.
    public func mode(_ kind: NotificationKind) -> EmailMode { modes[kind] ?? kind.defaultEmailMode }

    /// The weekdays as the settings form names them, in `Calendar` order (index + 1 is the weekday number).
    public static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
}

/// When digests come: the next moment a member's digest is due after a given time, at their local hour (and weekday),
/// in their time zone. `Calendar` does the local arithmetic, so a digest at 08:00 stays at 08:00 local across a
/// daylight-saving change (one hour earlier or later in UTC); a local hour skipped by a change is taken as the next
/// hour that exists.
public enum DigestSchedule {
    /// The first due moment strictly after `date` (nil for `off`).
    public static func next(after date: Date, settings: EmailSettings, defaultTimeZone: String) -> Date? {
        guard settings.frequency != .off else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(settings.timeZone, default: defaultTimeZone)
        var wanted = DateComponents(hour: settings.hour, minute: 0, second: 0)
        if settings.frequency == .weekly { wanted.weekday = settings.weekday }
        return calendar.nextDate(after: date, matching: wanted, matchingPolicy: .nextTime, direction: .forward)
    }

    /// The time zone named `identifier`, else the site's default, else UTC.
    static func zone(_ identifier: String?, default fallback: String) -> TimeZone {
        identifier.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: fallback) ?? TimeZone(secondsFromGMT: 0)!
    }

    /// The local calendar date of `date` in the member's zone (`2026-12-07`), the digest's dedupe object.
    static func localDay(_ date: Date, timeZone: String?, default fallback: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(timeZone, default: fallback)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// How far back a member's first digest looks (no digest before): one period.
    static func period(_ frequency: DigestFrequency) -> TimeInterval {
        frequency == .daily ? 24 * 3600 : 7 * 24 * 3600
    }

    /// Whether `identifier` names a time zone this server knows (the settings form accepts only these).
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        TimeZone.knownTimeZoneIdentifiers.contains(identifier) && TimeZone(identifier: identifier) != nil
    }
}
