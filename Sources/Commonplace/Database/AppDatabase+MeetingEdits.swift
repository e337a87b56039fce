import Foundation
import GRDB

/// What changes for one date only (nil: as the series has it).
public struct OccurrenceOverride: Sendable, Equatable {
    public var title: String?
    public var movedToDate: String?
    public var startTime: String?
    public var endTime: String?
    public var link: String?
    public var place: String?

    public init(title: String? = nil, movedToDate: String? = nil, startTime: String? = nil, endTime: String? = nil,
                link: String? = nil, place: String? = nil) {
        self.title = title
        self.movedToDate = movedToDate
        self.startTime = startTime
        self.endTime = endTime
        self.link = link
        self.place = place
    }

    public var isEmpty: Bool { self == OccurrenceOverride() }
}

/// Editing events: the whole series, one date, the series from a date on. Each is one transaction that takes the
/// moderator rule again, raises SEQUENCE, and reports what it did (`MeetingChange`) to `meetingChanged`.
extension AppDatabase {
    /// Saves `meeting` (every field, its schedule too) and brings its dates in line with `occurrences`: kept dates get
    /// the new times (dates changed on their own keep theirs), new dates are added, and dropped dates are deleted, or
    /// cancelled when someone had answered or anything was recorded on them.
    public func updateMeetingSeries(_ meeting: Meeting, occurrences: [MeetingSchedule.Occurrence], now: Date,
                                    checking check: WriteCheck) async throws -> MeetingChange {
        try await write(checking: check) { db in
            let before = try CheckedRows.meeting(db, id: meeting.id!).meeting
            var meeting = meeting
            meeting.sequence = before.sequence + 1
            meeting.updatedAt = now
            try meeting.update(db)
            var change = MeetingChange(kind: .edited, meetingID: meeting.id!, actorID: check.actorID, at: now)
            let placeChanged = before.link != meeting.link || before.place != meeting.place
            try Self.reconcile(db, meeting: meeting, existing: Self.occurrenceRows(db, meetingID: meeting.id!),
                               with: occurrences, placeChanged: placeChanged, now: now, change: &change)
            try Self.meetingChanged(db, change)
            return change
        }
    }

    /// Splits a series at `date`: the original ends the day before, and `continuation` (a new event naming the
    /// original in `splitFromId`) takes over from `date` with its own schedule. Dates the continuation keeps move to
    /// it with their answers and records. Returns the continuation.
    public func splitMeetingSeries(id: Int64, at date: LocalDate, continuation: Meeting,
                                   occurrences: [MeetingSchedule.Occurrence], now: Date,
                                   checking check: WriteCheck) async throws -> (meeting: Meeting, change: MeetingChange) {
        try await write(checking: check) { db in
            var original = try CheckedRows.meeting(db, id: id).meeting
            original.untilDate = date.adding(days: -1).description
            original.count = nil
            original.sequence += 1
            original.updatedAt = now
            try original.update(db)
            var next = continuation
            next.id = nil
            next.splitFromId = id
            next.createdAt = now
            next.updatedAt = now
            next.sequence = 0
            try next.insert(db)
            var change = MeetingChange(kind: .edited, meetingID: id, actorID: check.actorID, at: now)
            change.continuedBy = next.id
            let later = try Self.occurrenceRows(db, meetingID: id).filter { $0.localDate >= date.description }
            let placeChanged = original.link != next.link || original.place != next.place
            try Self.reconcile(db, meeting: next, existing: later, with: occurrences, placeChanged: placeChanged, now: now,
                               change: &change)
            try Self.meetingChanged(db, change)
            return (next, change)
        }
    }

    /// Changes one date only: its title, date, times, link or place (an empty override puts it back as the series).
    public func updateOccurrence(meetingID: Int64, localDate: String, override: OccurrenceOverride, now: Date,
                                 checking check: WriteCheck) async throws -> MeetingChange {
        try await write(checking: check) { db in
            let meeting = try CheckedRows.meeting(db, id: meetingID).meeting
            guard var occurrence = try Self.occurrenceRow(db, meetingID: meetingID, localDate: localDate),
                  let schedule = meeting.schedule else { throw AppError.notFound }
            let before = occurrence
            occurrence.title = override.title
            occurrence.movedToDate = override.movedToDate
            occurrence.startTime = override.startTime
            occurrence.endTime = override.endTime
            occurrence.link = override.link
            occurrence.place = override.place
            occurrence.isModified = !override.isEmpty
            (occurrence.startsAt, occurrence.endsAt) = Self.instants(of: occurrence, schedule: schedule)
            occurrence.sequence += 1
            try occurrence.update(db)
            try db.execute(sql: "UPDATE meeting SET updated_at = ? WHERE id = ?", arguments: [now, meetingID])
            var change = MeetingChange(kind: .edited, meetingID: meetingID, actorID: check.actorID, at: now)
            if before.startsAt != occurrence.startsAt || before.endsAt != occurrence.endsAt
                || MeetingDate(meeting: meeting, occurrence: before).link != MeetingDate(meeting: meeting, occurrence: occurrence).link
                || MeetingDate(meeting: meeting, occurrence: before).place != MeetingDate(meeting: meeting, occurrence: occurrence).place {
                change.rescheduled = [occurrence.id!]
            }
            try Self.meetingChanged(db, change)
            return change
        }
    }

