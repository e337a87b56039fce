import Foundation
import GRDB

/// Events: scheduling one with all its dates in one transaction, and reading an event with its occurrences.
extension AppDatabase {
    /// Stores a new event and its occurrences (from its `MeetingSchedule`), together or not at all.
    public func createMeeting(_ meeting: Meeting, occurrences: [MeetingSchedule.Occurrence],
                              checking check: WriteCheck) async throws -> Meeting {
        try await write(checking: check) { db in
            var meeting = meeting
            try meeting.insert(db)
            try Self.insertOccurrences(db, meetingID: meeting.id!, occurrences)
            try Self.meetingChanged(db, MeetingChange(kind: .created, meetingID: meeting.id!, actorID: meeting.authorId, at: meeting.createdAt))
            return meeting
        }
    }

    /// Inserts one occurrence row per date.
    static func insertOccurrences(_ db: Database, meetingID: Int64, _ occurrences: [MeetingSchedule.Occurrence]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO meeting_occurrence (meeting_id, local_date, starts_at, ends_at) VALUES (?, ?, ?, ?)
            """)
        for occurrence in occurrences {
            try statement.execute(arguments: [meetingID, occurrence.localDate.description, occurrence.startsAt, occurrence.endsAt])
        }
    }

    /// An event by id.
    public func meeting(id: Int64) async throws -> Meeting? {
        try await reader.read { db in try Meeting.fetchOne(db, cached: "SELECT * FROM meeting WHERE id = ?", [id]) }
    }

    /// Every occurrence of an event, in date order.
    public func occurrences(meetingID: Int64) async throws -> [MeetingOccurrence] {
        try await reader.read { db in
            try MeetingOccurrence.fetchAll(db, cached: "SELECT * FROM meeting_occurrence WHERE meeting_id = ? ORDER BY local_date", [meetingID])
        }
    }

    /// One occurrence of an event by its original local date (`?on=`).
    public func occurrence(meetingID: Int64, localDate: String) async throws -> MeetingOccurrence? {
        try await reader.read { db in
            try MeetingOccurrence.fetchOne(db, cached: "SELECT * FROM meeting_occurrence WHERE meeting_id = ? AND local_date = ?",
                                           [meetingID, localDate])
        }
    }

    /// Whether `userID` answered going or maybe (waitlisted included) to any date of event `meetingID`: for a public
    /// event, what lets someone who is not a member see its link (`Guardian.canSeeLink`).
    public func hasAttendingRSVP(userID: Int64?, meetingID: Int64) async throws -> Bool {
        guard let userID else { return false }
        return try await reader.read { db in try Self.hasAttendingRSVP(db, userID: userID, meetingID: meetingID) }
    }

    static func hasAttendingRSVP(_ db: Database, userID: Int64, meetingID: Int64) throws -> Bool {
        try Bool.fetchOne(db, cached: """
            SELECT EXISTS (SELECT 1 FROM meeting_rsvp r JOIN meeting_occurrence o ON o.id = r.occurrence_id
                           WHERE o.meeting_id = ? AND r.user_id = ? AND r.response IN ('going', 'maybe'))
            """, [meetingID, userID]) ?? false
    }

    /// Of the events `meetingIDs`, those `userID` answered going or maybe to (for lists deciding each event's link).
    public func meetingsWithAttendingRSVP(userID: Int64?, among meetingIDs: some Collection<Int64>) async throws -> Set<Int64> {
        guard let userID, !meetingIDs.isEmpty else { return [] }
        let ids = Array(meetingIDs)
        return try await reader.read { db in
            Set(try Int64.fetchAll(db, cachedSQL: """
                SELECT DISTINCT o.meeting_id FROM meeting_rsvp r JOIN meeting_occurrence o ON o.id = r.occurrence_id
                WHERE r.user_id = \(userID) AND r.response IN ('going', 'maybe') AND o.meeting_id IN \(ids)
                """))
        }
    }
}

extension AppDatabase {
    /// Of the dates `occurrenceIDs`, those where `userID` holds a place (going, not waitlisted): what shows them the
    /// link of a date with a capacity (`Guardian.canSeeLink`).
    public func occurrencesWithPlace(userID: Int64?, among occurrenceIDs: some Collection<Int64>) async throws -> Set<Int64> {
        guard let userID, !occurrenceIDs.isEmpty else { return [] }
        let ids = Array(occurrenceIDs)
        return try await reader.read { db in
            Set(try Int64.fetchAll(db, cachedSQL: """
                SELECT occurrence_id FROM meeting_rsvp
                WHERE user_id = \(userID) AND response = 'going' AND NOT waitlisted AND occurrence_id IN \(ids)
                """))
        }
    }

    /// The series that continues `meetingID` after an edit "from this date on", if any.
    public func continuation(of meetingID: Int64) async throws -> Meeting? {
        try await reader.read { db in
            try Meeting.fetchOne(db, cached: "SELECT * FROM meeting WHERE split_from_id = ? ORDER BY id LIMIT 1", [meetingID])
        }
    }
}
