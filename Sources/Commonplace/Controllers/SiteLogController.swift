import Foundation
import Hummingbird

/// The site-wide moderation log, for site admins: every action of moderators and site admins.
///
///     GET /admin/log      ?action=<kind>&community=<slug>&actor=<handle>&page=N
struct SiteLogController {
    let services: AppServices
    static let perPage = AppDatabase.logPerPage

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/log", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canReadSiteLog, "Only site admins read the site's moderation log.")
        let params = FormBody.queryParameters(request)
        let actionParam = cleanText(params["action"]), communityParam = cleanText(params["community"]).lowercased()
        let actorParam = cleanText(params["actor"]).lowercased().replacingOccurrences(of: "@", with: "")
        let page = try AdminUserController.pageNumber(params["page"])
        var filter = ModerationLogFilter()
        if !actionParam.isEmpty {
            guard let kind = ModerationAction.Kind(rawValue: actionParam) else { throw AppError.badRequest("There is no action “\(actionParam)”. Choose one from the list.") }
            filter.action = kind
        }
        if !communityParam.isEmpty {
            guard let community = try await services.database.community(slug: communityParam) else {
                throw AppError.badRequest("There is no community at “\(communityParam)”.")
            }
            filter.communityID = community.id
        }
        if !actorParam.isEmpty {
            guard let actor = try await services.database.user(handle: actorParam) else { throw AppError.badRequest("There is no account @\(actorParam).") }
            filter.actorID = actor.id
        }
        let (rows, total) = try await services.database.moderationLog(filter, page: page)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        if page > pageCount { throw AppError.notFound }
        let entries = rows.map { row in
            let entry = row.moderationAction
            return SiteLogEntry(
                actorName: row.actor.map { "@\($0.handle)" } ?? (entry.actorId == nil ? "The system" : "A former member"),
                actorURL: row.actor.map { Paths.adminUser($0.handle) }, label: entry.action.label,
                target: entry.targetLabel.nonEmpty ?? entry.targetType.rawValue,
                communityName: row.community?.name, communityURL: row.community.map(Paths.community),
                reason: entry.reason.nonEmpty, when: Formatting.moment(entry.createdAt), whenISO: Formatting.iso(entry.createdAt))
        }
        let model = SiteLogPage(
            entries: entries,
            actionOptions: [Option(value: "", label: "Any action", selected: filter.action == nil)]
                + ModerationAction.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.action == $0) },
            community: communityParam, actor: actorParam,
            summary: "\(total) action\(total == 1 ? "" : "s")", isFiltered: filter != ModerationLogFilter(),
            pagination: Pagination.make(current: page, total: pageCount) {
                Paths.adminLog(action: actionParam, community: communityParam, actor: actorParam, page: $0)
            })
        return try services.page(.adminLog, title: "Moderation log", page: model, context: context)
    }
}
