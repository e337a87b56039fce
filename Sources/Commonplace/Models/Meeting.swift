import Foundation
import GRDB

/// A community's event: a single meeting or a series (issue 14). Its times are wall-clock values in `timeZone`;
/// its dates are materialised as `MeetingOccurrence` rows by `MeetingSchedule`.
public struct Meeting: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "meeting"

    /// What kind of gathering it is.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case meeting, dropIn = "drop_in", qa, workingGroup = "working_group", publicEvent = "public_event"

        public var label: String {
            switch self {
            case .meeting: "Meeting"
            case .dropIn: "Drop-in"
            case .qa: "Guest speaker Q&A"
            case .workingGroup: "Working group"
            case .publicEvent: "Public event"
            }
        }
    }

    /// Who may come: the community's members, or anyone (public events of a public community only).
    public enum Audience: String, Codable, Sendable, CaseIterable {
        case members, `public`

        public var label: String {
            switch self {
            case .members: "Members of the community"
            case .public: "Open to the public"
            }
        }
    }

    /// How the event repeats: never, weekly (every `interval` weeks), or monthly (every `interval` months) on the same
    /// day of the month, on the same Nth weekday, or on the last such weekday of the month.
    public enum Repeat: String, Codable, Sendable, CaseIterable {
        case none, weekly, monthlyDay = "monthly_day", monthlyWeekday = "monthly_weekday",
             monthlyLastWeekday = "monthly_last_weekday"

        public var isMonthly: Bool { self == .monthlyDay || self == .monthlyWeekday || self == .monthlyLastWeekday }
    }

    public var id: Int64?
    public var communityId: Int64
    public var authorId: Int64?
    public var title: String
    public var kind: Kind
    /// Markdown as written, and its HTML rendered once on write.
    public var description: String = ""
    public var descriptionHtml: String = ""
    public var audience: Audience = .members
    /// The IANA zone its dates and times are in.
    public var timeZone: String
    /// The first occurrence's date (YYYY-MM-DD), and the local start and end times (HH:MM, 24 h).
    public var startDate: String
    public var startTime: String
    public var endTime: String
    /// The online meeting link (shown only to those who may attend: `Guardian.canSeeLink`), and the place.
    public var link: String = ""
    public var place: String = ""
    /// How many may be "going" before others are waitlisted (nil: no limit).
    public var capacity: Int? = nil
    public var `repeat`: Repeat = .none
    public var interval: Int = 1
    public var untilDate: String? = nil
    public var count: Int? = nil
    public var allowsAnonymousQuestions: Bool = false
    /// Raised on every change (iCalendar SEQUENCE).
    public var sequence: Int = 0
    /// The series this one continues (after an edit "from this date on").
    public var splitFromId: Int64? = nil
    public var createdAt: Date
    public var updatedAt: Date
    public var cancelledAt: Date? = nil
    public var cancelReason: String = ""

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isCancelled: Bool { cancelledAt != nil }
    public var isSeries: Bool { self.repeat != .none }
}

extension Meeting {
    /// Length and size limits of the event form, in characters.
    public enum Limits {
        public static let title = 150
        public static let description = 20_000
        public static let link = 2_000
        public static let place = 300
        public static let cancelReason = 500
        public static let capacity = 1...100_000
    }

    /// The schedule this event's dates follow.
    public var schedule: MeetingSchedule? {
        guard let zone = TimeZone(identifier: timeZone), let date = LocalDate(startDate),
              let start = LocalTime(startTime), let end = LocalTime(endTime) else { return nil }
        return MeetingSchedule(timeZone: zone, startDate: date, startTime: start, endTime: end, repeat: self.repeat,
                               interval: interval, until: untilDate.flatMap(LocalDate.init), count: count)
    }
}

extension Meeting {
    /// Read by column name, not through `Codable` (see `User.init(row:)`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        communityId = try row.decode(forColumn: "community_id")
        authorId = try row.decode(forColumn: "author_id")
        title = try row.decode(forColumn: "title")
        kind = try row.decode(forColumn: "kind")
        description = try row.decode(forColumn: "description")
        descriptionHtml = try row.decode(forColumn: "description_html")
        audience = try row.decode(forColumn: "audience")
        timeZone = try row.decode(forColumn: "time_zone")
        startDate = try row.decode(forColumn: "start_date")
        startTime = try row.decode(forColumn: "start_time")
        endTime = try row.decode(forColumn: "end_time")
        link = try row.decode(forColumn: "link")
        place = try row.decode(forColumn: "place")
        capacity = try row.decode(forColumn: "capacity")
        self.repeat = try row.decode(forColumn: "repeat")
        interval = try row.decode(forColumn: "interval")
        untilDate = try row.decode(forColumn: "until_date")
        count = try row.decode(forColumn: "count")
        allowsAnonymousQuestions = try row.decode(forColumn: "allows_anonymous_questions")
        sequence = try row.decode(forColumn: "sequence")
        splitFromId = try row.decode(forColumn: "split_from_id")
        createdAt = try row.storedDate("created_at")
        updatedAt = try row.storedDate("updated_at")
        cancelledAt = try row.storedDateIfPresent("cancelled_at")
        cancelReason = try row.decode(forColumn: "cancel_reason")
    }
}

extension Meeting.Kind: DatabaseValueConvertible {}
extension Meeting.Audience: DatabaseValueConvertible {}
extension Meeting.Repeat: DatabaseValueConvertible {}
