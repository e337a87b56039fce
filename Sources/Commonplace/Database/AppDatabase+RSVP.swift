import Foundation
import GRDB

/// The dates an answer is for.
public enum RSVPScope: Sendable, Equatable {
    /// One date, by its original local date (`occurrence=YYYY-MM-DD`).
    case date(String)
    /// The next date still to come (no `occurrence`).
    case next
    /// Every date still to come (`occurrence=all`), leaving dates answered on their own as they are.
    case series
}

/// What an answer did.
public struct RSVPOutcome: Sendable, Equatable {
    /// The dates answered (original local dates), and of those the ones where "going" joined the waitlist.
    public var answered: [String] = []
    public var waitlisted: [String] = []
    /// Dates a series answer left alone, because they had been answered on their own.
    public var kept: [String] = []
    /// Members moved from a waitlist to going by this answer (someone gave up their place).
    public var promoted: [Int64] = []
}

/// Answering for event dates: one transaction per answer that takes the rule again, fills places up to the capacity
/// and waitlists the rest in order, and gives a freed place to the first on the waitlist (recording the event that
/// tells them). The single writer serialises answers, so counting the places inside the transaction cannot over-fill.
extension AppDatabase {
    /// Records `userID`'s answer for the dates of `scope`.
    public func answerRSVP(meetingID: Int64, userID: Int64, response: MeetingRSVP.Response, scope: RSVPScope, now: Date,
                           checking check: WriteCheck) async throws -> RSVPOutcome {
        try await write(checking: check) { db in
            let meeting = try CheckedRows.meeting(db, id: meetingID).meeting
            var outcome = RSVPOutcome()
            for occurrence in try Self.rsvpTargets(db, meeting: meeting, scope: scope, now: now) {
                try Self.setAnswer(db, occurrence: occurrence, capacity: meeting.capacity, communityID: meeting.communityId,
                                   userID: userID, response: response, bySeries: scope == .series, now: now, outcome: &outcome)
            }
            return outcome
        }
    }

    /// The dates an answer is for, each still open (400 for a date the event does not have; 409 for a cancelled or
    /// past one, or when no date is left).
    static func rsvpTargets(_ db: Database, meeting: Meeting, scope: RSVPScope, now: Date) throws -> [MeetingOccurrence] {
        switch scope {
        case .date(let localDate):
            guard let occurrence = try occurrenceRow(db, meetingID: meeting.id!, localDate: localDate) else {
                throw AppError.badRequest("“\(meeting.title)” has no date on \(localDate): choose one of its dates.")
            }
            try Guardian.ensureOpen(MeetingDate(meeting: meeting, occurrence: occurrence), now: now)
            return [occurrence]
        case .next, .series:
            let open = try MeetingOccurrence.fetchAll(db, sql: """
                SELECT * FROM meeting_occurrence WHERE meeting_id = ? AND cancelled_at IS NULL AND ends_at > ?
                ORDER BY starts_at \(scope == .next ? "LIMIT 1" : "")
                """, arguments: [meeting.id, now])
            if open.isEmpty { throw AppError.conflict("“\(meeting.title)” has no date still to come: there is nothing to answer.") }
            return open
        }
    }

    /// One date's answer. "Going" takes a place while there is one, else joins the end of the waitlist; answering
    /// going again keeps one's place (or position). Leaving a place frees it for the first on the waitlist. A series
    /// answer replaces only answers given by a series answer.
    static func setAnswer(_ db: Database, occurrence: MeetingOccurrence, capacity: Int?, communityID: Int64, userID: Int64,
                          response: MeetingRSVP.Response, bySeries: Bool, now: Date, outcome: inout RSVPOutcome) throws {
        let existing = try MeetingRSVP.fetchOne(db, sql: "SELECT * FROM meeting_rsvp WHERE occurrence_id = ? AND user_id = ?",
                                                arguments: [occurrence.id, userID])
        if bySeries, let existing, !existing.bySeries {
            outcome.kept.append(occurrence.localDate)
            return
        }
        var rsvp = existing ?? MeetingRSVP(occurrenceId: occurrence.id!, userId: userID, response: response, respondedAt: now)
        let heldPlace = existing.map { $0.response == .going && !$0.waitlisted } ?? false
        if response != existing?.response {
            rsvp.respondedAt = now
            rsvp.waitlisted = false
            if response == .going, let capacity { rsvp.waitlisted = try seatedCount(db, occurrenceID: occurrence.id!) >= capacity }
        }
        rsvp.response = response
        rsvp.bySeries = bySeries
        try db.cachedStatement(sql: """
            INSERT INTO meeting_rsvp (occurrence_id, user_id, response, waitlisted, responded_at, by_series) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (occurrence_id, user_id) DO UPDATE SET response = excluded.response, waitlisted = excluded.waitlisted,
              responded_at = excluded.responded_at, by_series = excluded.by_series
            """).execute(arguments: [rsvp.occurrenceId, rsvp.userId, rsvp.response.rawValue, rsvp.waitlisted, rsvp.respondedAt, rsvp.bySeries])
        outcome.answered.append(occurrence.localDate)
        if rsvp.waitlisted { outcome.waitlisted.append(occurrence.localDate) }
        if heldPlace && response != .going {
            outcome.promoted += try promoteFromWaitlist(db, occurrenceID: occurrence.id!, capacity: capacity,
                                                        communityID: communityID, actorID: userID, now: now)
        }
    }

