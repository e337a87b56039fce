import Foundation
import Hummingbird

/// A signed-in member's home (`/` without filters; `DirectoryController` hands it over): their communities with what
/// is new, the discussions they take part in (unread first), their questions, questions they could answer, events to
/// come, and their join requests. A handful of statements, none per item.
struct HomeController {
    let services: AppServices

    /// How many entries each list of the home page shows.
    static let listLimit = 10
    /// How long a decided join request stays on the applicant's home.
    static let decidedRequestDays = 30.0
    /// How long a member's lists are kept in memory when nothing they are read from changes (`memberHome`).
    static let listsMaxAge: TimeInterval = 300

    func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = context.user!
        let guardian = context.guardian
        let database = services.database
        let byID = Dictionary(try database.allCommunities().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })

        let now = services.now
        let rows = try database.memberHome(userID: user.id!, now: now, maxAge: Self.listsMaxAge) {
            MemberHomeQuery(userID: user.id!, communities: Self.byName(guardian.memberships.keys.compactMap { byID[$0] }), visible: guardian.visibleCommunitySQL(table: "c"),
                            visibleCommunity: guardian.visibleCommunitySQL(table: "community"),
                            visibleMeeting: guardian.visibleMeetingSQL(), limit: Self.listLimit,
                            requestsSince: now.addingTimeInterval(-Self.decidedRequestDays * 86_400), now: now)
        }
        let (taking, asked, topics, matches) = (rows.takingPart, rows.asked, rows.helpTopics, rows.matches)
        let unread = UnreadState(marks: rows.marks.merging(services.views.reads.unsaved(userID: user.id!), uniquingKeysWith: max),
                                 baselines: rows.baselines)

        func entry(_ d: Discussion, why: String? = nil) -> HomeDiscussion? {
            guard let community = byID[d.communityId], guardian.canSee(d, in: community) else { return nil }
            return HomeDiscussion(
                title: d.title, url: Paths.discussion(d), communityName: community.name, communityURL: Paths.community(community),
                kind: d.kind.label, isQuestion: d.kind == .question, isAnswered: d.isAnswered, isHeld: d.isHeld, isHidden: d.isHidden,
                repliesLabel: d.replyCount == 1 ? "1 reply" : "\(d.replyCount) replies", lastActivity: Day(d.lastPostAt),
                unread: guardian.canTrackReading(in: community) ? unread.badge(d) : nil, why: why)
        }
        // Unread first, each group by latest activity (the query's order, kept by a stable partition).
        let takingEntries = taking.compactMap { entry($0) }
        let takingPart = (takingEntries.filter { $0.unread != nil } + takingEntries.filter { $0.unread == nil }).prefix(Self.listLimit)

        let newCounts = rows.newCounts
        let mine = rows.communities
        let communities = mine.map { c in
            let count = newCounts[c.id!] ?? 0
            return HomeCommunity(
                name: c.name, url: Paths.community(c),
                newLabel: count == 0 ? nil : count >= AppDatabase.newCountCap ? "\(count)+ discussions with new posts"
                    : "\(count) discussion\(count == 1 ? "" : "s") with new posts",
                markReadAction: count == 0 ? nil : Paths.markRead(c), isModerator: guardian.role(in: c) == .moderator)
        }

        let page = HomePage(
            displayName: user.displayName, communities: communities, takingPart: Array(takingPart),
            questions: asked.compactMap { entry($0) },
            forYou: matches.compactMap { entry($0.discussion, why: "Matches \($0.topics.joined(separator: " and ")), which you said you can help with.") },
            hasExpertise: !topics.isEmpty,
            meetings: try await meetings(rows, communities: mine, context: context),
            requests: requests(rows.requests, byID: byID))
        return try services.page(.homeShow, title: "Your home", page: page, context: context,
                                 notice: request.uri.queryParameters.get("notice").flatMap { ReadingController.notices[$0] } ?? "",
                                 feed: FeedLink.of("Latest discussions", path: Paths.siteFeed, community: nil))
    }

    /// The member's communities (not merged ones) as the home lists them, by name.
    static func byName(_ communities: [Community]) -> [Community] {
        communities.filter { !$0.isMerged }.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
    }

    /// The next few dates of events in the member's communities, from the dates read with the lists.
    private func meetings(_ rows: MemberHomeRows, communities: [Community], context: AppRequestContext) async throws -> [MeetingEntry] {
        guard !communities.isEmpty, !rows.meetingDates.isEmpty else { return [] }
        let load = MeetingLoading(services: services)
        let byID = Dictionary(communities.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let now = services.now
        let dates = rows.meetingDates
            .filter { byID[$0.meeting.communityId] != nil && !$0.isCancelled && $0.occurrence.endsAt > now }.prefix(5)
        let links = try await load.linkVisible(Array(dates), communities: byID, context: context)
        let clock = load.clock(context)
        return dates.map { load.entry($0, community: byID[$0.meeting.communityId]!, clock: clock, showsLink: links.contains($0.meeting.id!)) }
    }

    /// Join requests waiting, or decided in the last `decidedRequestDays` days, with the moderators' reason.
    private func requests(_ rows: [JoinRequest], byID: [Int64: Community]) -> [HomeRequest] {
        rows.compactMap { request in
            guard let community = byID[request.communityId] else { return nil }
            let status = switch request.status {
            case .pending: "Waiting for the moderators"
            case .approved: "Approved: you are a member"
            case .declined: "Declined"
            case .withdrawn: "Withdrawn"
            }
            return HomeRequest(communityName: community.name, url: Paths.join(community), status: status,
                               reason: request.status == .declined ? request.reason.nonEmpty : nil)
        }
    }
}
