import Foundation
import GRDB

/// How a library is ordered (featured resources always first, outdated ones after current ones).
public enum ResourceSort: String, Sendable, CaseIterable {
    case newest, helpful, title

    public var label: String {
        switch self {
        case .newest: "Newest"
        case .helpful: "Most helpful"
        case .title: "Title"
        }
    }
}

/// What the library page shows: filters by type, tag and audience, a sort, and (for moderators) archived ones too.
public struct ResourceLibraryFilter: Sendable, Equatable {
    public var type: Resource.Kind?
    public var tag: String?
    public var audience: String?
    public var sort: ResourceSort = .newest
    public var includeArchived = false

    public init() {}
}

/// The tags and audiences in use in a library, for its filter form.
public struct ResourceFacets: Sendable {
    public var tags: [(tag: String, count: Int)]
    public var audiences: [String]
}

extension AppDatabase {
    public static let resourcesPerPage = 30

    /// One page of a community's library that `visible` (the Guardian's `visibleResourceSQL(in:)`) allows, with the
    /// number of matching resources. Order: featured, then current, then outdated (archived last when shown),
    /// each group by the chosen sort.
    public func resourceLibrary(communityID: Int64, visible: SQL, filter: ResourceLibraryFilter,
                                page: Int) async throws -> (rows: [ResourceRow], total: Int) {
        try await reader.read { db in
            var conditions: SQL = "community_id = \(communityID) AND \(visible)"
            if !filter.includeArchived { conditions += " AND archived_at IS NULL" }
            if let type = filter.type { conditions += " AND type = \(type.rawValue)" }
            if let tag = filter.tag { conditions += " AND id IN (SELECT resource_id FROM resource_tag WHERE tag = \(tag))" }
            if let audience = filter.audience { conditions += " AND audience = \(audience) COLLATE NOCASE" }
            let order: SQL = switch filter.sort {
            case .newest: "created_at DESC, id DESC"
            case .helpful: "helpful_count DESC, created_at DESC, id DESC"
            case .title: "title COLLATE NOCASE, id"
            }
            let total = try SQLRequest<Int>(literal: "SELECT COUNT(*) FROM resource WHERE \(conditions)").fetchOne(db) ?? 0
            let resources = try SQLRequest<Resource>(literal: """
                SELECT * FROM resource WHERE \(conditions)
                ORDER BY archived_at IS NOT NULL, featured_at IS NULL, outdated_at IS NOT NULL, \(order)
                LIMIT \(Self.resourcesPerPage) OFFSET \((page - 1) * Self.resourcesPerPage)
                """).fetchAll(db)
            return (try Self.rows(db, resources), total)
        }
    }

    /// Resources with their tags and authors, in the order given.
    static func rows(_ db: Database, _ resources: [Resource]) throws -> [ResourceRow] {
        let tags = try Self.tags(db, resourceIDs: resources.compactMap(\.id))
        let authorIDs = Array(Set(resources.compactMap(\.authorId)))
        let authors = Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: authorIDs).map { ($0.id!, $0) })
        return resources.map { ResourceRow(resource: $0, tags: tags[$0.id!] ?? [], author: $0.authorId.flatMap { authors[$0] }) }
    }

    /// The most used tags (at most 40) and the audiences of the library's listed resources.
    public func resourceFacets(communityID: Int64, visible: SQL) async throws -> ResourceFacets {
        try await reader.read { db in
            let listed: SQL = "community_id = \(communityID) AND archived_at IS NULL AND \(visible)"
            let tags = try SQLRequest<Row>(literal: """
                SELECT tag, COUNT(*) AS n FROM resource_tag WHERE resource_id IN (SELECT id FROM resource WHERE \(listed))
                GROUP BY tag ORDER BY n DESC, tag LIMIT 40
                """).fetchAll(db).map { (tag: $0["tag"] as String, count: $0["n"] as Int) }
            let audiences = try SQLRequest<String>(literal: """
                SELECT DISTINCT audience FROM resource WHERE \(listed) AND audience <> '' ORDER BY audience COLLATE NOCASE LIMIT 40
                """).fetchAll(db)
            return ResourceFacets(tags: tags.sorted { $0.tag < $1.tag }, audiences: audiences)
        }
    }
}
