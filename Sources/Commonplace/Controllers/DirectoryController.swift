import Foundation
import Hummingbird

/// The communities directory (home), the about page, and each community's page.
///
///     GET /              signed in without filters: the member's home (`HomeController`); else the directory
///     GET /communities   ?type=exchange|strategy|change  &status=active|inactive|all
///     GET /about
///     GET /c/{community}
struct DirectoryController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/", use: home)
        router.get("communities", use: directory)
        router.get("about", use: about)
        router.get("c/:community", use: community)
    }

    /// `/`: a signed-in member's home; the directory for anonymous visitors and for links with filters.
    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil, request.uri.query?.isEmpty ?? true {
            return try await HomeController(services: services).home(request, context: context)
        }
        return try await directory(request, context: context)
    }

    @Sendable func directory(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let kindParam = query.get("type").flatMap { $0.isEmpty ? nil : $0 }
        let statusParam = query.get("status").flatMap { $0.isEmpty || $0 == "all" ? nil : $0 }
        var filter = DirectoryFilter()
        if let kindParam {
            guard let kind = Community.Kind(rawValue: kindParam) else {
                throw AppError.badRequest("There is no community type “\(kindParam)”. Choose exchange, strategy or change.")
            }
            filter.kind = kind
        }
        if let statusParam {
            guard let status = Community.Status(rawValue: statusParam) else {
                throw AppError.badRequest("There is no community status “\(statusParam)”. Choose active, inactive or all.")
            }
            filter.status = status
        }
        let cards = try await directoryCards(filter, guardian: context.guardian)
        let upcoming = try await MeetingLoading(services: services).rhythmLines(context)
        let (active, inactive) = (cards.active.map { $0.withNextMeeting(upcoming) }, cards.inactive)

        let kindFilters = [FilterLink(label: "All types", url: Paths.directory(kind: nil, status: statusParam), isCurrent: filter.kind == nil)]
            + Community.Kind.allCases.map { kind in
                FilterLink(label: kind.label, url: Paths.directory(kind: kind.rawValue, status: statusParam), isCurrent: filter.kind == kind)
            }
        let statusFilters = [
            FilterLink(label: "All", url: Paths.directory(kind: kindParam, status: nil), isCurrent: filter.status == nil),
            FilterLink(label: "Active", url: Paths.directory(kind: kindParam, status: "active"), isCurrent: filter.status == .active),
            FilterLink(label: "Inactive", url: Paths.directory(kind: kindParam, status: "inactive"), isCurrent: filter.status == .inactive),
        ]
        let count = cards.count
        let site = services.site
        let page = DirectoryPage(
            siteName: site.name, siteDescription: site.description.nonEmpty,
            active: active, inactive: inactive,
            showActive: filter.status != .inactive, showInactive: filter.status != .active,
            kindFilters: kindFilters, statusFilters: statusFilters,
            isFiltered: filter != DirectoryFilter(),
            resultSummary: "\(count) communit\(count == 1 ? "y" : "ies")",
            canCreate: context.guardian.canCreateCommunity,
            // Recent discussions on the unfiltered home page only.
            recent: filter != DirectoryFilter() ? [] : try await services.database.recentDiscussions(
                visible: context.guardian.visibleCommunityFilter(table: "c"), limit: 8
            ).map {
                RecentEntry(title: $0.discussion.title, url: Paths.discussion($0.discussion), communityName: $0.community.name,
                            communityURL: Paths.community($0.community), kind: $0.discussion.kind.label,
                            lastPosterName: $0.lastPoster?.displayName ?? "A former member",
                            lastActivity: Day($0.discussion.lastPostAt))
            })
        return try services.page(.communitiesDirectory, title: "Communities of practice", page: page, context: context,
                                 feed: FeedLink.of("Latest discussions", path: Paths.siteFeed, community: nil))
    }

    /// The directory's cards for this visitor: built once per filter and view of the communities (which ones they may
    /// see), then kept until a community changes.
    private func directoryCards(_ filter: DirectoryFilter, guardian: Guardian) async throws -> DirectoryCards {
        let database = services.database
        let all = try database.allCommunities()
        let key = DirectoryCardsKey(kind: filter.kind, status: filter.status, visible: all.map { guardian.canSee($0) })
        return try await database.directoryCache.value(for: key) {
            let communities = AppDatabase.parentsThenChildren(all.filter { community in
                (filter.kind.map { community.kinds.contains($0) } ?? true) && (filter.status.map { community.status == $0 } ?? true)
            })
            return DirectoryCards(active: Self.tree(communities.filter { $0.status == .active }, all: all, guardian: guardian),
                                  inactive: Self.tree(communities.filter { $0.status == .inactive }, all: all, guardian: guardian),
                                  count: communities.count)
        }!
    }

    /// Cards for `communities`, each sub-community nested under its parent when the parent is among them
    /// (else it stands on its own). `all` names the communities merged ones went to.
    static func tree(_ communities: [Community], all: [Community], guardian: Guardian) -> [CommunityCard] {
        let present = Set(communities.compactMap(\.id))
        let byID = Dictionary(all.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        func card(_ c: Community) -> CommunityCard {
            let target = c.mergedIntoId.flatMap { byID[$0] }.map { mergedTarget($0, byID) }
            return CommunityCard(c, guardian: guardian, parentIDs: present, mergedInto: target.map { SuccessorLink($0, guardian: guardian) })
        }
        let children = Dictionary(grouping: communities.filter { $0.parentId.map(present.contains) ?? false }, by: { $0.parentId! })
        return communities.filter { !($0.parentId.map(present.contains) ?? false) }.map { parent in
            var entry = card(parent)
            entry.children = (children[parent.id!] ?? []).map(card)
            return entry
        }
    }

    /// The community a merged one lives on now, following later merges.
    private static func mergedTarget(_ community: Community, _ byID: [Int64: Community]) -> Community {
        var current = community
        for _ in 0..<8 {
            guard let next = current.mergedIntoId.flatMap({ byID[$0] }) else { break }
            current = next
        }
        return current
    }

    @Sendable func about(_ request: Request, context: AppRequestContext) async throws -> Response {
        let kinds = Community.Kind.allCases.map { KindLabel(label: $0.label, url: Paths.directory(kind: $0.rawValue, status: nil)) }
        return try services.page(.pagesAbout, title: "What is a community of practice?", page: AboutPage(kinds: kinds), context: context)
    }

    @Sendable func community(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let parent = if let parentID = community.parentId { try await services.database.community(id: parentID) } else { nil as Community? }
        let visibleParent = parent.flatMap { context.guardian.canSee($0) ? $0 : nil }
        let children = try await services.database.children(of: community.id!)
            .filter { context.guardian.canSee($0) }
            .map { CommunityLink(name: $0.name, url: Paths.community($0), summary: $0.summary) }
        let boards = try await services.database.boards(communityID: community.id!)
        func boardLink(_ summary: BoardSummary) -> BoardLink {
            BoardLink(name: summary.board.name, url: Paths.board(community, summary.board),
                      description: summary.board.description.nonEmpty, discussions: summary.discussionCount)
        }
        var page = CommunityPage(
            slug: community.slug, name: community.name, summary: community.summary,
            paragraphs: Formatting.paragraphs(community.description),
            kinds: community.kinds.map { KindLabel(label: $0.label, url: Paths.directory(kind: $0.rawValue, status: nil)) },
            stewardLabel: CommunityLabels.steward(community),
            meetingRhythm: CommunityLabels.rhythm(community).nonEmpty,
            joinLabel: CommunityLabels.join(community.joinPolicy),
            howToJoin: community.howToJoin.nonEmpty,
            membersOnly: community.visibility == .members,
            isInactive: community.status == .inactive,
            inactive: InactiveBanner(community, successor: try await load.successor(of: community, context)),
            founded: community.founded.nonEmpty.map(Formatting.month),
            parentName: visibleParent?.name ?? "", parentURL: visibleParent.map(Paths.community) ?? "",
            hasParent: visibleParent != nil, children: children,
            canEdit: context.guardian.canEdit(community), editURL: Paths.editCommunity(community),
            boards: boards.filter { !$0.board.isArchived }.map(boardLink),
            archivedBoards: boards.filter { $0.board.isArchived }.map(boardLink),
            membership: try await membershipPanel(community, context: context),
            tools: try await moderatorTools(community, context: context),
            resourcesURL: Paths.resources(community))
        page.featured = try await services.database.featuredResources(
            communityID: community.id!, visible: context.guardian.featuredResourceSQL(in: community), limit: Self.featuredOnCommunityPage
        ).map { FeaturedResourceLink(title: $0.title, url: Paths.resource($0.id), typeLabel: $0.type.label, outdated: $0.isOutdated) }
        page.collectionsURL = Paths.collections(community)
        page.whoToAskURL = Paths.whoToAsk(community)
        page.collectionCount = try await services.database.collectionCount(communityID: community.id!)
        try await MeetingLoading(services: services).upcoming(on: &page, community: community, context: context)
        try latestDiscussions(on: &page, community: community, boards: boards.map(\.board), context: context)
        if let user = context.user, context.guardian.canWatch(community) {
            page.watch = WatchControl(.community, state: try services.database.watchState(userID: user.id!, communityID: community.id!),
                                      action: Paths.watchCommunity(community))
        }
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] ?? WatchController.notices[$0] ?? ReadingController.notices[$0] } ?? ""
        return try services.page(.communitiesShow, title: community.name, page: page, context: context, notice: notice,
                                 feed: FeedLink.of("Latest discussions in \(community.name)", path: Paths.communityFeed(community), community: community))
    }

    /// How many discussions the community page lists.
    static let latestOnCommunityPage = 8

    /// The community page's latest discussions (with "N new" for a member), the ways to start one, "mark all read",
    /// and, for site admins, the way to finish setting up a community without moderators or boards.
    private func latestDiscussions(on page: inout CommunityPage, community: Community, boards: [Board], context: AppRequestContext) throws {
        let guardian = context.guardian
        let rows = try services.database.latestDiscussions(communityID: community.id!, listed: guardian.listedDiscussionSQL(in: community),
                                                           limit: Self.latestOnCommunityPage)
        let tracked = guardian.canTrackReading(in: community)
        let unread = tracked ? try ReadingLoading(services: services).state(context, discussions: rows.map(\.discussion)) : .none
        page.latest = rows.map { row in
            var entry = DiscussionListEntry(row, views: services.views.unsaved(row.discussion.id!))
            entry.unread = unread.badge(row.discussion)
            return entry
        }
        if boards.contains(where: { guardian.canStartDiscussion(in: $0, of: community, kind: .question) }) {
            page.askURL = Paths.startDiscussion(community, kind: .question)
            page.startURL = Paths.startDiscussion(community, kind: .conversation)
        }
        if tracked && !rows.isEmpty { page.markReadAction = Paths.markRead(community) }
        if guardian.canSetUp(community) {
            let unmoderated = try services.database.moderators(communityID: community.id!).isEmpty
            if boards.isEmpty || unmoderated { page.setupURL = Paths.setUpCommunity(community) }
        }
    }

    /// How many featured resources the community page lists.
    static let featuredOnCommunityPage = 5

    /// Notices shown after a redirect, chosen by key so no text comes from the URL.
    static let notices = [
        "joined": "Welcome! You are now a member.",
        "left": "You have left this community.",
        "questions-saved": "The screening questions were saved.",
    ]

    private func membershipPanel(_ community: Community, context: AppRequestContext) async throws -> MembershipPanel {
        let guardian = context.guardian
        var pending = false
        if let user = context.user, community.joinPolicy == .request {
            pending = try await services.database.latestJoinRequest(communityID: community.id!, userID: user.id!)?.status == .pending
        }
        return MembershipPanel(
            memberCount: try await services.database.memberCount(communityID: community.id!),
            membersURL: Paths.members(community), isMember: guardian.isMember(of: community),
            isModerator: guardian.role(in: community) == .moderator,
            canJoin: guardian.canJoin(community), canRequest: guardian.canRequestToJoin(community) && !pending,
            requestPending: pending, joinURL: Paths.join(community),
            canLeave: guardian.canLeave(community), leaveURL: Paths.leave(community),
            signInURL: guardian.isSignedIn || community.status != .active ? nil : Paths.signIn(next: Paths.community(community)),
            inviteOnly: community.joinPolicy == .invite && !guardian.isMember(of: community) && community.status == .active)
    }

    private func moderatorTools(_ community: Community, context: AppRequestContext) async throws -> ModeratorTools? {
        guard context.guardian.canManageMembers(of: community) else { return nil }
        return ModeratorTools(
            dashboardURL: Paths.modDashboard(community), requestsURL: Paths.joinRequests(community),
            pendingRequests: try await services.database.pendingJoinRequestCount(communityID: community.id!),
            invitationsURL: Paths.invitations(community), boardsURL: Paths.boards(community),
            questionsURL: Paths.joinQuestions(community))
    }
}
