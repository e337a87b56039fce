import Foundation
import GRDB

extension AppDatabase {
    /// Searches what `visible` (the Guardian's condition on the `community` table) allows, grouped by discussion.
    ///
    /// Every statement is prepared once per connection (`cachedSQL`: the SQL text depends only on the shape of the
    /// query and of the Guardian's filter, never on values), and rows are read by position.
    public func search(_ query: SearchQuery, visible: SQL, sort: SearchSort, page: Int,
                       perPage: Int = SearchEngine.perPage) async throws -> SearchResults {
        guard let expression = FTSExpression(query), !query.meetingsOnly else { return SearchResults(hits: [], hasMore: false) }
        return try await reader.read { db in
            let table = expression.stemmed != nil ? "search_stemmed" : "search_exact"
            let match = expression.stemmed ?? expression.exact!
            var ranking = SearchRanking()
            try Self.bodyMatches(db, expression, table: table, query: query, visible: visible, into: &ranking)
            try Self.titleMatches(db, expression.title, query: query, visible: visible, into: &ranking)
            let ordered = ranking.ordered(by: sort)
            let start = (page - 1) * perPage
            guard start < ordered.count else { return SearchResults(hits: [], hasMore: false) }
            let hits = try Self.searchHits(db, ordered[start..<min(start + perPage, ordered.count)], table: table, match: match)
            return SearchResults(hits: hits, hasMore: ordered.count > start + perPage)
        }
    }

    /// Body matches: the most recent ones, unranked. bm25 here would first count every document holding each term (all
    /// of a common term's ~700,000 posts), which is what made common-term searches slow. CROSS JOIN keeps the FTS table
    /// as the outer loop: matches stream in rowid order and LIMIT stops early. The discussion is joined only when a
    /// filter reads it, and `in:` compares the document's community id, so a match outside it costs one lookup.
    ///
    /// A query with both kinds of terms runs `expression.mixed` on the stemmed index and keeps the candidates whose
    /// text matches `exact` (checked in `SearchScratch`), batch after batch until the window is full. It used to keep
    /// `rowid IN (SELECT rowid FROM search_exact WHERE …)`, which SQLite ran as one FTS5 query per match of the exact
    /// term: 28 s for "PHI consent" at a million posts.
    /// True when the window filled up: there may be more matches than were ranked.
    @discardableResult
    static func bodyMatches(_ db: Database, _ expression: FTSExpression, table: String, query: SearchQuery, visible: SQL,
                            into ranking: inout SearchRanking) throws -> Bool {
        let match = expression.mixed ?? expression.stemmed ?? expression.exact!
        let discussion: SQL = query.kind != nil || query.answered != nil ? "CROSS JOIN discussion d ON d.id = sd.discussion_id" : ""
        let text: SQL = expression.mixed != nil ? ", sd.title, sd.body" : ""
        let filters = filterSQL(query)
        var kept = 0
        var below: Int64?
        while kept < SearchEngine.rankingWindow {
            let wanted = SearchEngine.rankingWindow - kept
            let range: SQL = below.map { "AND \(sql: table).rowid < \($0)" } ?? ""
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT \(sql: table).rowid, sd.discussion_id, sd.created_at \(text)
                FROM \(sql: table)
                CROSS JOIN search_document sd ON sd.post_id = \(sql: table).rowid
                CROSS JOIN community ON community.id = sd.community_id
                \(discussion)
                WHERE \(sql: table) MATCH \(match) \(range) AND \(visible) \(filters)
                ORDER BY \(sql: table).rowid DESC
                LIMIT \(wanted)
                """)
            var rows: [(post: Int64, discussion: Int64, date: Date)] = []
            var documents: [SearchScratch.Document] = []
            while let row = try cursor.next() {
                rows.append((try row.decode(atIndex: 0), try row.decode(atIndex: 1), try row.storedDate(atIndex: 2)))
                if expression.mixed != nil {
                    documents.append(.init(id: rows.last!.post, title: try row.decode(atIndex: 3), body: try row.decode(atIndex: 4)))
                }
            }
            let exact = try expression.mixed.map { _ in
                try SearchScratch.shared.matching(documents, table: "search_exact", expression: expression.exact!)
            }
            for row in rows where exact?.contains(row.post) ?? true {
                ranking.add(post: row.post, discussion: row.discussion, score: 0, date: row.date)
                kept += 1
            }
            guard exact != nil, rows.count == wanted, let last = rows.last else { return rows.count == wanted }
            below = last.post
        }
        return true
    }

    /// Title matches come from the small title index (bm25 over 100,000 titles is cheap), each standing for its
    /// discussion's opening post; they rank above body-only matches, which follow newest first. The opening post is
    /// found in the (discussion_id, number) index alone and everything else is read from its search document (whose
    /// community, board and date the triggers keep equal to the discussion's and the post's); the discussion is
    /// joined only when a filter reads it. Before, each title match read the discussion and post rows as well.
    /// True when the window filled up: there may be more title matches than were ranked.
    @discardableResult
    static func titleMatches(_ db: Database, _ match: String, query: SearchQuery, visible: SQL,
                             into ranking: inout SearchRanking) throws -> Bool {
        let discussion: SQL = query.kind != nil || query.answered != nil ? "CROSS JOIN discussion d ON d.id = sd.discussion_id" : ""
        let rows = try Row.fetchCursor(db, cachedSQL: """
            SELECT p.id, bm25(search_title) - 1000.0, sd.discussion_id, sd.created_at
            FROM search_title
            CROSS JOIN post p ON p.discussion_id = search_title.rowid AND p.number = 1
            CROSS JOIN search_document sd ON sd.post_id = p.id
            CROSS JOIN community ON community.id = sd.community_id
            \(discussion)
            WHERE search_title MATCH \(match) AND \(visible) \(filterSQL(query))
            ORDER BY search_title.rowid DESC
            LIMIT \(SearchEngine.titleWindow)
            """)
        var count = 0
        while let row = try rows.next() {
            ranking.add(post: try row.decode(atIndex: 0), discussion: try row.decode(atIndex: 2), score: try row.decode(atIndex: 1),
                        date: try row.storedDate(atIndex: 3))
            count += 1
        }
        return count == SearchEngine.titleWindow
    }

    /// The filters of a query as SQL conditions on `d` (discussion) and `sd` (search document). `in:` compares the
    /// document's community id with the slug's (a subquery run once), so it is checked before the community row is read.
    static func filterSQL(_ query: SearchQuery) -> SQL {
        var sql: SQL = ""
        if let slug = query.community { sql += " AND sd.community_id = (SELECT id FROM community WHERE slug = \(slug))" }
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
