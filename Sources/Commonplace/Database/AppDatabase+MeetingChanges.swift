import Foundation
import GRDB

/// What a change to an event did, as its write transaction knows it: the seam where work that must happen with the
/// change (telling those who RSVPed, raising calendars' SEQUENCE) records its rows, in the same transaction.
public struct MeetingChange: Sendable, Equatable {
    public enum Kind: String, Sendable { case created, edited, cancelled }

    public var kind: Kind
    public var meetingID: Int64
    /// Occurrences whose start, end, link or place changed (still listed).
    public var rescheduled: [Int64] = []
    /// Occurrences cancelled by this change (one date, the dates to come of a series, or dates dropped from a schedule
    /// that someone had answered; dropped dates nobody answered are deleted).
    public var cancelled: [Int64] = []
    /// The series created by "edit from this date on", which took over the dates from then on.
    public var continuedBy: Int64? = nil
    public var actorID: Int64?
    public var at: Date

    public init(kind: Kind, meetingID: Int64, actorID: Int64?, at: Date) {
        self.kind = kind
        self.meetingID = meetingID
        self.actorID = actorID
        self.at = at
    }
}

extension AppDatabase {
    /// Called inside every transaction that creates, edits or cancels an event, after its rows are written: the
    /// place for what must be recorded with the change (the RSVP part's notifications of a change of time or place,
    /// and of a cancellation, to those who answered).
    static func meetingChanged(_ db: Database, _ change: MeetingChange) throws {
        try rsvpMeetingChanged(db, change)
    }
}
