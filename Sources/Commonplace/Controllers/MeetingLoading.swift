import Foundation
import Hummingbird

/// Loading events for their pages, with the visibility check right after, and what every event page shares: the
/// viewer's clock and the rule of the meeting link.
struct MeetingLoading {
    let services: AppServices

    /// The event in `{id}` with its community, if this visitor may see it (404 otherwise).
    func meeting(_ context: AppRequestContext) async throws -> (Meeting, Community) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let meeting = try await services.database.meeting(id: id),
              let community = try await services.database.community(id: meeting.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(meeting, in: community) && !community.isMerged)
        return (meeting, community)
    }

    /// The viewer's clock: their time zone setting, else the site's.
    func clock(_ context: AppRequestContext) -> MeetingClock {
        MeetingClock(viewerZone: context.user?.timeZone, siteZone: services.site.defaultTimeZone, now: services.now)
    }

    /// Of `dates`, those whose link this viewer may see (by occurrence id): members; for public events, those who
    /// answered; for a date with a capacity, those who hold a place on it.
    func linkVisible(_ dates: [MeetingDate], communities: [Int64: Community], context: AppRequestContext) async throws -> Set<Int64> {
        let guardian = context.guardian
        guard guardian.isSignedIn else { return [] }
        let meetings = Dictionary(dates.map { ($0.meeting.id!, $0.meeting) }, uniquingKeysWith: { a, _ in a })
        // Only public events of public communities can be opened by an RSVP: ask about those alone.
        let openable = meetings.values.filter { m in communities[m.communityId].map { Guardian.isOpenToThePublic(m, in: $0) } ?? false }
        let answered = !openable.isEmpty
            ? try await services.database.meetingsWithAttendingRSVP(userID: context.user?.id, among: openable.map { $0.id! }) : []
        let limited = dates.filter { $0.meeting.capacity != nil }.map { $0.occurrence.id! }
        let placed = try await services.database.occurrencesWithPlace(userID: context.user?.id, among: limited)
        return Set(dates.filter { date in
            communities[date.meeting.communityId].map {
                guardian.canSeeLink(of: date.meeting, in: $0, hasRSVP: answered.contains(date.meeting.id!),
                                    hasPlace: placed.contains(date.occurrence.id!))
            } ?? false
        }.map { $0.occurrence.id! })
    }

    /// One date as lists show it.
    func entry(_ date: MeetingDate, community: Community, clock: MeetingClock, showsLink: Bool) -> MeetingEntry {
        MeetingEntry(
            title: date.title, url: Paths.meeting(date.meeting.id!, on: date.occurrence.localDate),
            communityName: community.name, communityURL: Paths.community(community), kindLabel: date.meeting.kind.label,
            times: clock.times(date.occurrence.startsAt, date.occurrence.endsAt, eventZone: date.meeting.timeZone),
            place: date.place.nonEmpty, link: showsLink ? date.link.nonEmpty : nil, isCancelled: date.isCancelled,
            isPublic: date.meeting.audience == .public)
    }

    /// Entries grouped by the day they start on in the viewer's zone.
    static func days(_ entries: [MeetingEntry]) -> [MeetingDay] {
        var days: [MeetingDay] = []
        var current: [MeetingEntry] = []
        var label = ""
        for entry in entries {
            let day = String(entry.times.text.prefix { $0 != "," })
            if day != label, !current.isEmpty {
                days.append(MeetingDay(label: label, entries: current))
                current = []
            }
            label = day
            current.append(entry)
        }
        if !current.isEmpty { days.append(MeetingDay(label: label, entries: current)) }
        return days
    }

    /// "Times are in Toronto time (America/Toronto). Change your time zone in your settings."
    func zoneNote(_ clock: MeetingClock, context: AppRequestContext) -> String {
        let zone = "\(MeetingClock.zoneLabel(clock.zone)) (\(clock.zone.identifier))"
        return context.user == nil ? "Times are in \(zone)." : "Times are in \(zone): you can change this in your settings."
    }
}

// MARK: - Community page and directory

extension MeetingLoading {
    /// How many events the community page lists.
    static let onCommunityPage = 3

    /// "Meets monthly — next: Tue 9 Dec, 12:00–13:00" (in the viewer's zone); "Next event: …" for a single event.
    static func rhythmLine(_ date: MeetingDate, clock: MeetingClock) -> String {
        let when = clock.times(date.occurrence.startsAt, date.occurrence.endsAt, eventZone: date.meeting.timeZone).text
        if let cadence = date.meeting.schedule?.cadence { return "Meets \(cadence) — next: \(when)" }
        return "Next event: \(when)"
    }

    /// For each community the viewer may see, its line of the next event (one statement for all of them).
    func rhythmLines(_ context: AppRequestContext) async throws -> [String: String] {
        let communities = try services.database.allCommunities().filter { context.guardian.canSee($0) && !$0.isMerged && $0.status == .active }
        let next = try await services.database.nextMeetingDates(communityIDs: communities.compactMap(\.id), now: services.now)
        let clock = clock(context)
        let slugs = Dictionary(uniqueKeysWithValues: communities.map { ($0.id!, $0.slug) })
        return Dictionary(uniqueKeysWithValues: next.compactMap { id, date in slugs[id].map { ($0, Self.rhythmLine(date, clock: clock)) } })
    }

    /// The community page's events: the next few (with the link for those who may see it), the rhythm line, and the
    /// ways to all events and to schedule one.
    func upcoming(on page: inout CommunityPage, community: Community, context: AppRequestContext) async throws {
        page.eventsURL = Paths.communityEvents(community)
        page.newEventURL = context.guardian.canCreateMeeting(in: community) ? Paths.newMeeting(community) : nil
        let dates = try await services.database.meetingDates(
            MeetingListFilter(communityID: community.id, from: services.now, limit: Self.onCommunityPage),
            visible: context.guardian.visibleMeetingSQL())
        let clock = clock(context)
        let links = try await linkVisible(dates, communities: [community.id!: community], context: context)
        page.upcomingMeetings = dates.map { entry($0, community: community, clock: clock, showsLink: links.contains($0.occurrence.id!)) }
        if let next = dates.first(where: { !$0.isCancelled }) { page.meetingRhythm = Self.rhythmLine(next, clock: clock) }
    }
}

extension CommunityCard {
    /// The card with its next event's line (by slug), for this visitor's clock; children too.
    func withNextMeeting(_ lines: [String: String]) -> CommunityCard {
        var card = self
        if let line = lines[slug] { card.meetingRhythm = line }
        card.children = children.map { $0.withNextMeeting(lines) }
        return card
    }
}
