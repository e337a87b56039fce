import Foundation
import Hummingbird

/// The site-wide moderation log, for site admins: every action of moderators and site admins.
///
///     GET /admin/log      ?action=<kind>&community=<slug>&actor=<handle>&page=N
struct SiteLogController {
    let services: AppServices
    static let perPage = 50

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
        var filter = SiteLogFilter()
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
        let (rows, total) = try await services.database.siteLog(filter, page: page, perPage: Self.perPage)
        let pageCount = max(1, (total + Self.perPage - 1) / Self.perPage)
        if page > pageCount { throw AppError.notFound }
        let entries = rows.map { row in
            SiteLogEntry(
                actorName: row.actorHandle.map { "@\($0)" } ?? (row.entry.actorId == nil ? "The system" : "A former member"),
                actorURL: row.actorHandle.map(Paths.adminUser), label: row.entry.action.label,
                target: row.entry.targetLabel.nonEmpty ?? row.entry.targetType.rawValue,
                communityName: row.communityName, communityURL: row.communitySlug.map(Paths.community),
                reason: row.entry.reason.nonEmpty, when: Formatting.moment(row.entry.createdAt), whenISO: Formatting.iso(row.entry.createdAt))
        }
        let model = SiteLogPage(
            entries: entries,
            actionOptions: [Option(value: "", label: "Any action", selected: filter.action == nil)]
                + ModerationAction.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.action == $0) },
            community: communityParam, actor: actorParam,
            summary: "\(total) action\(total == 1 ? "" : "s")", isFiltered: filter != SiteLogFilter(),
            pagination: Pagination.make(current: page, total: pageCount) {
                Paths.adminLog(action: actionParam, community: communityParam, actor: actorParam, page: $0)
            })
        return try services.page("admin/log", title: "Moderation log", page: model, context: context)
    }
}
