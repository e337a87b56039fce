import Foundation
import GRDB

/// A date on which fewer places than those already going would leave some of them without one.
public struct CapacityOverflow: Sendable, Equatable {
    public var localDate: String
    public var startsAt: Date
    /// How many are going with a place now.
    public var going: Int
    /// The display names of those who would move to the waitlist: the last to have answered going.
    public var names: [String]

    /// "Tue 9 Dec: Ada Lovelace and Grace Hopper" style list of `overflows`, for the edit form and the refusal.
    public static func message(_ overflows: [CapacityOverflow], capacity: Int) -> String {
        let dates = overflows.prefix(3).map { overflow in
            "on \(RSVPText.day(overflow.localDate)) \(overflow.going) are going, "
                + "so \(RSVPText.list(overflow.names)) would move to the waitlist"
        }
        let more = overflows.count > 3 ? " (and on \(overflows.count - 3) more date\(overflows.count == 4 ? "" : "s"))" : ""
        return "The capacity cannot be \(capacity): \(dates.joined(separator: "; "))\(more). "
            + "Raise the capacity, or ask members to change their answers first."
    }
}

/// What an edit or cancellation of an event means for those who answered: capacity may not drop below who is going,
/// a raised capacity gives places to the waitlist, and those who answered hear of changed and cancelled dates. All of
/// it inside the edit's own transaction (`meetingChanged`).
extension AppDatabase {
    /// Who would move to the waitlist if event `meetingID` had `capacity` places, on each date still to come (from
    /// `fromDate` on, when given): for the edit form to name them and refuse. Empty when nobody would.
    public func attendeesBeyondCapacity(meetingID: Int64, capacity: Int?, fromDate: String? = nil, now: Date) async throws -> [CapacityOverflow] {
        try await reader.read { db in try Self.capacityOverflows(db, meetingID: meetingID, capacity: capacity, fromDate: fromDate, now: now) }
    }

    static func capacityOverflows(_ db: Database, meetingID: Int64, capacity: Int?, fromDate: String?, now: Date) throws -> [CapacityOverflow] {
        guard let capacity else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT o.local_date, o.starts_at, u.display_name, ROW_NUMBER() OVER w AS place, COUNT(*) OVER (PARTITION BY o.id) AS going
            FROM meeting_occurrence o
            JOIN meeting_rsvp r ON r.occurrence_id = o.id AND r.response = 'going' AND NOT r.waitlisted
            JOIN user u ON u.id = r.user_id
            WHERE o.meeting_id = ? AND o.cancelled_at IS NULL AND o.ends_at > ? AND o.local_date >= ?
            WINDOW w AS (PARTITION BY o.id ORDER BY r.responded_at, r.user_id)
            ORDER BY o.starts_at, place
            """, arguments: [meetingID, now, fromDate ?? ""])
        var overflows: [CapacityOverflow] = []
        for row in rows where (row["place"] as Int) > capacity {
            let date: String = row["local_date"]
            if overflows.last?.localDate != date {
                overflows.append(CapacityOverflow(localDate: date, startsAt: try row.storedDate("starts_at"), going: row["going"], names: []))
            }
            overflows[overflows.count - 1].names.append(row["display_name"])
        }
        return overflows
    }

    /// The RSVP part of `meetingChanged`: refuses a capacity below who is going (the edit rolls back), fills places
    /// a raised capacity opened, and records what those who answered must hear of.
    static func rsvpMeetingChanged(_ db: Database, _ change: MeetingChange) throws {
        guard change.kind != .created else { return }
        for meetingID in [change.meetingID] + (change.continuedBy.map { [$0] } ?? []) {
            guard let meeting = try Meeting.fetchOne(db, cached: "SELECT * FROM meeting WHERE id = ?", [meetingID]) else { continue }
            if let capacity = meeting.capacity {
                let overflows = try capacityOverflows(db, meetingID: meetingID, capacity: capacity, fromDate: nil, now: change.at)
                if !overflows.isEmpty { throw AppError.badRequest(CapacityOverflow.message(overflows, capacity: capacity)) }
            }
            let waiting = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT o.id FROM meeting_occurrence o JOIN meeting_rsvp r ON r.occurrence_id = o.id AND r.waitlisted
                WHERE o.meeting_id = ? AND o.cancelled_at IS NULL AND o.ends_at > ?
                """, arguments: [meetingID, change.at])
            for occurrenceID in waiting {
                try promoteFromWaitlist(db, occurrenceID: occurrenceID, capacity: meeting.capacity, communityID: meeting.communityId,
                                        actorID: change.actorID, now: change.at)
            }
        }
        guard let communityID = try Int64.fetchOne(db, cached: "SELECT community_id FROM meeting WHERE id = ?", [change.meetingID]) else { return }
        let rescheduled = change.rescheduled.filter { !change.cancelled.contains($0) }
        if !rescheduled.isEmpty {
            try record(db, Event(kind: .meetingRescheduled, actorID: change.actorID, communityID: communityID,
                                 detail: EventDetail(occurrences: rescheduled), createdAt: change.at))
        }
        if !change.cancelled.isEmpty {
            try record(db, Event(kind: .meetingCancelled, actorID: change.actorID, communityID: communityID,
                                 detail: EventDetail(occurrences: change.cancelled), createdAt: change.at))
        }
    }
}
