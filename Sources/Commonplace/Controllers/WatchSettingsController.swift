import Foundation
import Hummingbird

/// `/settings/watching`: everything the member watches or muted and may still see, grouped by kind, each with a
/// way to change it (posting to the target's own watch address, coming back here); and "watch what I start or
/// reply to".
///
///     GET  /settings/watching     ?page=N (the discussions, 50 a page)
///     POST /settings/watching     (watch_on_participate = true|on, or false|off|missing: a checkbox)   303 back
struct WatchSettingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("settings/watching", use: page)
        router.post("settings/watching", use: save)
    }

    struct SettingsForm: Decodable {
        let watch_on_participate: String?
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let user = context.user!
        guard let number = Int(request.uri.queryParameters.get("page") ?? "1"), number >= 1, number <= 100_000 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        let guardian = context.guardian
        let list = try services.database.watchList(
            userID: user.id!, visibleCommunity: guardian.visibleCommunitySQL(table: "c"),
            visibleDiscussion: guardian.visibleDiscussionSQL(discussion: "d", community: "c"), page: number)
        let pageCount = max(1, (list.discussionCount + AppDatabase.watchedDiscussionsPerPage - 1) / AppDatabase.watchedDiscussionsPerPage)
        if number > pageCount { throw AppError.notFound }
        let next = Paths.settingsWatching(page: number)
        let page = WatchingSettingsPage(
            nav: try await SettingsNav.make(.watching, services: services, context: context),
            watchOnParticipate: try services.database.watchesOnParticipate(userID: user.id!),
            canChange: guardian.canEditWatchSettings(ofUser: user.id),
            // Communities and boards (a site has few) head the first page; the discussions run on.
            communities: number == 1 ? list.communities.map { Self.entry($0, .community, next: next) } : [],
            boards: number == 1 ? list.boards.map { Self.entry($0, .board, next: next) } : [],
            discussions: list.discussions.map { Self.entry($0, .discussion, next: next) },
            pagination: Pagination.make(current: number, total: pageCount) { Paths.settingsWatching(page: $0) },
            levels: Watch.Level.allCases.map { WatchLevelHelp(label: $0.label, explanation: $0.explanation(for: .community)) },
            isEmpty: list.communities.isEmpty && list.boards.isEmpty && list.discussionCount == 0)
        return try services.page(.accountWatching, title: "Watching", page: page, context: context, notice: WatchController.notice(request))
    }

    /// One row of the list: its link, where it is, its level and the inline form to change it.
    static func entry(_ target: WatchedTarget, _ type: Watch.TargetType, next: String) -> WatchedEntry {
        let community = target.community
        let (name, url, action, id, context): (String, String, String, Int64, String?) = switch type {
        case .community:
            (community.name, Paths.community(community), Paths.watchCommunity(community), community.id!, nil)
        case .board:
            (target.board!.name, Paths.board(community, target.board!), Paths.watchBoard(community, target.board!), target.board!.id!,
             community.name)
        case .discussion:
            (target.discussion!.title, Paths.discussion(target.discussion!), Paths.watchDiscussion(target.discussion!),
             target.discussion!.id!, target.board.map { "\($0.name), \(community.name)" } ?? community.name)
        }
        return WatchedEntry(
            name: name, url: url, context: context, level: target.level.label, since: Day(target.updatedAt),
            action: action, fieldID: "level-\(type.rawValue)-\(id)",
            options: Watch.Level.choices(for: type).map { Option(value: $0.rawValue, label: $0.label, selected: $0 == target.level) },
            next: next)
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanEditWatchSettings(ofUser: context.user?.id)
        let userID = context.user!.id!
        let form = try await FormBody.decode(SettingsForm.self, from: request, context: context)
        let on: Bool
        switch form.watch_on_participate ?? "false" {
        case "true", "on": on = true
        case "false", "off": on = false
        default: throw AppError.badRequest("“watch_on_participate” must be true (watch what you start or reply to) or false.")
        }
        try await services.database.setWatchOnParticipate(
            userID: userID, on, now: services.now,
            checking: context.guardian.writeCheck { guardian, _ in try guardian.ensureCanEditWatchSettings(ofUser: userID) })
        return redirect(to: Paths.withNotice(Paths.settingsWatching, "watch-settings-saved"))
    }
}
