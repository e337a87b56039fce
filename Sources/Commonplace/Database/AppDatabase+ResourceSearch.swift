import Foundation
import GRDB

/// One resource found by a search, with the snippet that matched.
public struct ResourceSearchHit: Sendable {
    public let resource: Resource
    public let community: Community
    /// The snippet with matches between `SearchEngine.markStart` and `markEnd`.
    public let snippet: String
}

extension AppDatabase {
    /// The best resources matching the query's words (title, description, tags, audience) that `visible` (the
    /// Guardian's condition on the `community` table) allows: current ones first, then outdated, each by bm25
    /// (title weighted highest, then tags). Held and archived resources are not in the index. Filters that only
    /// apply to discussions (board, kind, answered) leave no resources; `in:`, `author:`, `after:` and `before:` apply.
    /// With `anyOf` (the meaningful clauses of a sentence-like query, `SearchRelaxing`), a resource holding any of them
    /// is found, ranked by bm25 (how many of the words it holds, and how rare they are).
    public func searchResources(_ query: SearchQuery, visible: SQL, limit: Int, anyOf clauses: [[SearchQuery.Atom]]? = nil) async throws
        -> (hits: [ResourceSearchHit], hasMore: Bool) {
        guard let expression = FTSExpression(query), query.board == nil, query.kind == nil, query.answered == nil,
              !query.meetingsOnly else {
            return ([], false)
        }
        let match = clauses.map { FTSExpression.anyOf($0, excluding: query.excluded) } ?? expression.title
        return try await reader.read { db in
            var filters: SQL = ""
            if let slug = query.community { filters += " AND community.slug = \(slug)" }
            if let handle = query.author { filters += " AND r.author_id = (SELECT id FROM user WHERE handle = \(handle))" }
            if let after = query.after { filters += " AND r.created_at >= \(after)" }
            if let before = query.before { filters += " AND r.created_at < \(before)" }
            // Cached statements: this runs beside every first page of discussion results.
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT r.id, r.community_id,
                       snippet(resource_search, -1, \(SearchEngine.markStart), \(SearchEngine.markEnd), '…', 20) AS snippet
                FROM resource_search
                CROSS JOIN resource r ON r.id = resource_search.rowid
                CROSS JOIN community ON community.id = r.community_id
                WHERE resource_search MATCH \(match) AND \(visible)
                  AND r.held_at IS NULL AND r.archived_at IS NULL \(filters)
                ORDER BY r.outdated_at IS NOT NULL, bm25(resource_search, 10.0, 1.0, 4.0, 2.0), r.id DESC
                LIMIT \(limit + 1)
                """)
            var rows: [(id: Int64, community: Int64, snippet: String)] = []
            while let row = try cursor.next() { rows.append((try row.decode(atIndex: 0), try row.decode(atIndex: 1), try row.decode(atIndex: 2))) }
            let page = rows.prefix(limit)
            guard !page.isEmpty else { return ([], false) }
            let resources = Dictionary(uniqueKeysWithValues: try Resource.fetchAll(
                db, cached: "SELECT * FROM resource WHERE id IN (SELECT value FROM json_each(?))", [Self.jsonArray(page.map(\.id))]
            ).map { ($0.id!, $0) })
            let communities = Dictionary(uniqueKeysWithValues: try Community.fetchAll(
                db, cached: "SELECT * FROM community WHERE id IN (SELECT value FROM json_each(?))", [Self.jsonArray(Array(Set(page.map(\.community))))]
            ).map { ($0.id!, $0) })
            let hits = page.compactMap { row -> ResourceSearchHit? in
                guard let resource = resources[row.id], let community = communities[row.community] else { return nil }
                return ResourceSearchHit(resource: resource, community: community, snippet: row.snippet)
            }
            return (hits, rows.count > limit)
        }
    }
}
