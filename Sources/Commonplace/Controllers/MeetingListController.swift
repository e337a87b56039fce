import Foundation
import Hummingbird

/// Lists of events: upcoming across the communities the visitor may see (a list or a month), a community's events
/// (and its past ones), and the member's own.
///
///     GET /events                 ?view=list|month  &month=YYYY-MM  &community={slug}  &kind=meeting|drop_in|qa|…
///     GET /events/mine
///     GET /c/{community}/events   ?view=list|month  &month=YYYY-MM  &kind=…
struct MeetingListController {
    let services: AppServices
    var meetings: MeetingLoading { MeetingLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("events", use: events)
        router.get("events/mine", use: mine)
        router.get("c/:community/events", use: communityEvents)
    }

    /// How many upcoming dates a list shows, and how many past ones a community's page.
    static let listLimit = 100
    static let pastLimit = 20

    /// The filters of a list, as the query gives them (400 for unknown values).
    struct Filters {
        var community: Community?
        var kind: Meeting.Kind?
        var isMonth = false
        var month: (year: Int, month: Int)?
    }

    private func filters(_ request: Request, fixed community: Community?, context: AppRequestContext) async throws -> Filters {
        let query = request.uri.queryParameters
        var filters = Filters(community: community)
        if community == nil, let slug = query.get("community"), !slug.isEmpty {
            guard let found = try await services.database.community(slug: slug), context.guardian.canSee(found), !found.isMerged else {
                throw AppError.badRequest("There is no community “\(slug)” among those you can see.")
            }
            filters.community = found
        }
        if let kind = query.get("kind"), !kind.isEmpty {
            guard let found = Meeting.Kind(rawValue: kind) else {
                throw AppError.badRequest("There is no kind of event “\(kind)”. Choose " + Meeting.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            filters.kind = found
        }
        switch query.get("view") ?? "list" {
        case "list", "": break
        case "month": filters.isMonth = true
        case let view: throw AppError.badRequest("There is no view “\(view)”. Choose list or month.")
        }
        if let month = query.get("month"), !month.isEmpty {
            guard let date = LocalDate(month + "-01") else { throw AppError.badRequest("Give the month as YYYY-MM, such as 2026-12.") }
            filters.month = (date.year, date.month)
            filters.isMonth = true
        }
        return filters
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filters = try await filters(request, fixed: nil, context: context)
        let page = try await listPage(filters, base: Paths.events, community: nil, context: context)
        return try services.page(.meetingsEvents, title: "Events", page: page, context: context)
    }

    @Sendable func communityEvents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await ForumLoading(services: services).community(context)
        let filters = try await filters(request, fixed: community, context: context)
        let page = try await listPage(filters, base: Paths.communityEvents(community), community: community, context: context)
        return try services.page(.meetingsEvents, title: "Events of \(community.name)", page: page, context: context)
    }

    private func listPage(_ filters: Filters, base: String, community: Community?, context: AppRequestContext) async throws -> EventsPage {
        let clock = meetings.clock(context)
        let now = services.now
        let communities = Dictionary(uniqueKeysWithValues: try services.database.allCommunities().map { ($0.id!, $0) })
        var window = MeetingListFilter(communityID: filters.community?.id, kind: filters.kind, from: now, limit: Self.listLimit + 1)
        let today = LocalDate(now, in: clock.calendar)
        let month = filters.month ?? (today.year, today.month)
        let first = LocalDate(year: month.year, month: month.month, day: 1)
        if filters.isMonth {
            window.from = clock.calendar.date(from: DateComponents(year: first.year, month: first.month, day: 1))!
            window.to = clock.calendar.date(byAdding: .month, value: 1, to: window.from)!
            window.limit = 1000
        }
        var dates = try await services.database.meetingDates(window, visible: context.guardian.visibleMeetingSQL())
        let hasMore = !filters.isMonth && dates.count > Self.listLimit
        if hasMore { dates.removeLast() }
        let past = community == nil || filters.isMonth ? []
            : try await services.database.pastMeetingDates(communityID: community!.id!, before: now, limit: Self.pastLimit)
        let links = try await meetings.linkVisible(dates + past, communities: communities, context: context)
        func entry(_ date: MeetingDate) -> MeetingEntry? {
            communities[date.meeting.communityId].map { meetings.entry(date, community: $0, clock: clock, showsLink: links.contains(date.occurrence.id!)) }
        }
        let entries = dates.compactMap(entry)
        func url(view: String?, month: String? = nil, community: String? = nil, kind: String? = nil) -> String {
            let parts = [view.map { "view=\($0)" }, month.map { "month=\($0)" }, community.map { "community=\($0)" }, kind.map { "kind=\($0)" }]
            let query = parts.compactMap { $0 }.joined(separator: "&")
            return query.isEmpty ? base : base + "?" + query
        }
        let slug = community == nil ? filters.community?.slug : nil
        let kind = filters.kind?.rawValue
        let previous = first.adding(days: -1), next = first.adding(days: first.daysInMonth)
        func monthText(_ d: LocalDate) -> String { String(d.description.prefix(7)) }
        let visible = communities.values.filter { context.guardian.canSee($0) && !$0.isMerged }.sorted { $0.name < $1.name }
        return EventsPage(
            heading: community.map { "Events of \($0.name)" } ?? "Events", community: community.map { CommunityHeader($0) },
            zoneNote: meetings.zoneNote(clock, context: context), isMonth: filters.isMonth,
            listURL: url(view: nil, community: slug, kind: kind), monthURL: url(view: "month", community: slug, kind: kind),
            communityOptions: [Option(value: "", label: "All communities", selected: filters.community == nil)]
                + visible.map { Option(value: $0.slug, label: $0.name, selected: $0.id == filters.community?.id) },
            kindOptions: [Option(value: "", label: "All kinds", selected: filters.kind == nil)]
                + Meeting.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filters.kind) },
            hasCommunityFilter: community == nil, formAction: base,
            days: filters.isMonth ? [] : MeetingLoading.days(entries),
            emptyText: filters.isMonth ? "No events this month." : "No upcoming events\(filters.kind == nil && filters.community == nil ? "" : " match these filters").",
            hasMore: hasMore,
            monthLabel: Formatting.month(monthText(first)),
            previousMonthURL: url(view: "month", month: monthText(previous), community: slug, kind: kind),
            nextMonthURL: url(view: "month", month: monthText(next), community: slug, kind: kind),
            weeks: filters.isMonth ? Self.weeks(of: first, entries: entries, today: today) : [],
            past: past.compactMap(entry),
            newEventURL: community.flatMap { context.guardian.canCreateMeeting(in: $0) ? Paths.newMeeting($0) : nil },
            myEventsURL: context.guardian.isSignedIn ? Paths.myEvents : nil,
            calendarURL: community.flatMap { Guardian(nil, now: context.now).canSee($0) ? Paths.communityEventsCalendar($0) : nil },
            privateCalendarURL: context.guardian.isSignedIn ? Paths.settingsFeeds : nil)
    }

    /// The month's weeks, Monday to Sunday, each day with the entries starting on it (in the viewer's zone).
    static func weeks(of first: LocalDate, entries: [MeetingEntry], today: LocalDate) -> [MonthWeek] {
        let byDay = Dictionary(grouping: entries, by: \.times.localDate)
        // Monday on or before the first of the month (weekday: 1 Sunday … 7 Saturday).
        var day = first.adding(days: -((first.weekday + 5) % 7))
        var weeks: [MonthWeek] = []
        repeat {
            let cells = (0..<7).map { offset -> MonthCell in
                let date = day.adding(days: offset)
                return MonthCell(day: date.day, inMonth: date.month == first.month, isToday: date == today, entries: byDay[date] ?? [])
            }
            weeks.append(MonthWeek(cells: cells))
            day = day.adding(days: 7)
        } while day.month == first.month && day.year == first.year
        return weeks
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let user = context.user!
        let clock = meetings.clock(context)
        let now = services.now
        let communities = Dictionary(uniqueKeysWithValues: try services.database.allCommunities().map { ($0.id!, $0) })
        let answered = try await services.database.answeredMeetingDates(userID: user.id!, visible: context.guardian.visibleMeetingSQL())
            .filter { $0.rsvp.response.isAttending }
        let links = try await meetings.linkVisible(answered.map(\.date), communities: communities, context: context)
        func entry(_ item: (date: MeetingDate, rsvp: MeetingRSVP)) -> MeetingEntry? {
            guard let community = communities[item.date.meeting.communityId] else { return nil }
            var entry = meetings.entry(item.date, community: community, clock: clock, showsLink: links.contains(item.date.occurrence.id!))
            entry.response = item.rsvp.response.label + (item.rsvp.waitlisted ? " (waitlist)" : "")
            return entry
        }
        let upcoming = answered.filter { $0.date.occurrence.endsAt > now }.compactMap(entry)
        let past = answered.filter { $0.date.occurrence.endsAt <= now }.reversed().prefix(Self.pastLimit).compactMap(entry)
        let page = MyEventsPage(zoneNote: meetings.zoneNote(clock, context: context), upcoming: MeetingLoading.days(upcoming),
                                past: Array(past), eventsURL: Paths.events)
        return try services.page(.meetingsMine, title: "My events", page: page, context: context)
    }
}