    /// Cancels one date (it stays listed, marked cancelled with the reason).
    public func cancelOccurrence(meetingID: Int64, localDate: String, reason: String, now: Date,
                                 checking check: WriteCheck) async throws -> MeetingChange {
        try await write(checking: check) { db in
            guard var occurrence = try Self.occurrenceRow(db, meetingID: meetingID, localDate: localDate) else { throw AppError.notFound }
            if occurrence.isCancelled { throw AppError.conflict("This date was already cancelled.") }
            if occurrence.endsAt <= now { throw AppError.conflict("This date has already taken place: it cannot be cancelled.") }
            occurrence.cancelledAt = now
            occurrence.cancelReason = reason
            occurrence.sequence += 1
            try occurrence.update(db)
            // The series' calendar entry changes too (one more excluded date).
            try db.execute(sql: "UPDATE meeting SET sequence = sequence + 1, updated_at = ? WHERE id = ?", arguments: [now, meetingID])
            var change = MeetingChange(kind: .cancelled, meetingID: meetingID, actorID: check.actorID, at: now)
            change.cancelled = [occurrence.id!]
            try Self.meetingChanged(db, change)
            return change
        }
    }

    /// Cancels a whole event: every date still to come is cancelled with the reason; dates that took place stay.
    public func cancelMeeting(id: Int64, reason: String, now: Date, checking check: WriteCheck) async throws -> MeetingChange {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE meeting SET cancelled_at = ?, cancel_reason = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?",
                           arguments: [now, reason, now, id])
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM meeting_occurrence WHERE meeting_id = ? AND cancelled_at IS NULL AND ends_at > ? ORDER BY local_date
                """, arguments: [id, now])
            for occurrenceID in ids {
                try db.execute(sql: """
                    UPDATE meeting_occurrence SET cancelled_at = ?, cancel_reason = ?, sequence = sequence + 1 WHERE id = ?
                    """, arguments: [now, reason, occurrenceID])
            }
            var change = MeetingChange(kind: .cancelled, meetingID: id, actorID: check.actorID, at: now)
            change.cancelled = ids
            try Self.meetingChanged(db, change)
            return change
        }
    }

    // MARK: - Rows

    static func occurrenceRows(_ db: Database, meetingID: Int64) throws -> [MeetingOccurrence] {
        try MeetingOccurrence.fetchAll(db, cached: "SELECT * FROM meeting_occurrence WHERE meeting_id = ? ORDER BY local_date", [meetingID])
    }

    static func occurrenceRow(_ db: Database, meetingID: Int64, localDate: String) throws -> MeetingOccurrence? {
        try MeetingOccurrence.fetchOne(db, cached: "SELECT * FROM meeting_occurrence WHERE meeting_id = ? AND local_date = ?",
                                       [meetingID, localDate])
    }

    /// The start and end of an occurrence: its own date and times where it has them, the series' otherwise.
    static func instants(of occurrence: MeetingOccurrence, schedule: MeetingSchedule) -> (Date, Date) {
        let date = LocalDate(occurrence.effectiveDate) ?? LocalDate(occurrence.localDate)!
        return schedule.instants(on: date, start: occurrence.startTime.flatMap(LocalTime.init),
                                 end: occurrence.endTime.flatMap(LocalTime.init))
    }

    /// Brings `existing` (rows of any event) in line with `meeting`'s new dates: rows move to `meeting`, take its
    /// times, and are added or dropped (see `updateMeetingSeries`). Past dates that took place are never cancelled.
    /// Added dates take the answers members gave for every date to come (`inheritSeriesAnswers`).
    static func reconcile(_ db: Database, meeting: Meeting, existing: [MeetingOccurrence], with occurrences: [MeetingSchedule.Occurrence],
                          placeChanged: Bool, now: Date, change: inout MeetingChange) throws {
        guard let schedule = meeting.schedule else { return }
        let inherited = try Self.seriesAnswers(db, rows: existing)
        let wanted = Dictionary(uniqueKeysWithValues: occurrences.map { ($0.localDate.description, $0) })
        var kept = Set<String>()
        for var row in existing {
            if wanted[row.localDate] != nil {
                kept.insert(row.localDate)
                let before = (row.startsAt, row.endsAt, row.meetingId)
                row.meetingId = meeting.id!
                (row.startsAt, row.endsAt) = instants(of: row, schedule: schedule)
                let moved = before.0 != row.startsAt || before.1 != row.endsAt
                if moved || before.2 != row.meetingId { row.sequence += 1 }
                if moved || before.2 != row.meetingId || placeChanged { try row.update(db) }
                if (moved || (placeChanged && row.link == nil)) && !row.isCancelled && row.endsAt > now { change.rescheduled.append(row.id!) }
            } else if try isAnsweredOrRecorded(db, row) {
                guard !row.isCancelled, row.endsAt > now else { continue }
                row.cancelledAt = now
                row.cancelReason = "No longer in the schedule."
                row.sequence += 1
                try row.update(db)
                change.cancelled.append(row.id!)
            } else {
                try row.delete(db)
            }
        }
        let added = occurrences.filter { !kept.contains($0.localDate.description) }
        try insertOccurrences(db, meetingID: meeting.id!, added)
        try inheritSeriesAnswers(db, meeting: meeting, localDates: added.map(\.localDate.description), answers: inherited, now: now)
    }

    /// Whether anyone answered a date, asked a question on it, or anything was recorded on it.
    static func isAnsweredOrRecorded(_ db: Database, _ row: MeetingOccurrence) throws -> Bool {
        if !row.notes.isEmpty || !row.recordingUrl.isEmpty || row.discussionId != nil { return true }
        return try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM meeting_rsvp WHERE occurrence_id = ?1)
                OR EXISTS (SELECT 1 FROM meeting_question WHERE occurrence_id = ?1)
                OR EXISTS (SELECT 1 FROM meeting_action_item WHERE occurrence_id = ?1)
                OR EXISTS (SELECT 1 FROM meeting_resource WHERE occurrence_id = ?1)
            """, arguments: [row.id!]) ?? false
    }
}
