import Foundation
import GRDB
@testable import Commonplace

extension ForumFixture {
    /// `user` answers `response` for `scope` of `meeting`, with the rule a request takes (refusals throw).
    @discardableResult
    func answer(_ user: User, _ response: MeetingRSVP.Response, _ meeting: Meeting, scope: RSVPScope = .next) async throws -> RSVPOutcome {
        let guardian = try await guardian(user)
        return try await app.database.answerRSVP(meetingID: meeting.id!, userID: user.id!, response: response, scope: scope,
                                                 now: app.clock.now, checking: guardian.rsvpCheck(meeting.id!))
    }

    /// Every answer of `meeting`'s dates, as "date user response[ waitlisted]" lines in date and answer order.
    func answers(_ meeting: Meeting) async throws -> [String] {
        try await app.database.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.local_date, u.handle, r.response, r.waitlisted FROM meeting_rsvp r
                JOIN meeting_occurrence o ON o.id = r.occurrence_id JOIN user u ON u.id = r.user_id
                WHERE o.meeting_id = ? ORDER BY o.local_date, r.responded_at, u.handle
                """, arguments: [meeting.id]).map { row in
                "\(row[0] as String) \(row[1] as String) \(row[2] as String)" + ((row[3] as Bool) ? " waitlisted" : "")
            }
        }
    }

    /// The dates of `meeting`, in order.
    func dates(_ meeting: Meeting) async throws -> [MeetingOccurrence] {
        try await app.database.occurrences(meetingID: meeting.id!)
    }

    /// Members of the public community made for a test (`going1`, `going2` …).
    func members(_ prefix: String, count: Int) async throws -> [User] {
        var users: [User] = []
        for index in 1...count { users.append(try await app.member("\(prefix)\(index)", of: community)) }
        return users
    }
}
