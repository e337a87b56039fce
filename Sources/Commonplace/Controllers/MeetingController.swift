import Foundation
import Hummingbird

/// Events: scheduling one (moderators) and an event's page.
///
///     GET  /c/{community}/events/new   POST (title, kind, description, date, start, end, time_zone, link, place,
///                                      capacity, repeat, interval, until | count, audience, anonymous_questions)
///     GET  /e/{id}                     the event and its next date; ?on=YYYY-MM-DD for one date
struct MeetingController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }
    var meetings: MeetingLoading { MeetingLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/events/new", use: newForm)
        router.post("c/:community/events/new", use: create)
        router.get("e/:id", use: show)
    }

    /// Notices shown after a redirect, chosen by key so no text comes from the URL.
    static let notices = [
        "created": "The event is scheduled.",
        "saved": "Your changes are saved.",
        "cancelled": "The event is cancelled. It stays listed, marked cancelled.",
        "date-cancelled": "That date is cancelled. It stays listed, marked cancelled.",
    ]

    // MARK: - Scheduling

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanCreateMeeting(in: community)
        var page = MeetingForms.page(community, heading: "Schedule an event", action: Paths.newMeeting(community),
                                     submit: "Schedule event", cancel: Paths.communityEvents(community))
        MeetingForms.fill(&page, with: MeetingForms.blank(community, now: services.now, zone: services.site.defaultTimeZone),
                          community: community)
        return try services.page(.meetingsForm, title: "Schedule an event", page: page, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let user = try load.actingUser(context)
        try context.guardian.ensureCanCreateMeeting(in: community)
        let fields = try await FormBody.decode(MeetingFields.self, from: request, context: context)
        let now = services.now
        var meeting = MeetingForms.blank(community, now: now, zone: services.site.defaultTimeZone)
        meeting.authorId = user.id
        let (errors, occurrences) = MeetingValidation.apply(fields, to: &meeting, community: community)
        guard errors.isEmpty else {
            var page = MeetingForms.page(community, heading: "Schedule an event", action: Paths.newMeeting(community),
                                         submit: "Schedule event", cancel: Paths.communityEvents(community))
            MeetingForms.fill(&page, with: meeting, fields: fields, community: community)
            page.errors = errors
            page.hasErrors = true
            return try services.page(.meetingsForm, title: "Schedule an event", page: page, context: context, status: .badRequest)
        }
        meeting.descriptionHtml = RenderedText.from(meeting.description).html
        let stored = try await services.database.createMeeting(meeting, occurrences: occurrences,
                                                               checking: context.guardian.meetingCreateCheck(community))
        return redirect(to: Paths.meeting(stored.id!) + "?notice=created")
    }

    // MARK: - Reading

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (meeting, community) = try await meetings.meeting(context)
        let occurrences = try await services.database.occurrences(meetingID: meeting.id!)
        let now = services.now
        let query = request.uri.queryParameters
        let occurrence: MeetingOccurrence
        if let on = query.get("on"), !on.isEmpty {
            guard let found = occurrences.first(where: { $0.localDate == on }) else { throw AppError.notFound }
            occurrence = found
        } else {
            guard let next = occurrences.first(where: { $0.endsAt > now && !$0.isCancelled })
                    ?? occurrences.first(where: { $0.endsAt > now }) ?? occurrences.last else { throw AppError.notFound }
            occurrence = next
        }
        let date = MeetingDate(meeting: meeting, occurrence: occurrence)
        let hasRSVP = context.guardian.isSignedIn && Guardian.isOpenToThePublic(meeting, in: community)
            ? try await services.database.hasAttendingRSVP(userID: context.user?.id, meetingID: meeting.id!) : false
        let answers = try await services.database.attendees(occurrenceID: occurrence.id!)
        let viewerID = context.user?.id
        let hasPlace = viewerID != nil && answers.going.contains { $0.userID == viewerID }
        var page = MeetingPageBuilder(context: context, clock: meetings.clock(context), now: now).build(
            date, community: community, occurrences: occurrences,
            showsLink: context.guardian.canSeeLink(of: meeting, in: community, hasRSVP: hasRSVP, hasPlace: hasPlace),
            waitlisted: viewerID != nil && answers.waitlist.contains { $0.userID == viewerID },
            continues: try await meeting.splitFromId.asyncFlatMap { try await services.database.meeting(id: $0) },
            continued: try await services.database.continuation(of: meeting.id!))
        page.rsvp = RSVPSectionBuilder(context: context, now: now).build(
            date, community: community, list: answers, showsAll: false,
            intent: query.get("answer").flatMap(MeetingRSVP.Response.init(rawValue:)))
        // The date's record and questions (issue 14, record part: `MeetingRecordSections`).
        let sections = try await MeetingRecordSections(services: services, context: context)
            .build(MeetingDate(meeting: meeting, occurrence: occurrence), in: community)
        (page.record, page.questions) = (sections?.record, sections?.questions)
        let notice = query.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.meetingsShow, title: MeetingDate(meeting: meeting, occurrence: occurrence).title, page: page,
                                 context: context, notice: notice)
    }
}
