import Foundation
import Hummingbird

/// iCalendar (RFC 5545) files and feeds of events (issue 14).
///
///     GET /e/{id}.ics                               one event and the series continuing it, for the visitor
///     GET /c/{community}/events.ics                 a community's events as anyone may read them (no meeting links)
///     GET /feeds/{token}/c/{community}/events.ics   the same for the private address's owner
///     GET /feeds/{token}/events.ics                 every event of the communities the owner may see
///
/// A subscribable feed is read by a calendar program without cookies, so, as the Atom feeds, the public one is built
/// for an anonymous reader whoever asks (a members-only community's is 404) and the private one for the token's owner
/// as the database says they are at the request (a revoked address or a suspended owner: 404). Meeting links are
/// written only where `Guardian.canSeeLink` allows for that reader. `/e/{id}.ics` is what the event page's "Add to
/// calendar" downloads, so it is built for the signed-in visitor and never stored by caches.
struct MeetingCalendarController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("e/{id}.ics") { request, context in try await event(request, context) }
        router.get("c/:community/events.ics") { request, context in try await community(request, context, isPrivate: false) }
        router.get("feeds/:token/c/:community/events.ics") { request, context in
            try await community(request, context, isPrivate: true)
        }
        router.get("feeds/:token/events.ics") { request, context in try await everything(request, context) }
    }

    private var base: String { services.config.publicBaseURL }

    @Sendable func event(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        let chain = try await services.database.calendarMeetingChain(id: id)
        let guardian = context.guardian
        guard let head = chain.first, let community = try await services.database.community(id: head.meeting.communityId),
              guardian.canSee(head.meeting, in: community) else { throw AppError.notFound }
        let events = try await calendarEvents(chain, for: guardian)
        let ics = MeetingCalendar(baseURL: base).render(events)
        return Self.respond(ics, request: request, cacheControl: guardian.isSignedIn ? "private, no-store" : "private, no-cache")
    }

    @Sendable func community(_ request: Request, _ context: AppRequestContext, isPrivate: Bool) async throws -> Response {
        let reader = try readerContext(context, isPrivate: isPrivate)
        let community: Community
        do {
            community = try await ForumLoading(services: services).community(reader.context)
        } catch AppError.communityMerged(let from, let to) {
            // The same calendar where the community lives now.
            let path = String(request.uri.path.dropFirst(reader.prefix.count))
            throw AppError.movedPermanently(reader.prefix + Paths.community(to) + path.dropFirst(Paths.community(from).count))
        }
        let rows = try await services.database.calendarMeetings(
            communityID: community.id, visible: reader.guardian.visibleMeetingSQL(),
            since: context.now.addingTimeInterval(-MeetingCalendar.keepsEndedEvents), limit: MeetingCalendar.maxEvents)
        let ics = MeetingCalendar(baseURL: base, name: "\(community.name) events").render(try await calendarEvents(rows, for: reader.guardian))
        try await touch(reader, context)
        return Self.respond(ics, request: request, cacheControl: isPrivate ? "private, no-store" : "public, no-cache")
    }

    @Sendable func everything(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let reader = try readerContext(context, isPrivate: true)
        let rows = try await services.database.calendarMeetings(
            communityID: nil, visible: reader.guardian.visibleMeetingSQL(),
            since: context.now.addingTimeInterval(-MeetingCalendar.keepsEndedEvents), limit: MeetingCalendar.maxEvents)
        let name = "Events for \(reader.guardian.user?.displayName ?? "you") · Commonplace"
        let ics = MeetingCalendar(baseURL: base, name: name).render(try await calendarEvents(rows, for: reader.guardian))
        try await touch(reader, context)
        return Self.respond(ics, request: request, cacheControl: "private, no-store")
    }

    /// `rows` as the calendar of `guardian`'s reader: only events they may see, each link where they may see it (for an
    /// event with a capacity, on the dates where they hold a place).
    private func calendarEvents(_ rows: [MeetingWithDates], for guardian: Guardian) async throws -> [CalendarEvent] {
        let answered = try await services.database.meetingsWithAttendingRSVP(userID: guardian.user?.id, among: rows.map { $0.meeting.id! })
        let limited = rows.filter { $0.meeting.capacity != nil }.flatMap { $0.occurrences.map { $0.id! } }
        let placed = try await services.database.occurrencesWithPlace(userID: guardian.user?.id, among: limited)
        var events: [CalendarEvent] = []
        for row in rows {
            guard let community = try await services.database.community(id: row.meeting.communityId),
                  guardian.canSee(row.meeting, in: community) else { continue }
            let hasRSVP = answered.contains(row.meeting.id!)
            let showsLink = guardian.canSeeLink(of: row.meeting, in: community, hasRSVP: hasRSVP, hasPlace: false)
            let placedDates = row.occurrences.filter {
                placed.contains($0.id!) && guardian.canSeeLink(of: row.meeting, in: community, hasRSVP: hasRSVP, hasPlace: true)
            }.map(\.localDate)
            events.append(CalendarEvent(meeting: row.meeting, community: community, occurrences: row.occurrences, showsLink: showsLink,
                                        placedDates: Set(placedDates)))
        }
        return events
    }

    // MARK: - Readers

    /// Who a feed is built for: nobody for a public feed; for a private one, the owner of the address in `{token}`.
    private struct Reader {
        var context: AppRequestContext
        /// "" for a public feed, "/feeds/{token}" for a private one.
        var prefix = ""
        var token: FeedToken?
        var guardian: Guardian { context.guardian }
    }

    private func readerContext(_ context: AppRequestContext, isPrivate: Bool) throws -> Reader {
        var reader = Reader(context: context)
        reader.context.user = nil
        reader.context.session = nil
        reader.context.memberships = [:]
        reader.context.silences = [:]
        guard isPrivate else { return reader }
        let token = context.parameters.get("token") ?? ""
        guard SessionMiddleware.isWellFormedVisitorID(token),
              let found = try services.database.feedReader(tokenHash: RandomToken.sha256(token), now: context.now),
              found.guardian.canReadPrivateFeeds
        else { throw AppError.notFound }
        reader.context.user = found.guardian.user
        reader.context.memberships = found.guardian.memberships
        reader.context.silences = found.guardian.silences
        reader.prefix = Paths.privateFeed(token: token, "")
        reader.token = found.token
        return reader
    }

    /// Records that a private address was read (as `FeedController` does).
    private func touch(_ reader: Reader, _ context: AppRequestContext) async throws {
        guard let token = reader.token else { return }
        do {
            try await services.database.touchFeedToken(token, now: context.now)
        } catch let error where StorageProblem(error) != nil {
            services.storageHealth.record(StorageProblem(error)!, at: context.now, logger: services.logger, detail: String(describing: error))
        }
    }

    // MARK: - The response

    /// The calendar's bytes with an ETag of them, or 304 when the reader already has them.
    static func respond(_ ics: String, request: Request, cacheControl: String) -> Response {
        let etag = "\"" + RandomToken.sha256(ics).prefix(32) + "\""
        if let known = request.headers[.ifNoneMatch], FeedController.matches(known, etag) {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: cacheControl])
        }
        return Response(status: .ok, headers: [
            .contentType: "text/calendar; charset=utf-8", .eTag: etag, .cacheControl: cacheControl,
        ], body: .init(byteBuffer: ByteBuffer(string: ics)))
    }
}
