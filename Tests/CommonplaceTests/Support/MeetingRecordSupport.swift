import Foundation
import GRDB
@testable import Commonplace

extension ForumFixture {
    /// A guest-speaker Q&A on 8 Dec 2026 (after the test clock's now), anonymous questions allowed when told.
    func qaSession(_ title: String = "Guest speaker: the new privacy act", in community: Community? = nil,
                   audience: Meeting.Audience = .members, date: String = "2026-12-08", anonymous: Bool = false) async throws -> Meeting {
        let meeting = try await self.meeting(title, in: community, kind: .qa, audience: audience, date: date)
        if anonymous {
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE meeting SET allows_anonymous_questions = 1 WHERE id = ?", arguments: [meeting.id!])
            }
        }
        return try await app.database.meeting(id: meeting.id!)!
    }

    /// A question asked directly (as the demo data would).
    @discardableResult
    func ask(_ body: String, on meeting: Meeting, by user: User, date: String = "2026-12-08", anonymous: Bool = false) async throws -> MeetingQuestion {
        try await app.database.askQuestion(meetingID: meeting.id!, localDate: date, authorID: user.id!, body: body, anonymous: anonymous,
                                           now: app.clock.now, checking: .trusted)
    }

    /// The stored question.
    func storedQuestion(_ id: Int64) async throws -> MeetingQuestion {
        try await app.database.reader.read { db in try MeetingQuestion.fetchOne(db, key: id)! }
    }

    /// The number of votes stored for a question.
    func votes(_ question: MeetingQuestion) async throws -> Int {
        try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_question_vote WHERE question_id = ?", arguments: [question.id!])!
        }
    }

    /// Runs `sql` with `arguments` (states the flows under test do not set themselves).
    func execute(_ sql: String, _ arguments: StatementArguments = []) async throws {
        try await app.database.writer.write { db in try db.execute(sql: sql, arguments: arguments) }
    }
}
