import Foundation
import GRDB

/// One date of a meeting (the only one of a single event): when it starts and ends as UTC instants, what this
/// occurrence changes from its series, whether it was cancelled, and its record afterwards.
public struct MeetingOccurrence: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "meeting_occurrence"

    public var id: Int64?
    public var meetingId: Int64
    /// The occurrence's original date in the event's zone (YYYY-MM-DD): its key in `?on=` and its iCalendar
    /// RECURRENCE-ID, unchanged when the occurrence is moved.
    public var localDate: String
    /// When it starts and ends (after any change to this occurrence alone).
    public var startsAt: Date
    public var endsAt: Date
    /// Changes to this occurrence alone (nil: as the series has it).
    public var title: String? = nil
    public var movedToDate: String? = nil
    public var startTime: String? = nil
    public var endTime: String? = nil
    public var link: String? = nil
    public var place: String? = nil
    public var isModified: Bool = false
    /// Raised on every change to this occurrence alone (iCalendar SEQUENCE of its override).
    public var sequence: Int = 0
    public var cancelledAt: Date? = nil
    public var cancelReason: String = ""
    /// The record: notes or minutes (Markdown, and HTML rendered once), the recording, its discussion thread.
    public var notes: String = ""
    public var notesHtml: String = ""
    public var recordingUrl: String = ""
    public var discussionId: Int64? = nil
    public var recordUpdatedAt: Date? = nil

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isCancelled: Bool { cancelledAt != nil }

    /// The date it takes place on, in the event's zone (moved or original).
    public var effectiveDate: String { movedToDate ?? localDate }
}

extension MeetingOccurrence {
    /// Read by column name, not through `Codable` (see `User.init(row:)`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        meetingId = try row.decode(forColumn: "meeting_id")
        localDate = try row.decode(forColumn: "local_date")
        startsAt = try row.storedDate("starts_at")
        endsAt = try row.storedDate("ends_at")
        title = try row.decode(forColumn: "title")
        movedToDate = try row.decode(forColumn: "moved_to_date")
        startTime = try row.decode(forColumn: "start_time")
        endTime = try row.decode(forColumn: "end_time")
        link = try row.decode(forColumn: "link")
        place = try row.decode(forColumn: "place")
        isModified = try row.decode(forColumn: "is_modified")
        sequence = try row.decode(forColumn: "sequence")
        cancelledAt = try row.storedDateIfPresent("cancelled_at")
        cancelReason = try row.decode(forColumn: "cancel_reason")
        notes = try row.decode(forColumn: "notes")
        notesHtml = try row.decode(forColumn: "notes_html")
        recordingUrl = try row.decode(forColumn: "recording_url")
        discussionId = try row.decode(forColumn: "discussion_id")
        recordUpdatedAt = try row.storedDateIfPresent("record_updated_at")
    }
}

/// An occurrence with its meeting: what the event page, lists and calendars show. Title, link and place are the
/// occurrence's own when it changed them, the series' otherwise.
public struct MeetingDate: Sendable, Equatable {
    public var meeting: Meeting
    public var occurrence: MeetingOccurrence

    public init(meeting: Meeting, occurrence: MeetingOccurrence) {
        self.meeting = meeting
        self.occurrence = occurrence
    }

    public var title: String { occurrence.title ?? meeting.title }
    public var link: String { occurrence.link ?? meeting.link }
    public var place: String { occurrence.place ?? meeting.place }
    /// Cancelled on its own, or with the rest of its series (cancelling a series cancels the dates to come; those
    /// that took place stay as they were).
    public var isCancelled: Bool { occurrence.isCancelled }
    public var cancelReason: String { occurrence.cancelReason }
}
