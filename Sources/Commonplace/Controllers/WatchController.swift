import Foundation
import Hummingbird

/// Watch levels: how much a member hears of a community, a board or a discussion they can see.
///
///     POST /c/{community}/watch              (level = watching|new_discussions|normal|muted, next)   303 back
///     POST /c/{community}/b/{board}/watch    (level = watching|new_discussions|normal|muted, next)   303 back
///     POST /d/{id}/watch                     (level = watching|normal|muted, next)                   303 back
///
/// Normal removes the member's row (no row is Normal). 404 for what the member may not see; 403 anonymous or
/// suspended; 400 for a missing or unknown level, or New discussions on a discussion. The answer goes back to the
/// page, or to `next` when it is a path on this site, with a notice.
struct WatchController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("c/:community/watch", use: watchCommunity)
        router.post("c/:community/b/:board/watch", use: watchBoard)
        router.post("d/:id/watch", use: watchDiscussion)
    }

    struct WatchForm: Decodable {
        let level: String?
        let next: String?
    }

    /// Notices shown after a redirect, chosen by key so no text comes from the URL (the pages with a control, and
    /// `/settings/watching`, look them up here).
    static let notices = [
        "watch-watching": "Saved: Watching. You will hear of every new post.",
        "watch-new-discussions": "Saved: New discussions. You will hear of the first post of each new discussion.",
        "watch-normal": "Saved: Normal. You will hear only of what is addressed to you.",
        "watch-muted": "Saved: Muted. You will hear nothing from it, except when someone @mentions you.",
        "watch-settings-saved": "Your watching setting was saved.",
    ]

    /// The notice key after choosing `level`.
    static func noticeKey(_ level: Watch.Level) -> String {
        "watch-" + level.rawValue.replacingOccurrences(of: "_", with: "-")
    }

    /// The watch notice a page's `notice` parameter names, or "" (pages with notices of their own try theirs first).
    static func notice(_ request: Request) -> String {
        request.uri.queryParameters.get("notice").flatMap { notices[$0] } ?? ""
    }

    /// The form's level for a target of `type`: 400 with what is allowed when missing, unknown or not for this target.
    private func chosenLevel(_ request: Request, _ context: AppRequestContext, for type: Watch.TargetType) async throws -> (Watch.Level, String?) {
        let form = try await FormBody.decode(WatchForm.self, from: request, context: context)
        guard let raw = form.level, let level = Watch.Level(rawValue: raw) else {
            let choices = Watch.Level.choices(for: type).map(\.rawValue)
            throw AppError.badRequest("“level” must be \(choices.dropLast().joined(separator: ", ")) or \(choices.last!) for a \(type.rawValue).")
        }
        guard level.applies(to: type) else { throw AppError.badRequest(Watch.Level.refusal(level, for: type)) }
        return (level, form.next)
    }

    /// Saves the level through the checked write and answers 303 to `next` (when safe) or `page`, with a notice.
    private func save(_ type: Watch.TargetType, id: Int64, level: Watch.Level, next: String?, page: String,
                      context: AppRequestContext) async throws -> Response {
        try await services.database.setWatch(userID: context.user!.id!, target: type, id: id, level: level, now: services.now,
                                             checking: context.guardian.watchCheck(type, id: id))
        return redirect(to: Paths.withNotice(Paths.safeNext(next) ?? page, Self.noticeKey(level)))
    }

    @Sendable func watchCommunity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureCanWatch(community)
        let (level, next) = try await chosenLevel(request, context, for: .community)
        return try await save(.community, id: community.id!, level: level, next: next, page: Paths.community(community), context: context)
    }

    @Sendable func watchBoard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        try context.guardian.ensureCanWatch(board, in: community)
        let (level, next) = try await chosenLevel(request, context, for: .board)
        return try await save(.board, id: board.id!, level: level, next: next, page: Paths.board(community, board), context: context)
    }

    @Sendable func watchDiscussion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        try context.guardian.ensureCanWatch(found.discussion, in: found.community)
        let (level, next) = try await chosenLevel(request, context, for: .discussion)
        return try await save(.discussion, id: found.discussion.id!, level: level, next: next,
                              page: Paths.discussion(found.discussion), context: context)
    }
}
