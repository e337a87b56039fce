import Foundation
import Hummingbird

/// The questions of one date on a page of their own, for those who may read the date's record: the ask form, the
/// open questions in the moderators' order then by votes (or newest first), and the answered ones.
extension MeetingQuestionController {
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        try context.guardian.ensureVisible(context.guardian.canSeeRecord(of: date.meeting, in: community))
        let order = FormBody.queryParameters(request)["order"] ?? ""
        guard ["", "votes", "newest"].contains(order) else {
            throw AppError.badRequest("“order” is votes or newest.")
        }
        let newest = order == "newest"
        guard let sections = try await MeetingRecordSections(services: services, context: context)
                .build(date, in: community, onQuestionsPage: true, newestFirst: newest),
              let questions = sections.questions else { throw AppError.notFound }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        let clock = MeetingClock(viewerZone: context.user?.timeZone, siteZone: services.config.mail.defaultTimeZone, now: services.now)
        let times = clock.times(date.occurrence.startsAt, date.occurrence.endsAt, eventZone: date.meeting.timeZone)
        let answered = sections.record.answered
        let page = MeetingQuestionsPage(
            community: CommunityHeader(community), title: date.title, when: times.text, zone: times.zone, startISO: times.datetime,
            eventURL: Paths.meeting(id, on: day), recordURL: Paths.meetingRecord(id, on: day),
            summary: "\(questions.open.count) open · \(answered.count) answered",
            orders: [
                QuestionOrderLink(label: "Most voted", url: Paths.meetingQuestionsPage(id, on: day), isCurrent: !newest),
                QuestionOrderLink(label: "Newest", url: Paths.meetingQuestionsPage(id, on: day, newest: true), isCurrent: newest),
            ],
            questions: questions, answered: answered, hasAnswered: !answered.isEmpty)
        return try services.page(.meetingsQuestions, title: "Questions: \(date.title)", page: page, context: context)
    }
}
