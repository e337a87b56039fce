import Foundation
import Hummingbird

/// Loading a date of an event for its record and questions: the event in `{id}`, the date in `?on=`.
struct MeetingDateLoading {
    let services: AppServices

    /// The date and its community, if this visitor may see the event (404 otherwise, and for a date it does not have).
    func date(_ request: Request, _ context: AppRequestContext) async throws -> (MeetingDate, Community) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let meeting = try await services.database.meeting(id: id),
              let community = try await services.database.community(id: meeting.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(meeting, in: community) && !community.isMerged)
        guard let day = FormBody.queryParameters(request)["on"], LocalDate(day) != nil else {
            throw AppError.badRequest("Say which date: ?on=YYYY-MM-DD, a date of this event.")
        }
        guard let occurrence = try await services.database.occurrence(meetingID: id, localDate: day) else { throw AppError.notFound }
        return (MeetingDate(meeting: meeting, occurrence: occurrence), community)
    }
}

extension MeetingRecordController {
    struct DiscussionForm: Decodable { let board: String? }

    /// Starts the date's discussion on a board of its community (once), linked both ways: the record links to the
    /// discussion, whose opening post links to the date.
    @Sendable func startDiscussion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (date, community) = try await MeetingDateLoading(services: services).date(request, context)
        let user = try ForumLoading(services: services).actingUser(context)
        try context.guardian.ensureVisible(context.guardian.canSeeRecord(of: date.meeting, in: community))
        let form = try await FormBody.decode(DiscussionForm.self, from: request, context: context)
        guard let slug = form.board?.nonEmpty, let board = try await services.database.board(communityID: community.id!, slug: slug) else {
            throw AppError.badRequest("Pick a board of \(community.name) for the discussion.")
        }
        try context.guardian.ensureCanStartDiscussion(in: board, of: community, kind: .conversation)
        if date.occurrence.discussionId != nil, try await services.database.discussion(id: date.occurrence.discussionId!) != nil {
            throw AppError.conflict("This date already has its discussion.")
        }
        let (id, day) = (date.meeting.id!, date.occurrence.localDate)
        let when = Formatting.day(date.occurrence.startsAt)
        let body = "Discussion of [\(date.title), \(when)](\(Paths.meeting(id, on: day))): the record, the questions, what comes next."
        let new = NewDiscussion(communityID: community.id!, boardID: board.id!, kind: .conversation, title: "\(date.title), \(when)",
                                authorID: user.id!, body: .from(body), createdAt: services.now,
                                holdFirst: context.guardian.isModerator(of: community) ? 0 : community.holdFirstPosts)
        let boardID = board.id!
        let discussion = try await services.database.startMeetingDiscussion(
            meetingID: id, localDate: day, new, checking: context.guardian.writeCheck { guardian, db in
                let (date, _, community) = try CheckedRows.meetingDate(db, meetingID: id, localDate: day)
                try guardian.ensureVisible(guardian.canSeeRecord(of: date.meeting, in: community))
                let (board, home) = try CheckedRows.board(db, id: boardID)
                guard home.id == community.id else { throw AppError.notFound }
                try guardian.ensureCanStartDiscussion(in: board, of: community, kind: .conversation)
            })
        return redirect(to: Paths.discussion(discussion))
    }
}
