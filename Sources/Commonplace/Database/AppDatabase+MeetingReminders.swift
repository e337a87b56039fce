import Foundation
import GRDB

/// How long before a date its reminder goes to those going.
public enum ReminderLead: String, Sendable, CaseIterable {
    case day, hour

    public var seconds: TimeInterval {
        switch self {
        case .day: 24 * 3600
        case .hour: 3600
        }
    }
}

/// Reminders: a step of the notification fan-out (`NotificationFanOut.runOnce`, woken by its timer) records each
/// reminder that has come due as a `meeting_reminder` row, unique per date, lead and start, with the event that
/// fans it out, in one transaction. Recording twice (two passes, or a pass again after a restart) records nothing
/// more; an event recorded but not yet fanned out when the server stops is fanned out after the restart, and whether
/// each recipient is still going, may still come, and the date is still as it was are asked then. A date moved to
/// another time is reminded of again for its new start. Within the last hour only the hour's reminder is recorded.
extension AppDatabase {
    /// Records the reminders due at `now`; returns how many.
    @discardableResult
    public func recordDueReminders(now: Date) async throws -> Int {
        let due = try await reader.read { db in try Self.dueReminders(db, now: now) }
        guard !due.isEmpty else { return 0 }
        return try await writer.write { db in
            var recorded = 0
            for reminder in due {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO meeting_reminder (occurrence_id, lead, starts_at, recorded_at) VALUES (?, ?, ?, ?)
                    """, arguments: [reminder.occurrenceID, reminder.lead.rawValue, reminder.startsAt, now])
                guard db.changesCount > 0 else { continue }
                try Self.record(db, Event(kind: .meetingReminder, actorID: nil, communityID: reminder.communityID,
                                     detail: EventDetail(occurrences: [reminder.occurrenceID], lead: reminder.lead.rawValue,
                                                         startsAt: reminder.startsAt), createdAt: now))
                recorded += 1
            }
            return recorded
        }
    }

    struct DueReminder {
        let occurrenceID: Int64
        let communityID: Int64
        let startsAt: Date
        let lead: ReminderLead
    }

    /// Dates starting within a day (not cancelled, someone going with a place) whose reminder for their lead now has
    /// not been recorded for their start.
    static func dueReminders(_ db: Database, now: Date) throws -> [DueReminder] {
        let hourAhead = now.addingTimeInterval(ReminderLead.hour.seconds)
        let rows = try Row.fetchAll(db, sql: """
            SELECT o.id, m.community_id, o.starts_at, CASE WHEN o.starts_at <= ?2 THEN 'hour' ELSE 'day' END AS lead
            FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
            WHERE o.starts_at > ?1 AND o.starts_at <= ?3 AND o.cancelled_at IS NULL AND m.cancelled_at IS NULL
              AND EXISTS (SELECT 1 FROM meeting_rsvp r WHERE r.occurrence_id = o.id AND r.response = 'going' AND NOT r.waitlisted)
              AND NOT EXISTS (SELECT 1 FROM meeting_reminder mr WHERE mr.occurrence_id = o.id AND mr.starts_at = o.starts_at
                              AND mr.lead = CASE WHEN o.starts_at <= ?2 THEN 'hour' ELSE 'day' END)
            ORDER BY o.starts_at
            """, arguments: [now, hourAhead, now.addingTimeInterval(ReminderLead.day.seconds)])
        return try rows.map { row in
            DueReminder(occurrenceID: row[0], communityID: row[1], startsAt: try row.storedDate(atIndex: 2),
                        lead: ReminderLead(rawValue: row[3]) ?? .day)
        }
    }
}
