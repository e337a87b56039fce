import Foundation
import Hummingbird

/// Loading what a URL names, with the Guardian's visibility check right after (404 for what may not be seen).
struct ForumLoading {
    let services: AppServices

    /// The community in `{community}`, if this visitor may see it.
    func community(_ context: AppRequestContext) async throws -> Community {
        guard let community = try await services.database.community(slug: context.parameters.get("community") ?? "") else {
            throw AppError.notFound
        }
        try context.guardian.ensureVisible(context.guardian.canSee(community))
        return community
    }

    /// The community and its board in `{board}`.
    func board(_ context: AppRequestContext) async throws -> (Community, Board) {
        let community = try await community(context)
        guard let board = try await services.database.board(communityID: community.id!, slug: context.parameters.get("board") ?? "") else {
            throw AppError.notFound
        }
        return (community, board)
    }

    /// The discussion in `{id}` with its board and community.
    func discussion(_ context: AppRequestContext) async throws -> DiscussionContext {
        guard let id = context.parameters.get("id", as: Int64.self),
              let found = try await services.database.discussionContext(id: id) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(found.community))
        return found
    }

    /// The post in `{id}` with its discussion, board and community.
    func post(_ context: AppRequestContext) async throws -> (PostRow, DiscussionContext) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let found = try await services.database.postContext(id: id) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(found.1.community))
        return found
    }

    /// The signed-in user, or a redirect to sign in; also refuses suspended accounts (403).
    func actingUser(_ context: AppRequestContext) throws -> User {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureNotSuspended()
        return context.user!
    }
}

/// Text fields as forms send them: trimmed, with Windows line ends made plain.
func cleanText(_ text: String?) -> String {
    (text ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
}
