import Foundation
import GRDB

/// How results are ordered.
public enum SearchSort: String, Sendable, CaseIterable {
    case relevance, newest
}

/// One discussion found, with its best-matching post.
public struct SearchHit: Sendable {
    public let discussion: Discussion
    public let community: Community
    public let board: Board
    public let author: User?
    public let postID: Int64
    public let postNumber: Int
    public let postDate: Date
    /// The snippet with matches between `SearchEngine.markStart` and `markEnd` (escape, then turn into `<mark>`).
    public let snippet: String
}

/// A page of results.
public struct SearchResults: Sendable {
    public let hits: [SearchHit]
    public let hasMore: Bool
}

/// Runs searches against the FTS5 indexes with bounded ranking work.
public enum SearchEngine {
    /// Private-use characters around matches in snippets (never typed by users in practice; stripped from input).
    static let markStart = "\u{E000}"
    static let markEnd = "\u{E001}"
    /// At most this many matching posts (the most recent ones) are considered per query. Ranking every match of a
    /// term found in most posts would take seconds; the title index keeps the best older results in reach.
    public static let rankingWindow = 400
    /// Title matches considered per query (the most recent ones): titles are strong signals, so fewer are needed.
    public static let titleWindow = 300
    public static let perPage = 20
    /// Resources shown above the discussions on a search's first page.
    public static let resourceResults = 5
}

