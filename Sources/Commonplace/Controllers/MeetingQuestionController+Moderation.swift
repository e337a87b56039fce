import Foundation
import Hummingbird

/// The moderators' side of the Q&A: answer (with a note), hide, merge, order; and turning questions on.
extension MeetingQuestionController {
    /// The question, after the rule of moderating the date's questions; and the check taking that rule again inside
    /// the write (the question read again: 404 when it is gone).
    private func moderated(_ context: AppRequestContext) async throws -> (MeetingQuestion, MeetingDate, WriteCheck) {
        let (question, date, community) = try await self.question(context)
        try context.guardian.ensureCanEditRecord(of: date.meeting, in: community)
        let (id, day, questionID) = (date.meeting.id!, date.occurrence.localDate, question.id!)
        let check = context.guardian.writeCheck { guardian, db in
            _ = try CheckedRows.meetingQuestion(db, id: questionID)
            let (date, _, community) = try CheckedRows.meetingDate(db, meetingID: id, localDate: day)
            try guardian.ensureCanEditRecord(of: date.meeting, in: community)
        }
        return (question, date, check)
    }

    private func back(_ date: MeetingDate, _ question: MeetingQuestion) -> Response {
        redirect(to: Paths.meetingRecord(date.meeting.id!, on: date.occurrence.localDate) + "#q\(question.id!)")
    }

    struct AnswerForm: Decodable {
        let answered: String?
        let answer_note: String?
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (question, date, check) = try await moderated(context)
        let form = try await FormBody.decode(AnswerForm.self, from: request, context: context)
        let answered = try Self.flag(form.answered, name: "answered", missing: true)
        let note = cleanText(form.answer_note)
        if note.count > MeetingQuestion.Limits.answerNote {
            throw AppError.badRequest("An answer note can be at most \(MeetingQuestion.Limits.answerNote) characters (this one has \(note.count)).")
        }
        try await services.database.setQuestionAnswered(id: question.id!, answered: answered, note: note, now: services.now, checking: check)
        return back(date, question)
    }

    struct HideForm: Decodable { let hidden: String? }

    @Sendable func hide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (question, date, check) = try await moderated(context)
        let form = try await FormBody.decode(HideForm.self, from: request, context: context)
        let hidden = try Self.flag(form.hidden, name: "hidden", missing: true)
        try await services.database.setQuestionHidden(id: question.id!, hidden: hidden, now: services.now, checking: check)
        return back(date, question)
    }

    struct MergeForm: Decodable { let into: String? }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (question, date, check) = try await moderated(context)
        let form = try await FormBody.decode(MergeForm.self, from: request, context: context)
        guard let target = form.into.flatMap({ Int64($0) }) else { throw AppError.badRequest("Pick the question this one duplicates.") }
        try await services.database.mergeQuestion(id: question.id!, into: target, checking: check)
        return redirect(to: Paths.meetingRecord(date.meeting.id!, on: date.occurrence.localDate) + "#q\(target)")
    }

    struct MoveForm: Decodable { let direction: String? }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (question, date, check) = try await moderated(context)
        let form = try await FormBody.decode(MoveForm.self, from: request, context: context)
        guard let direction = form.direction, direction == "up" || direction == "down" else {
            throw AppError.badRequest("“direction” must be up or down.")
        }
        try await services.database.moveQuestion(id: question.id!, up: direction == "up", checking: check)
        return back(date, question)
    }

    struct SettingsForm: Decodable { let takes_questions: String? }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let meeting = try await services.database.meeting(id: id),
              let community = try await services.database.community(id: meeting.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(meeting, in: community) && !community.isMerged)
        try context.guardian.ensureCanEditRecord(of: meeting, in: community)
        if meeting.kind == .qa { throw AppError.conflict("A guest-speaker Q&A always takes questions.") }
        let form = try await FormBody.decode(SettingsForm.self, from: request, context: context)
        let on = try Self.flag(form.takes_questions, name: "takes_questions", missing: false)
        try await services.database.setTakesQuestions(meetingID: id, on, checking: context.guardian.writeCheck { guardian, db in
            let (meeting, community) = try CheckedRows.meeting(db, id: id)
            try guardian.ensureCanEditRecord(of: meeting, in: community)
        })
        return redirect(to: Paths.meeting(id))
    }
}
