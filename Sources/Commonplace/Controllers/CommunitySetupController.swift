import Foundation
import Hummingbird

/// A new community's first steps, where a site admin lands after creating it: appoint its first moderator, create its
/// first boards (General, Questions and Resources offered).
///
///     GET  /admin/communities/{community}/setup
///     POST /admin/communities/{community}/setup/moderator     (handle)
///     POST /admin/communities/{community}/setup/boards        (board[]: general|questions|resources)
struct CommunitySetupController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/communities/:community/setup", use: setup)
        router.post("admin/communities/:community/setup/moderator", use: appoint)
        router.post("admin/communities/:community/setup/boards", use: createBoards)
    }

    /// The boards a new community is offered, by slug.
    static let defaultBoards: [(slug: String, name: String, description: String)] = [
        ("general", "General", "Conversations, news and introductions."),
        ("questions", "Questions", "Ask the community; mark the answer that helped."),
        ("resources", "Resources", "Guides, templates and tools worth sharing, and what you learned using them."),
    ]

    @Sendable func setup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanSetUp(community)
        let page = try await setupPage(community)
        return try services.page(.adminSetup, title: "Set up \(community.name)", page: page, context: context,
                                 notice: request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? "")
    }

    private func setupPage(_ community: Community, handle: String = "", error: String? = nil) async throws -> CommunitySetupPage {
        let moderators = try services.database.moderators(communityID: community.id!)
        let existing = Set(try await services.database.boards(communityID: community.id!).map(\.board.slug))
        return CommunitySetupPage(
            community: CommunityHeader(community),
            moderators: moderators.map { ModeratorLink(name: $0.displayName, url: Paths.user($0.handle)) },
            moderatorAction: Paths.setUpModerator(community), handle: handle, error: error,
            boards: Self.defaultBoards.map { board in
                SetupBoardOption(slug: board.slug, name: board.name, description: board.description, exists: existing.contains(board.slug))
            },
            boardsAction: Paths.setUpBoards(community), boardsURL: Paths.boards(community), communityURL: Paths.community(community))
    }

    struct ModeratorForm: Decodable { let handle: String? }

    @Sendable func appoint(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let admin = try load.actingUser(context)
        try context.guardian.ensureCanSetUp(community)
        let form = try await FormBody.decode(ModeratorForm.self, from: request, context: context)
        let handle = cleanText(form.handle).trimmingCharacters(in: CharacterSet(charactersIn: "@")).lowercased()
        guard !handle.isEmpty, let user = try await services.database.user(handle: handle) else {
            let page = try await setupPage(community, handle: handle,
                                     error: handle.isEmpty ? "Enter the handle of the member to appoint." : "There is no member with the handle “\(handle)”.")
            return try services.page(.adminSetup, title: "Set up \(community.name)", page: page, context: context, status: .badRequest)
        }
        let appointed = try await services.database.appointModerator(
            communityID: community.id!, userID: user.id!, actorID: admin.id!, now: services.now,
            checking: context.guardian.communityCheck(community) { try $0.ensureCanSetUp($1) })
        return redirect(to: Paths.setUpCommunity(community) + (appointed ? "?notice=appointed" : "?notice=already-moderator"))
    }

    /// Checkboxes named `board[]` arrive as an array.
    struct BoardsForm: Decodable { let board: [String]? }

    @Sendable func createBoards(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let admin = try load.actingUser(context)
        try context.guardian.ensureCanSetUp(community)
        let form = try await FormBody.decode(BoardsForm.self, from: request, context: context)
        let chosen = Set(form.board ?? [])
        if let unknown = chosen.first(where: { slug in !Self.defaultBoards.contains { $0.slug == slug } }) {
            throw AppError.badRequest("There is no default board “\(unknown)”. Choose general, questions or resources.")
        }
        guard !chosen.isEmpty else { throw AppError.badRequest("Choose at least one board to create.") }
        let now = services.now
        let boards = Self.defaultBoards.filter { chosen.contains($0.slug) }.map {
            var board = Board(communityId: community.id!, slug: $0.slug, name: $0.name, position: 0, createdAt: now)
            board.description = $0.description
            return board
        }
        _ = try await services.database.createBoards(boards, actorID: admin.id!, now: now,
                                                     checking: context.guardian.communityCheck(community) { try $0.ensureCanSetUp($1) })
        return redirect(to: Paths.setUpCommunity(community) + "?notice=boards-created")
    }

    static let notices = [
        "appointed": "The moderator is appointed: they can now admit members and manage boards.",
        "already-moderator": "That member already moderates this community.",
        "boards-created": "The boards are created.",
    ]
}
