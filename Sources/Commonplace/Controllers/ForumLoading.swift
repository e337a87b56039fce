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
        return try await visible(community, context)
    }

    /// The community in `{community}` for its front door: its name and how to join, which everyone may see (a merged
    /// one redirects to where it lives now).
    func frontDoor(_ context: AppRequestContext) async throws -> Community {
        guard let community = try await services.database.community(slug: context.parameters.get("community") ?? "") else {
            throw AppError.notFound
        }
        if community.isMerged {
            let target = try await mergedTarget(of: community, context)
            throw AppError.communityMerged(from: community.slug, to: target.slug)
        }
        try context.guardian.ensureVisible(context.guardian.canSeeFrontDoor(of: community))
        return community
    }

    /// `community` if this visitor may see it; a merged one redirects to where it lives now.
    private func visible(_ community: Community, _ context: AppRequestContext) async throws -> Community {
        if community.isMerged {
            let target = try await mergedTarget(of: community, context)
            throw AppError.communityMerged(from: community.slug, to: target.slug)
        }
        try context.guardian.ensureVisible(context.guardian.canSee(community))
        return community
    }

    /// The community a merged one now lives on (following later merges), if this visitor may see it.
    private func mergedTarget(of community: Community, _ context: AppRequestContext) async throws -> Community {
        var current = community
        for _ in 0..<8 {
            guard let next = current.mergedIntoId else { break }
            guard let target = try await services.database.community(id: next) else { throw AppError.notFound }
            current = target
        }
        try context.guardian.ensureVisible(!current.isMerged && context.guardian.canSee(current))
        return current
    }

    /// The community and its board in `{board}`. A board of a merged community redirects to its new place.
    func board(_ context: AppRequestContext) async throws -> (Community, Board) {
        let slug = context.parameters.get("board") ?? ""
        guard let found = try await services.database.community(slug: context.parameters.get("community") ?? "") else {
            throw AppError.notFound
        }
        if found.isMerged {
            let target = try await mergedTarget(of: found, context)
            guard let board = try await services.database.redirectedBoard(communityID: found.id!, slug: slug) else { throw AppError.notFound }
            throw AppError.movedPermanently(Paths.board(target, board))
        }
        let community = try await visible(found, context)
        guard let board = try await services.database.board(communityID: community.id!, slug: slug) else {
            throw AppError.notFound
        }
        return (community, board)
    }

    /// The discussion in `{id}` with its board and community. A discussion merged into another redirects there.
    func discussion(_ context: AppRequestContext) async throws -> DiscussionContext {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        guard let found = try await services.database.discussionContext(id: id) else {
            if let targetID = try await services.database.discussionRedirect(id: id),
               let target = try await services.database.discussionContext(id: targetID),
               context.guardian.canSee(target.discussion, in: target.community) {
                throw AppError.movedPermanently(Paths.discussion(target.discussion))
            }
            throw AppError.notFound
        }
        try context.guardian.ensureVisible(context.guardian.canSee(found.discussion, in: found.community))
        return found
    }

    /// The post in `{id}` with its discussion, board and community.
    func post(_ context: AppRequestContext) async throws -> (PostRow, DiscussionContext) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let found = try await services.database.postContext(id: id) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(found.1.discussion, in: found.1.community))
        try context.guardian.ensureVisible(!found.0.post.isHeld || context.guardian.canSeeContent(of: found.0.post, in: found.1.community))
        return found
    }

    /// The signed-in user, or a redirect to sign in; also refuses suspended accounts (403).
    func actingUser(_ context: AppRequestContext) throws -> User {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureNotSuspended()
        return context.user!
    }
}

/// Text fields as forms send them: trimmed, with Windows line ends made plain and reserved characters removed.
func cleanText(_ text: String?) -> String {
    InputText.clean(text)
}

/// A moderator's reason as a form sends it: trimmed, at most `Discussion.maxReasonCharacters`, and, when `required`
/// says who sees it ("its author will see it"), not empty. 400 with a clear message otherwise.
func moderatorReason(_ text: String?, required: String? = nil) throws -> String {
    let reason = cleanText(text)
    if let required, reason.isEmpty { throw AppError.badRequest(required) }
    guard reason.count <= Discussion.maxReasonCharacters else {
        throw AppError.badRequest("The reason can be at most \(Discussion.maxReasonCharacters) characters.")
    }
    return reason
}
