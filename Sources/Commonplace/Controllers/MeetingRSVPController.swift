import Foundation
import Hummingbird

/// Answers to events, and their attendees as CSV.
///
///     POST /e/{id}/rsvp               response = going | maybe | not_going;
///                                     occurrence = YYYY-MM-DD (one date), all (every date to come), or none (the next)
///     GET  /e/{id}/attendees?on=      every answer to a date (members see the names); no `on`: the next date
///     GET  /e/{id}/attendees.csv?on=  the date's answers as CSV (moderators)
///
/// 404 for an event the visitor may not see; 403 for who may not come (not a member of a members' event, suspended,
/// an inactive community) or export; 409 for a cancelled event or date, or a date that took place; 400 for a bad
/// answer or a date the event does not have. A refused answer writes nothing.
struct MeetingRSVPController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("e/:id/rsvp", use: answer)
        router.get("e/:id/attendees", use: attendees)
        router.get("e/:id/attendees.csv", use: attendeesCSV)
    }

    struct RSVPForm: Decodable {
        let response: String?
        let occurrence: String?
    }

    /// The event and its community, or 404 when either is missing or the visitor may not see the event.
    private func load(_ context: AppRequestContext) async throws -> (Meeting, Community) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let meeting = try await services.database.meeting(id: id),
              let community = try await services.database.community(id: meeting.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(meeting, in: community))
        return (meeting, community)
    }

    @Sendable func answer(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await load(context)
        try context.guardian.ensureCanRSVP(to: meeting, in: community)
        let form = try await FormBody.decode(RSVPForm.self, from: request, context: context)
        let response = try Self.response(form.response)
        let scope = try Self.scope(form.occurrence)
        let user = context.user!
        let outcome = try await services.database.answerRSVP(
            meetingID: meeting.id!, userID: user.id!, response: response, scope: scope, now: services.now,
            checking: context.guardian.rsvpCheck(meeting.id!))
        switch scope {
        case .series: return redirect(to: Paths.meeting(meeting.id!) + "#rsvp")
        default: return redirect(to: Paths.meeting(meeting.id!, on: outcome.answered.first ?? meeting.startDate) + "#rsvp")
        }
    }

    static func response(_ text: String?) throws -> MeetingRSVP.Response {
        guard let response = text.flatMap(MeetingRSVP.Response.init(rawValue:)) else {
            throw AppError.badRequest("Answer going, maybe or not going (“response” is going, maybe or not_going).")
        }
        return response
    }

    /// The dates an `occurrence` field names: none (the next date), `all` (every date to come) or one date.
    static func scope(_ text: String?) throws -> RSVPScope {
        let text = cleanText(text)
        if text.isEmpty { return .next }
        if text == "all" { return .series }
        guard let date = LocalDate(text) else {
            throw AppError.badRequest("“occurrence” must be one of the event's dates (YYYY-MM-DD), or “all” for every date to come.")
        }
        return .date(date.description)
    }

    /// The date `?on=` names (the next one without it), or 400 naming the date the event does not have.
    private func date(_ meeting: Meeting, _ request: Request) async throws -> MeetingDate {
        let on = FormBody.queryParameters(request)["on"].map(cleanText) ?? ""
        guard let occurrence = try await services.database.rsvpOccurrence(meetingID: meeting.id!, on: on.nonEmpty, now: services.now) else {
            throw AppError.badRequest("“\(meeting.title)” has no date on \(on): choose one of its dates.")
        }
        return MeetingDate(meeting: meeting, occurrence: occurrence)
    }

    @Sendable func attendees(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await load(context)
        let date = try await date(meeting, request)
        let rsvp = try await RSVPSectionBuilder(context: context, now: services.now)
            .load(date, community: community, database: services.database, showsAll: true)
        let page = AttendeesPage(community: CommunityHeader(community), title: date.title, dateText: rsvp.dateText,
                                 eventURL: Paths.meeting(meeting.id!, on: date.occurrence.localDate), rsvp: rsvp)
        return try services.page(.meetingsAttendees, title: "Answers for \(date.title), \(rsvp.dateText)", page: page, context: context)
    }

    @Sendable func attendeesCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await load(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canExportAttendees(of: meeting, in: community),
                                    "Only moderators of \(community.name) can export who answered.")
        let occurrence = try await date(meeting, request).occurrence
        let list = try await services.database.attendees(occurrenceID: occurrence.id!)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "private, no-store",
                      .contentDisposition: "attachment; filename=\"attendees-\(meeting.id!)-\(occurrence.localDate).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: AttendeeCSV.text(list))))
    }
}