extension AppDatabase {
    /// Searches what `visible` (the Guardian's condition on the `community` table) allows, grouped by discussion.
    public func search(_ query: SearchQuery, visible: SQL, sort: SearchSort, page: Int,
                       perPage: Int = SearchEngine.perPage) async throws -> SearchResults {
        guard let expression = FTSExpression(query) else { return SearchResults(hits: [], hasMore: false) }
        return try await reader.read { db in
            let filters = try Self.filterSQL(query, db: db)
            let table = expression.stemmed != nil ? "search_stemmed" : "search_exact"
            let match = expression.stemmed ?? expression.exact!
            let exactFilter: SQL = expression.stemmed != nil && expression.exact != nil
                ? "AND \(sql: table).rowid IN (SELECT rowid FROM search_exact WHERE search_exact MATCH \(expression.exact!))"
                : ""
            let visibleSQL: SQL = "AND \(visible)"
            // Body matches: the most recent ones, unranked. bm25 here would first count every document holding each
            // term (all of a common term's ~700,000 posts), which is what made common-term searches slow.
            // CROSS JOIN keeps the FTS table as the outer loop: matches stream in rowid order and LIMIT stops early.
            func candidates(_ expr: String) throws -> [Row] {
                let sql: SQL = """
                    SELECT \(sql: table).rowid AS post_id, 0.0 AS score, sd.discussion_id, sd.created_at
                    FROM \(sql: table)
                    CROSS JOIN search_document sd ON sd.post_id = \(sql: table).rowid
                    CROSS JOIN community ON community.id = sd.community_id
                    CROSS JOIN discussion d ON d.id = sd.discussion_id
                    WHERE \(sql: table) MATCH \(expr) \(exactFilter) \(visibleSQL) \(filters)
                    ORDER BY \(sql: table).rowid DESC
                    LIMIT \(SearchEngine.rankingWindow)
                    """
                return try SQLRequest<Row>(literal: sql).fetchAll(db)
            }
            // Title matches come from the small title index (bm25 over 100,000 titles is cheap), each standing for its
            // discussion's opening post; they rank above body-only matches, which follow newest first.
            let titleSQL: SQL = """
                SELECT p.id AS post_id, bm25(search_title) - 1000.0 AS score, p.discussion_id, p.created_at
                FROM search_title
                CROSS JOIN discussion d ON d.id = search_title.rowid
                CROSS JOIN community ON community.id = d.community_id
                CROSS JOIN post p ON p.discussion_id = d.id AND p.number = 1
                CROSS JOIN search_document sd ON sd.post_id = p.id
                WHERE search_title MATCH \(expression.title) \(visibleSQL) \(filters)
                ORDER BY search_title.rowid DESC
                LIMIT \(SearchEngine.titleWindow)
                """
            let rows = try candidates(match) + SQLRequest<Row>(literal: titleSQL).fetchAll(db)

            // Best post per discussion; relevance (bm25, title weighted) then recency, or newest first.
            var best: [Int64: (post: Int64, score: Double, date: Date)] = [:]
            for row in rows {
                let discussionID: Int64 = row["discussion_id"], score: Double = row["score"]
                let postID: Int64 = row["post_id"], date: Date = row["created_at"]
                if let current = best[discussionID], current.score <= score { continue }
                best[discussionID] = (postID, score, date)
            }
            let ordered = best.sorted { a, b in
                switch sort {
                case .relevance: a.value.score != b.value.score ? a.value.score < b.value.score : a.value.date > b.value.date
                case .newest: a.value.date != b.value.date ? a.value.date > b.value.date : a.value.score < b.value.score
                }
            }
            let start = (page - 1) * perPage
            guard start < ordered.count else { return SearchResults(hits: [], hasMore: false) }
            let pageItems = Array(ordered[start..<min(start + perPage, ordered.count)])
            let postIDs = pageItems.map(\.value.post)

            let snippets = try Dictionary(uniqueKeysWithValues: SQLRequest<Row>(literal: """
                SELECT rowid, snippet(\(sql: table), -1, \(SearchEngine.markStart), \(SearchEngine.markEnd), '…', 20) AS snippet
                FROM \(sql: table) WHERE \(sql: table) MATCH \(match) AND rowid IN \(postIDs)
                """).fetchAll(db).map { ($0["rowid"] as Int64, $0["snippet"] as String) })
            let details = try Post
                .filter(keys: postIDs)
                .including(optional: Post.author)
                .asRequest(of: PostRow.self)
                .fetchAll(db)
            let contexts = try Discussion
                .filter(keys: pageItems.map(\.key))
                .including(required: Discussion.board)
                .including(required: Discussion.community)
                .asRequest(of: DiscussionContext.self)
                .fetchAll(db)
            let postsByID = Dictionary(uniqueKeysWithValues: details.map { ($0.post.id!, $0) })
            let contextByID = Dictionary(uniqueKeysWithValues: contexts.map { ($0.discussion.id!, $0) })
            let hits = pageItems.compactMap { item -> SearchHit? in
                guard let context = contextByID[item.key], let post = postsByID[item.value.post] else { return nil }
                return SearchHit(discussion: context.discussion, community: context.community, board: context.board,
                                 author: post.author, postID: item.value.post, postNumber: post.post.number,
                                 postDate: post.post.createdAt, snippet: snippets[item.value.post] ?? "")
            }
            return SearchResults(hits: hits, hasMore: ordered.count > start + perPage)
        }
    }

    /// The filters of a query as SQL conditions on `community`, `d` (discussion) and `sd` (search document).
    static func filterSQL(_ query: SearchQuery, db: Database) throws -> SQL {
        var sql: SQL = ""
        if let slug = query.community { sql += " AND community.slug = \(slug)" }
        if let slug = query.board { sql += " AND sd.board_id IN (SELECT id FROM board WHERE slug = \(slug))" }
        if let handle = query.author { sql += " AND sd.author_id = (SELECT id FROM user WHERE handle = \(handle))" }
        if let kind = query.kind { sql += " AND d.kind = \(kind.rawValue)" }
        if let answered = query.answered {
            sql += answered ? " AND d.kind = 'question' AND d.accepted_post_id IS NOT NULL"
                : " AND d.kind = 'question' AND d.accepted_post_id IS NULL"
        }
        if let after = query.after { sql += " AND sd.created_at >= \(after)" }
        if let before = query.before { sql += " AND sd.created_at < \(before)" }
        return sql
    }
}
