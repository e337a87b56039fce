import Foundation
import GRDB

/// A question of a date as its list shows it: the question, its votes, whether the viewer voted, how many duplicates
/// were merged into it, and its author (nil when gone).
public struct MeetingQuestionRow: Sendable {
    public var question: MeetingQuestion
    public var votes: Int
    public var viewerVoted: Bool
    public var mergedCount: Int
    public var author: Author?
}

/// The guest-speaker Q&A of a date: asking, voting (one vote a member, taken back at will), and the moderators'
/// merge, order, hide and answer. Each write is one transaction that takes its rule again (`WriteCheck`); the search
/// document of the date follows answered questions by triggers (migration 0025).
extension AppDatabase {
    /// Whether event `meeting` takes questions: a guest-speaker Q&A always, any other kind when its moderators say so.
    static func takesQuestions(_ db: Database, _ meeting: Meeting) throws -> Bool {
        if meeting.kind == .qa { return true }
        return try Bool.fetchOne(db, cached: "SELECT takes_questions FROM meeting WHERE id = ?", [meeting.id!]) ?? false
    }

    public func takesQuestions(_ meeting: Meeting) async throws -> Bool {
        try await reader.read { db in try Self.takesQuestions(db, meeting) }
    }

    /// Turns questions on or off for an event that is not a Q&A.
    public func setTakesQuestions(meetingID: Int64, _ on: Bool, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE meeting SET takes_questions = ? WHERE id = ?", arguments: [on, meetingID])
        }
    }

    /// Stores a question on date `localDate` of event `meetingID` (anonymous only where the event allows it: 400).
    public func askQuestion(meetingID: Int64, localDate: String, authorID: Int64, body: String, anonymous: Bool, now: Date,
                            checking check: WriteCheck) async throws -> MeetingQuestion {
        try await write(checking: check) { db in
            let (date, _, _) = try CheckedRows.meetingDate(db, meetingID: meetingID, localDate: localDate)
            if anonymous && !date.meeting.allowsAnonymousQuestions {
                throw AppError.badRequest("This event does not take anonymous questions: ask under your name.")
            }
            var question = MeetingQuestion(occurrenceId: date.occurrence.id!, authorId: authorID, body: body, isAnonymous: anonymous,
                                           createdAt: now)
            try question.insert(db)
            return question
        }
    }

    /// Adds the member's vote (409 when they already voted) or takes it back (409 when there is none).
    public func setQuestionVote(questionID: Int64, userID: Int64, voted: Bool, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            if voted {
                try db.execute(sql: "INSERT OR IGNORE INTO meeting_question_vote (question_id, user_id, created_at) VALUES (?, ?, ?)",
                               arguments: [questionID, userID, now])
                if db.changesCount == 0 { throw AppError.conflict("You have already voted for this question.") }
            } else {
                try db.execute(sql: "DELETE FROM meeting_question_vote WHERE question_id = ? AND user_id = ?", arguments: [questionID, userID])
                if db.changesCount == 0 { throw AppError.conflict("You have not voted for this question.") }
            }
        }
    }

    /// Merges question `id` into `targetID` (a question of the same date): its votes, and its asker's interest, count
    /// for the target once each (never for the target's own asker); questions merged into it follow.
    public func mergeQuestion(id: Int64, into targetID: Int64, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let question = try CheckedRows.meetingQuestion(db, id: id)
            let target = try CheckedRows.meetingQuestion(db, id: targetID)
            guard target.occurrenceId == question.occurrenceId else {
                throw AppError.badRequest("A question can only be merged into another question of the same date.")
            }
            if id == targetID { throw AppError.badRequest("A question cannot be merged into itself.") }
            if question.mergedIntoId != nil { throw AppError.conflict("This question was already merged into another.") }
            if target.mergedIntoId != nil || target.hiddenAt != nil {
                throw AppError.conflict("Merge into a question that is neither merged nor hidden.")
            }
            let targetAuthor = target.authorId ?? -1
            try db.execute(sql: """
                INSERT OR IGNORE INTO meeting_question_vote (question_id, user_id, created_at)
                SELECT ?, user_id, created_at FROM meeting_question_vote WHERE question_id = ? AND user_id <> ?
                """, arguments: [targetID, id, targetAuthor])
            if let asker = question.authorId, asker != targetAuthor {
                try db.execute(sql: "INSERT OR IGNORE INTO meeting_question_vote (question_id, user_id, created_at) VALUES (?, ?, ?)",
                               arguments: [targetID, asker, question.createdAt])
            }
            try db.execute(sql: "DELETE FROM meeting_question_vote WHERE question_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE meeting_question SET merged_into_id = ? WHERE merged_into_id = ?", arguments: [targetID, id])
            try db.execute(sql: "UPDATE meeting_question SET merged_into_id = ?, position = NULL WHERE id = ?", arguments: [targetID, id])
        }
    }

    /// Moves an open question one place up or down in the order shown; from then on the open questions keep the
    /// moderators' order (new ones come after, by votes).
    public func moveQuestion(id: Int64, up: Bool, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let question = try CheckedRows.meetingQuestion(db, id: id)
            guard question.isOpen else { throw AppError.conflict("Only open questions are ordered: this one is answered, merged or hidden.") }
            var ids = try Self.openQuestionIDs(db, occurrenceID: question.occurrenceId)
            guard let index = ids.firstIndex(of: id) else { throw AppError.notFound }
            let other = up ? index - 1 : index + 1
            guard ids.indices.contains(other) else { return }
            ids.swapAt(index, other)
            for (position, questionID) in ids.enumerated() {
                try db.execute(sql: "UPDATE meeting_question SET position = ? WHERE id = ?", arguments: [position + 1, questionID])
            }
        }
    }

    /// Hides a question (off everyone's list but the moderators') or shows it again.
    public func setQuestionHidden(id: Int64, hidden: Bool, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let question = try CheckedRows.meetingQuestion(db, id: id)
            if hidden == (question.hiddenAt != nil) {
                throw AppError.conflict(hidden ? "This question is already hidden." : "This question is not hidden.")
            }
            try db.execute(sql: "UPDATE meeting_question SET hidden_at = ? WHERE id = ?", arguments: [hidden ? now : nil, id])
        }
    }

    /// Marks a question answered, with an optional note (what the speaker said), or open again. Newly answered, it
    /// records the event that tells its asker (once per question: `FanOutPlanner`'s key).
    public func setQuestionAnswered(id: Int64, answered: Bool, note: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let question = try CheckedRows.meetingQuestion(db, id: id)
            if question.mergedIntoId != nil { throw AppError.conflict("This question was merged into another: answer that one.") }
            if !answered && question.answeredAt == nil { throw AppError.conflict("This question is not marked answered.") }
            try db.execute(sql: "UPDATE meeting_question SET answered_at = ?, answer_note = ? WHERE id = ?",
                           arguments: [answered ? (question.answeredAt ?? now) : nil, answered ? note : "", id])
            if answered, question.answeredAt == nil, let asker = question.authorId {
                let communityID = try Int64.fetchOne(db, sql: """
                    SELECT m.community_id FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id WHERE o.id = ?
                    """, arguments: [question.occurrenceId])
                try Self.record(db, Event(kind: .meetingQuestionAnswered, actorID: check.actorID, communityID: communityID, subjectID: asker,
                                          detail: EventDetail(occurrences: [question.occurrenceId], question: id), createdAt: now))
            }
        }
    }

    /// The open questions of a date in the order shown: the moderators' order first, then by votes, then oldest first.
    static func openQuestionIDs(_ db: Database, occurrenceID: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT q.id FROM meeting_question q
            WHERE q.occurrence_id = ? AND q.merged_into_id IS NULL AND q.hidden_at IS NULL AND q.answered_at IS NULL
            ORDER BY q.position IS NULL, q.position,
                     (SELECT COUNT(*) FROM meeting_question_vote v WHERE v.question_id = q.id) DESC, q.created_at, q.id
            """, arguments: [occurrenceID])
    }

    /// Every question of a date not merged into another (hidden ones too: the page shows them to moderators only),
    /// open ones in the order shown, then answered ones in the order answered; with votes, the viewer's vote, merged
    /// duplicates and authors, in four statements.
    public func meetingQuestions(occurrenceID: Int64, viewerID: Int64?) async throws -> [MeetingQuestionRow] {
        try await reader.read { db in
            let questions = try MeetingQuestion.fetchAll(db, sql: """
                SELECT q.* FROM meeting_question q WHERE q.occurrence_id = ? AND q.merged_into_id IS NULL
                ORDER BY q.answered_at IS NOT NULL, q.answered_at, q.position IS NULL, q.position,
                         (SELECT COUNT(*) FROM meeting_question_vote v WHERE v.question_id = q.id) DESC, q.created_at, q.id
                """, arguments: [occurrenceID])
            guard !questions.isEmpty else { return [] }
            let counts = try Row.fetchAll(db, sql: """
                SELECT q.id, (SELECT COUNT(*) FROM meeting_question_vote v WHERE v.question_id = q.id),
                       (SELECT COUNT(*) FROM meeting_question d WHERE d.merged_into_id = q.id),
                       EXISTS (SELECT 1 FROM meeting_question_vote v WHERE v.question_id = q.id AND v.user_id = ?)
                FROM meeting_question q WHERE q.occurrence_id = ? AND q.merged_into_id IS NULL
                """, arguments: [viewerID ?? -1, occurrenceID])
            var byID: [Int64: (Int, Int, Bool)] = [:]
            for row in counts { byID[row[0]] = (row[1], row[2], row[3]) }
            let authorIDs = Array(Set(questions.compactMap(\.authorId)))
            let authors = Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: authorIDs).map { ($0.id!, Author($0)) })
            return questions.map { q in
                let (votes, merged, voted) = byID[q.id!] ?? (0, 0, false)
                return MeetingQuestionRow(question: q, votes: votes, viewerVoted: voted, mergedCount: merged,
                                          author: q.authorId.flatMap { authors[$0] })
            }
        }
    }

    /// A question with the date and event it belongs to (for the controllers' checks), or nil.
    public func meetingQuestion(id: Int64) async throws -> (question: MeetingQuestion, occurrence: MeetingOccurrence)? {
        try await reader.read { db in
            guard let question = try MeetingQuestion.fetchOne(db, cached: "SELECT * FROM meeting_question WHERE id = ?", [id]),
                  let occurrence = try MeetingOccurrence.fetchOne(db, cached: "SELECT * FROM meeting_occurrence WHERE id = ?",
                                                                   [question.occurrenceId]) else { return nil }
            return (question, occurrence)
        }
    }
}
