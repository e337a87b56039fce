import Foundation
import Hummingbird

/// The guest-speaker Q&A of a date: members ask and vote before the session; moderators (and the event's author)
/// merge, order, hide and answer, during or after it. Every form answers 303 to the date's questions.
///
///     GET  /e/{id}/questions?on=D            the date's questions on their own page; order = votes | newest
///     POST /e/{id}/questions?on=D            body, anonymous = true (where the event allows it)
///     POST /e/{id}/questions/{q}/vote        vote = true | false (take it back)
///     POST /e/{id}/questions/{q}/answer      answered = true | false, answer_note
///     POST /e/{id}/questions/{q}/hide        hidden = true | false
///     POST /e/{id}/questions/{q}/merge       into (another question of the date)
///     POST /e/{id}/questions/{q}/move        direction = up | down
///     POST /e/{id}/questions/settings        takes_questions = true | false (events that are not a Q&A)
///
/// 404 for what the visitor may not see; 403 for non-members, one's own question, a suspended, silenced or
/// non-moderating account, an inactive community; 409 for a cancelled or past date, a second vote, a closed question.
struct MeetingQuestionController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("e/:id/questions", use: list)
        router.post("e/:id/questions", use: ask)
        router.post("e/:id/questions/settings", use: settings)
        router.post("e/:id/questions/:question/vote", use: vote)
        router.post("e/:id/questions/:question/answer", use: answer)
        router.post("e/:id/questions/:question/hide", use: hide)
        router.post("e/:id/questions/:question/merge", use: merge)
        router.post("e/:id/questions/:question/move", use: move)
    }

    struct AskForm: Decodable {
        let body: String?
        let anonymous: String?
    }

    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        let user = try ForumLoading(services: services).actingUser(context)
        let takesQuestions = try await services.database.takesQuestions(date.meeting)
        try context.guardian.ensureCanAskQuestion(on: date, takesQuestions: takesQuestions, in: community)
        let form = try await FormBody.decode(AskForm.self, from: request, context: context)
        let body = cleanText(form.body)
        if body.isEmpty { throw AppError.badRequest("Write your question first: it is empty.") }
        if body.count > MeetingQuestion.Limits.body {
            throw AppError.badRequest("A question can be at most \(MeetingQuestion.Limits.body) characters (this one has \(body.count)).")
        }
        let anonymous = try Self.flag(form.anonymous, name: "anonymous", missing: false)
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        let question = try await services.database.askQuestion(
            meetingID: id, localDate: day, authorID: user.id!, body: body, anonymous: anonymous, now: services.now,
            checking: context.guardian.meetingDateCheck(meetingID: id, localDate: day) { guardian, date, takes, community in
                try guardian.ensureCanAskQuestion(on: date, takesQuestions: takes, in: community)
            })
        return redirect(to: Paths.meetingRecord(id, on: day) + "#q\(question.id!)")
    }

    /// A true/false form field (`missing` when absent); 400 for anything else.
    static func flag(_ value: String?, name: String, missing: Bool) throws -> Bool {
        switch value ?? (missing ? "true" : "false") {
        case "true", "on": return true
        case "false", "": return false
        default: throw AppError.badRequest("“\(name)” must be true or false.")
        }
    }

    /// The question in `{question}` of the date it belongs to, with its event (`{id}`, 404 when it is another's) and
    /// community, if the visitor may see the date's record.
    func question(_ context: AppRequestContext) async throws -> (MeetingQuestion, MeetingDate, Community) {
        guard let id = context.parameters.get("id", as: Int64.self), let questionID = context.parameters.get("question", as: Int64.self),
              let found = try await services.database.meetingQuestion(id: questionID), found.occurrence.meetingId == id,
              let meeting = try await services.database.meeting(id: id),
              let community = try await services.database.community(id: meeting.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSeeRecord(of: meeting, in: community) && !community.isMerged)
        let question = found.question
        if question.hiddenAt != nil && !context.guardian.canModerateQuestions(of: meeting, in: community) { throw AppError.notFound }
        return (question, MeetingDate(meeting: meeting, occurrence: found.occurrence), community)
    }

    struct VoteForm: Decodable { let vote: String? }

    @Sendable func vote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (question, date, community) = try await self.question(context)
        let user = try ForumLoading(services: services).actingUser(context)
        let takesQuestions = try await services.database.takesQuestions(date.meeting)
        try context.guardian.ensureCanVote(for: question, on: date, takesQuestions: takesQuestions, in: community)
        let form = try await FormBody.decode(VoteForm.self, from: request, context: context)
        let voted = try Self.flag(form.vote, name: "vote", missing: true)
        let (id, day, questionID) = (date.meeting.id!, date.occurrence.localDate, question.id!)
        try await services.database.setQuestionVote(
            questionID: questionID, userID: user.id!, voted: voted, now: services.now,
            checking: context.guardian.writeCheck { guardian, db in
                let (date, takes, community) = try CheckedRows.meetingDate(db, meetingID: id, localDate: day)
                try guardian.ensureCanVote(for: CheckedRows.meetingQuestion(db, id: questionID), on: date, takesQuestions: takes, in: community)
            })
        return redirect(to: Paths.meetingRecord(id, on: day) + "#q\(questionID)")
    }
}
