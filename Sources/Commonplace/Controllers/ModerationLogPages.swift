import Foundation
import Hummingbird

/// Builds a moderation log page (a community's, or the whole site's) from the request's filters.
struct ModerationLogPages {
    let services: AppServices

    /// `filter` carries the fixed scope (a community, or none); the request adds `action`, `actor` and `page`.
    func page(_ request: Request, filter base: ModerationLogFilter, community: Community?, baseURL: String,
              heading: String) async throws -> ModerationLogPage {
        let query = FormBody.queryParameters(request)
        var filter = base
        let actionParam = query["action"] ?? ""
        if !actionParam.isEmpty {
            guard let action = ModerationAction.Kind(rawValue: actionParam) else {
                throw AppError.badRequest("There is no action “\(actionParam)” in the log.")
            }
            filter.action = action
        }
        let actorParam = (query["actor"] ?? "").trimmingCharacters(in: .whitespaces)
        let handle = actorParam.hasPrefix("@") ? String(actorParam.dropFirst()) : actorParam
        var noSuchActor = false
        if !handle.isEmpty {
            if let user = try await services.database.user(handle: handle) { filter.actorID = user.id } else { noSuchActor = true }
        }
        guard let page = Int(query["page"] ?? "1"), page >= 1, page <= 100_000 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        let (rows, total) = noSuchActor ? ([], 0) : try await services.database.moderationLog(filter, page: page)
        let pageCount = max(1, (total + AppDatabase.logPerPage - 1) / AppDatabase.logPerPage)
        if page > pageCount { throw AppError.notFound }
        func url(_ n: Int) -> String {
            var items: [String] = []
            if let action = filter.action { items.append("action=\(action.rawValue)") }
            if !handle.isEmpty { items.append("actor=\(handle.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
            if n > 1 { items.append("page=\(n)") }
            return baseURL + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
        }
        return ModerationLogPage(
            heading: heading, community: community.map { CommunityHeader($0) },
            action: actionParam,
            actions: ModerationAction.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == filter.action) },
            actor: actorParam,
            entries: rows.map { row in
                let a = row.moderationAction
                return LogEntry(
                    when: Formatting.moment(a.createdAt), whenISO: Formatting.iso(a.createdAt),
                    actorName: row.actor?.displayName ?? (a.actorId == nil ? "Automatic" : "A former member"),
                    actorURL: row.actor.map { Paths.user($0.handle) }, action: a.action.label,
                    target: a.targetLabel.nonEmpty ?? a.targetType.rawValue,
                    communityName: row.community?.name, communityURL: row.community.map(Paths.community),
                    reason: a.reason.nonEmpty)
            },
            totalLabel: total == 1 ? "1 entry." : "\(total) entries.",
            pagination: Pagination.make(current: page, total: pageCount, url: url),
            filtered: filter.action != nil || !handle.isEmpty, clearURL: baseURL)
    }
}
