import Foundation
import Hummingbird

/// "Ask a question" / "Start a discussion" from a community's page: the board is chosen first when the member may start
/// one on several, then the board's own form opens with the kind chosen.
///
///     GET /c/{community}/new       ?kind=question|lesson|conversation|announcement &board=slug
struct CommunityStartController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/new", use: start)
    }

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let guardian = context.guardian
        let query = request.uri.queryParameters
        let kindParam = query.get("kind") ?? "question"
        guard let kind = Discussion.Kind(rawValue: kindParam.isEmpty ? "question" : kindParam) else {
            throw AppError.badRequest("There is no kind of discussion “\(kindParam)”. Choose question, lesson, conversation or announcement.")
        }
        let boards = try await services.database.boards(communityID: community.id!).map(\.board).filter { !$0.isArchived }
        let open = boards.filter { guardian.canStartDiscussion(in: $0, of: community, kind: kind) }
        guard !open.isEmpty else {
            // The refusal of the first board says why (sign in, join, silenced, announcements …).
            guard let first = boards.first else {
                throw AppError.conflict("\(community.name) has no boards yet, so nothing can be started here.")
            }
            try guardian.ensureCanStartDiscussion(in: first, of: community, kind: kind)
            throw AppError.forbidden("You cannot start a discussion in \(community.name).")
        }
        if let slug = query.get("board"), !slug.isEmpty {
            guard let board = open.first(where: { $0.slug == slug }) else {
                throw AppError.badRequest("Choose one of the boards listed.")
            }
            return redirect(to: Paths.newDiscussion(community, board) + "?kind=\(kind.rawValue)")
        }
        if open.count == 1 { return redirect(to: Paths.newDiscussion(community, open[0]) + "?kind=\(kind.rawValue)") }
        // A question goes to a board named Questions when there is one; anything else to the first board.
        let preferred = kind == .question ? (open.firstIndex(where: { $0.slug == "questions" }) ?? 0) : 0
        let page = ChooseBoardPage(
            community: CommunityHeader(community), heading: kind == .question ? "Ask a question" : "Start a discussion",
            action: Paths.startDiscussionForm(community), kind: kind.rawValue,
            boards: open.enumerated().map { index, board in
                BoardChoice(slug: board.slug, name: board.name, description: board.description.nonEmpty,
                            fieldID: "board-\(board.slug)", checked: index == preferred)
            })
        return try services.page(.discussionsChooseBoard, title: page.heading, page: page, context: context)
    }
}