    /// How many are going with a place (not waitlisted) to a date.
    static func seatedCount(_ db: Database, occurrenceID: Int64) throws -> Int {
        try Int.fetchOne(db, cached: """
            SELECT COUNT(*) FROM meeting_rsvp WHERE occurrence_id = ? AND response = 'going' AND NOT waitlisted
            """, [occurrenceID]) ?? 0
    }

    /// Gives the free places of a date (all of them with no capacity) to the first on its waitlist, in the order they
    /// answered, and records for each the event that tells them. Returns who moved.
    @discardableResult
    static func promoteFromWaitlist(_ db: Database, occurrenceID: Int64, capacity: Int?, communityID: Int64, actorID: Int64?,
                                    now: Date) throws -> [Int64] {
        var free = Int(Int32.max)
        if let capacity { free = capacity - (try seatedCount(db, occurrenceID: occurrenceID)) }
        guard free > 0 else { return [] }
        let promoted = try Int64.fetchAll(db, sql: """
            SELECT user_id FROM meeting_rsvp WHERE occurrence_id = ? AND response = 'going' AND waitlisted
            ORDER BY responded_at, user_id LIMIT ?
            """, arguments: [occurrenceID, free])
        for userID in promoted {
            try db.execute(sql: "UPDATE meeting_rsvp SET waitlisted = 0 WHERE occurrence_id = ? AND user_id = ?",
                           arguments: [occurrenceID, userID])
            try record(db, Event(kind: .meetingPromoted, actorID: actorID, communityID: communityID, subjectID: userID,
                                 detail: EventDetail(occurrences: [occurrenceID]), createdAt: now))
        }
        return promoted
    }
}

// MARK: - Reading answers

/// Someone who answered a date, as the attendees list shows them.
public struct Attendee: Sendable, Equatable {
    public var userID: Int64
    public var handle: String
    public var displayName: String
    public var response: MeetingRSVP.Response
    public var waitlisted: Bool
    public var respondedAt: Date
}

/// The answers to one date, in the order the list shows them.
public struct AttendeeList: Sendable, Equatable {
    /// Going with a place, in the order they answered.
    public var going: [Attendee] = []
    /// Going but beyond the capacity, first to be given a freed place first.
    public var waitlist: [Attendee] = []
    public var maybe: [Attendee] = []
    public var notGoing: [Attendee] = []

    /// The member's own answer, and their position on the waitlist (1-based) when they are on it.
    public func answer(of userID: Int64?) -> (attendee: Attendee, waitlistPosition: Int?)? {
        guard let userID else { return nil }
        if let index = waitlist.firstIndex(where: { $0.userID == userID }) { return (waitlist[index], index + 1) }
        return (going + maybe + notGoing).first { $0.userID == userID }.map { ($0, nil) }
    }
}

extension AppDatabase {
    /// Who answered one date, with their names: one statement.
    public func attendees(occurrenceID: Int64) async throws -> AttendeeList {
        try await reader.read { db in
            var list = AttendeeList()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT r.user_id, u.handle, u.display_name, r.response, r.waitlisted, r.responded_at
                FROM meeting_rsvp r JOIN user u ON u.id = r.user_id
                WHERE r.occurrence_id = ? ORDER BY r.responded_at, r.user_id
                """, arguments: [occurrenceID])
            while let row = try rows.next() {
                let attendee = Attendee(userID: row[0], handle: row[1], displayName: row[2],
                                        response: MeetingRSVP.Response(rawValue: row[3]) ?? .maybe, waitlisted: row[4],
                                        respondedAt: try row.storedDate(atIndex: 5))
                switch attendee.response {
                case .going: if attendee.waitlisted { list.waitlist.append(attendee) } else { list.going.append(attendee) }
                case .maybe: list.maybe.append(attendee)
                case .notGoing: list.notGoing.append(attendee)
                }
            }
            return list
        }
    }

    /// The date of an event a page or export is about: the one on `on` (nil when the event has no such date), or with
    /// no `on` the next date still to come, else the last one.
    public func rsvpOccurrence(meetingID: Int64, on: String?, now: Date) async throws -> MeetingOccurrence? {
        try await reader.read { db in
            if let on { return try Self.occurrenceRow(db, meetingID: meetingID, localDate: on) }
            return try MeetingOccurrence.fetchOne(db, sql: """
                SELECT * FROM meeting_occurrence WHERE meeting_id = ?
                ORDER BY ends_at <= ?, CASE WHEN ends_at > ? THEN starts_at END, starts_at DESC LIMIT 1
                """, arguments: [meetingID, now, now])
        }
    }

    /// One date with its event, by the date's id.
    static func meetingDate(_ db: Database, occurrenceID: Int64) throws -> MeetingDate? {
        try withMeetings(db, MeetingOccurrence.fetchAll(db, keys: [occurrenceID])).first
    }

    /// A member's answer to one date.
    public func rsvp(occurrenceID: Int64, userID: Int64) async throws -> MeetingRSVP? {
        try await reader.read { db in
            try MeetingRSVP.fetchOne(db, sql: "SELECT * FROM meeting_rsvp WHERE occurrence_id = ? AND user_id = ?",
                                     arguments: [occurrenceID, userID])
        }
    }
}
