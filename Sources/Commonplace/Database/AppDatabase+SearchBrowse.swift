import Foundation
import GRDB

extension AppDatabase {
    /// Counted exactly up to this many; past it a filter-only search says "more than".
    static let browseCountLimit = 1_000

    /// A search of filters alone (`is:unanswered in:privacy`): the discussions they allow, newest first, each shown by
    /// its opening post (the beginning of its text as the snippet). Only searchable openings are listed (not hidden,
    /// held or deleted), the same ones a search with words could find.
    func browse(_ query: SearchQuery, visible: SQL, page: Int, perPage: Int) async throws -> SearchResults {
        // `in:` said again on the discussion (its opening post's community is its own), so that the newest of one
        // community's discussions are read from its index instead of scanning every community's (40 ms at 1M posts).
        let community: SQL = query.community.map { " AND d.community_id = (SELECT id FROM community WHERE slug = \($0))" } ?? ""
        return try await reader.read { db in
            let from: SQL = """
                FROM discussion d
                CROSS JOIN community ON community.id = d.community_id
                CROSS JOIN post p ON p.discussion_id = d.id AND p.number = 1
                CROSS JOIN search_document sd ON sd.post_id = p.id
                WHERE \(visible) \(community) \(Self.filterSQL(query))
                """
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT d.id, p.id, p.created_at \(from)
                ORDER BY d.created_at DESC, d.id DESC
                LIMIT \(perPage + 1) OFFSET \((page - 1) * perPage)
                """)
            let total = try Int.fetchOne(db, cachedSQL: "SELECT count(*) FROM (SELECT 1 \(from) LIMIT \(Self.browseCountLimit + 1))") ?? 0
            let items = rows.prefix(perPage).map { row in
                (discussion: row[0] as Int64, best: SearchRanking.Best(post: row[1], score: 0, date: (try? row.storedDate(atIndex: 2)) ?? Date()))
            }
            let hits = try Self.searchHits(db, ArraySlice(items), table: "search_stemmed", match: nil)
            return SearchResults(hits: hits, hasMore: rows.count > perPage, total: min(total, Self.browseCountLimit),
                                 totalIsLowerBound: total > Self.browseCountLimit)
        }
    }
}
