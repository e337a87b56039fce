import Foundation
import GRDB

/// What a list of events asks for: dates from `from` (an end after it) to `to` (a start before it), of one community
/// or kind, at most `limit`.
public struct MeetingListFilter: Sendable {
    public var communityID: Int64?
    public var kind: Meeting.Kind?
    public var from: Date
    public var to: Date?
    public var limit: Int

    public init(communityID: Int64? = nil, kind: Meeting.Kind? = nil, from: Date, to: Date? = nil, limit: Int) {
        self.communityID = communityID
        self.kind = kind
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// Lists of event dates, each with its event: upcoming across the communities a visitor may see, a community's past
/// ones, a member's answered ones, each community's next. Two statements per list (the dates, then their events).
extension AppDatabase {
    /// Dates in `filter`'s window, in start order, of events in the communities `visible` admits (an SQL condition on
    /// the table `community`, from `Guardian.visibleMeetingSQL`). Cancelled dates are included (lists mark them).
    func meetingDates(_ filter: MeetingListFilter, visible: SQL) async throws -> [MeetingDate] {
        try await reader.read { db in try Self.meetingDates(db, filter, visible: visible) }
    }

    /// `meetingDates(_:visible:)` inside a read the caller holds (the member's home reads it with its other lists).
    static func meetingDates(_ db: Database, _ filter: MeetingListFilter, visible: SQL) throws -> [MeetingDate] {
        var conditions: [SQL] = ["o.ends_at > \(filter.from)", visible, "community.merged_into_id IS NULL"]
        if let to = filter.to { conditions.append("o.starts_at < \(to)") }
        if let id = filter.communityID { conditions.append("m.community_id = \(id)") }
        if let kind = filter.kind { conditions.append("m.kind = \(kind.rawValue)") }
        let occurrences = try MeetingOccurrence.fetchAll(db, cachedSQL: """
            SELECT o.* FROM meeting_occurrence o
            JOIN meeting m ON m.id = o.meeting_id JOIN community ON community.id = m.community_id
            WHERE \(conditions.joined(operator: .and))
            ORDER BY o.starts_at, o.id LIMIT \(filter.limit)
            """)
        return try Self.withMeetings(db, occurrences)
    }

    /// A community's dates that have ended, newest first.
    public func pastMeetingDates(communityID: Int64, before now: Date, limit: Int) async throws -> [MeetingDate] {
        try await reader.read { db in
            let occurrences = try MeetingOccurrence.fetchAll(db, sql: """
                SELECT o.* FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
                WHERE m.community_id = ? AND o.ends_at <= ? ORDER BY o.starts_at DESC, o.id DESC LIMIT ?
                """, arguments: [communityID, now, limit])
            return try Self.withMeetings(db, occurrences)
        }
    }

    /// The dates `userID` answered, with the answer, in start order, of events in communities `visible` admits.
    func answeredMeetingDates(userID: Int64, visible: SQL) async throws -> [(date: MeetingDate, rsvp: MeetingRSVP)] {
        try await reader.read { db in
            let rsvps = try MeetingRSVP.fetchAll(db, SQLRequest(literal: """
                SELECT r.* FROM meeting_rsvp r
                JOIN meeting_occurrence o ON o.id = r.occurrence_id JOIN meeting m ON m.id = o.meeting_id
                JOIN community ON community.id = m.community_id
                WHERE r.user_id = \(userID) AND \(visible) AND community.merged_into_id IS NULL
                ORDER BY o.starts_at
                """))
            let occurrences = try MeetingOccurrence.fetchAll(db, keys: rsvps.map(\.occurrenceId))
            let dates = Dictionary(uniqueKeysWithValues: try Self.withMeetings(db, occurrences).map { ($0.occurrence.id!, $0) })
            return rsvps.compactMap { rsvp in dates[rsvp.occurrenceId].map { ($0, rsvp) } }
        }
    }

    /// For each of `communityIDs`, its next date that is not cancelled (of an event not cancelled).
    public func nextMeetingDates(communityIDs: [Int64], now: Date) async throws -> [Int64: MeetingDate] {
        guard !communityIDs.isEmpty else { return [:] }
        return try await reader.read { db in
            let occurrences = try MeetingOccurrence.fetchAll(db, SQLRequest(literal: """
                SELECT * FROM (
                  SELECT o.*, ROW_NUMBER() OVER (PARTITION BY m.community_id ORDER BY o.starts_at, o.id) AS rank
                  FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
                  WHERE o.ends_at > \(now) AND o.cancelled_at IS NULL AND m.cancelled_at IS NULL
                    AND m.community_id IN \(communityIDs)
                ) WHERE rank = 1
                """))
            return Dictionary(try Self.withMeetings(db, occurrences).map { ($0.meeting.communityId, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The events of `occurrences`, read in one statement, paired with each.
    static func withMeetings(_ db: Database, _ occurrences: [MeetingOccurrence]) throws -> [MeetingDate] {
        let ids = Array(Set(occurrences.map(\.meetingId)))
        guard !ids.isEmpty else { return [] }
        let meetings = Dictionary(uniqueKeysWithValues: try Meeting.fetchAll(db, cached: "SELECT * FROM meeting WHERE id IN (SELECT value FROM json_each(?))", [jsonArray(ids)]).map { ($0.id!, $0) })
        return occurrences.compactMap { o in meetings[o.meetingId].map { MeetingDate(meeting: $0, occurrence: o) } }
    }

    /// How many answered going (not waitlisted) and maybe to one date.
    public func rsvpCounts(occurrenceID: Int64) async throws -> (going: Int, maybe: Int) {
        try await reader.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(response = 'going' AND NOT waitlisted), 0), COALESCE(SUM(response = 'maybe'), 0)
                FROM meeting_rsvp WHERE occurrence_id = ?
                """, arguments: [occurrenceID])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }
}
