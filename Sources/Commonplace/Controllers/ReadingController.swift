import Foundation
import Hummingbird

/// What a member has read: "mark all read" in a community.
///
///     POST /c/{community}/mark-read      (board: the board's slug to come back to, optional)
struct ReadingController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("c/:community/mark-read", use: markRead)
    }

    struct MarkReadForm: Decodable { let board: String? }

    @Sendable func markRead(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanMarkRead(community)
        let form = try await FormBody.decode(MarkReadForm.self, from: request, context: context)
        try await services.database.markCommunityRead(userID: context.user!.id!, communityID: community.id!, now: services.now,
                                                      checking: context.guardian.communityCheck(community) { try $0.ensureCanMarkRead($1) })
        if let slug = form.board.map(cleanText), !slug.isEmpty,
           let board = try await services.database.board(communityID: community.id!, slug: slug) {
            return redirect(to: Paths.board(community, board) + "?notice=marked-read")
        }
        return redirect(to: Paths.community(community) + "?notice=marked-read")
    }

    /// The notice after "mark all read".
    static let notices = ["marked-read": "Everything in this community is marked read."]
}
