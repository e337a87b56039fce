import Foundation
import GRDB

/// What the site-wide moderation log can be narrowed to.
public struct SiteLogFilter: Sendable, Equatable {
    public var action: ModerationAction.Kind?
    public var communityID: Int64?
    public var actorID: Int64?

    public init(action: ModerationAction.Kind? = nil, communityID: Int64? = nil, actorID: Int64? = nil) {
        self.action = action
        self.communityID = communityID
        self.actorID = actorID
    }
}

/// One log row with the names of who did it and where, as they are now.
public struct SiteLogRow: Sendable {
    public let entry: ModerationAction
    public let actorHandle: String?
    public let actorName: String?
    public let communitySlug: String?
    public let communityName: String?
}

extension AppDatabase {
    /// Every moderation and site-admin action matching `filter`, newest first, one page of them, with the number that match.
    public func siteLog(_ filter: SiteLogFilter, page: Int, perPage: Int) async throws -> (rows: [SiteLogRow], total: Int) {
        try await reader.read { db in
            var conditions: [SQL] = []
            if let action = filter.action { conditions.append("ma.action = \(action.rawValue)") }
            if let id = filter.communityID { conditions.append("ma.community_id = \(id)") }
            if let id = filter.actorID { conditions.append("ma.actor_id = \(id)") }
            let whereClause: SQL = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
            let total = try Int.fetchOne(db, SQLRequest<Int>(literal: "SELECT COUNT(*) FROM moderation_action ma \(whereClause)")) ?? 0
            let request = SQLRequest<Row>(literal: """
                SELECT ma.*, u.handle AS actor_handle, u.display_name AS actor_name, c.slug AS community_slug, c.name AS community_name
                FROM moderation_action ma
                LEFT JOIN user u ON u.id = ma.actor_id
                LEFT JOIN community c ON c.id = ma.community_id
                \(whereClause)
                ORDER BY ma.created_at DESC, ma.id DESC
                LIMIT \(perPage) OFFSET \((page - 1) * perPage)
                """)
            let rows = try Row.fetchAll(db, request).map { row in
                SiteLogRow(entry: try ModerationAction(row: row), actorHandle: row["actor_handle"], actorName: row["actor_name"],
                           communitySlug: row["community_slug"], communityName: row["community_name"])
            }
            return (rows, total)
        }
    }
}
