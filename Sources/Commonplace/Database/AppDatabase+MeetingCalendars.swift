import Foundation
import GRDB

/// An event with every date it has, as calendars (iCalendar files and feeds) read it.
public struct MeetingWithDates: Sendable {
    public var meeting: Meeting
    public var occurrences: [MeetingOccurrence]
}

/// Reading events for calendars: two statements per calendar (the events, then all their dates).
extension AppDatabase {
    /// Events of the communities `visible` admits (an SQL condition on the table `community`, from
    /// `Guardian.visibleMeetingSQL`), only `communityID`'s when given, that have a date ending after `since`: at most
    /// `limit`, in order of their first date, each with every date it has (cancelled ones too).
    func calendarMeetings(communityID: Int64?, visible: SQL, since: Date, limit: Int) async throws -> [MeetingWithDates] {
        try await reader.read { db in
            var conditions: [SQL] = [visible, "community.merged_into_id IS NULL",
                                     "EXISTS (SELECT 1 FROM meeting_occurrence o WHERE o.meeting_id = m.id AND o.ends_at > \(since))"]
            if let communityID { conditions.append("m.community_id = \(communityID)") }
            let meetings = try Meeting.fetchAll(db, SQLRequest(literal: """
                SELECT m.* FROM meeting m JOIN community ON community.id = m.community_id
                WHERE \(conditions.joined(operator: .and))
                ORDER BY m.start_date, m.id LIMIT \(limit)
                """))
            return try Self.withDates(db, meetings)
        }
    }

    /// Event `id` followed by the events that continue it (edits "from this date on" split a series), each with its
    /// dates; empty when there is no such event.
    func calendarMeetingChain(id: Int64) async throws -> [MeetingWithDates] {
        try await reader.read { db in
            let meetings = try Meeting.fetchAll(db, sql: """
                WITH RECURSIVE chain(id, depth) AS (
                  SELECT id, 0 FROM meeting WHERE id = ?
                  UNION SELECT m.id, chain.depth + 1 FROM meeting m JOIN chain ON m.split_from_id = chain.id WHERE chain.depth < ?
                )
                SELECT meeting.* FROM meeting JOIN chain ON chain.id = meeting.id ORDER BY chain.depth, meeting.id
                """, arguments: [id, MeetingCalendar.maxContinuations])
            return try Self.withDates(db, meetings)
        }
    }

    /// `meetings` with their dates, read in one statement.
    private static func withDates(_ db: Database, _ meetings: [Meeting]) throws -> [MeetingWithDates] {
        guard !meetings.isEmpty else { return [] }
        let ids = meetings.map { $0.id! }
        let rows = try MeetingOccurrence.fetchAll(db, SQLRequest(literal: """
            SELECT * FROM meeting_occurrence WHERE meeting_id IN \(ids) ORDER BY meeting_id, local_date
            """))
        let byMeeting = Dictionary(grouping: rows, by: \.meetingId)
        return meetings.map { MeetingWithDates(meeting: $0, occurrences: byMeeting[$0.id!] ?? []) }
    }
}
