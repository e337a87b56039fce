import Foundation
import GRDB

extension AppDatabase {
    /// A page of results with what the page shows of each: its discussion, board, community, the best post's number,
    /// date and author, and a snippet. One statement per kind of row, whatever the page's length.
    static func searchHits(_ db: Database, _ items: ArraySlice<(discussion: Int64, best: SearchRanking.Best)>,
                           table: String, match: String?) throws -> [SearchHit] {
        let postIDs = items.map(\.best.post)
        let snippets = try searchSnippets(db, table: table, match: match, postIDs: postIDs)
        var posts: [Int64: (number: Int, date: Date, author: Int64?)] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, number, created_at, author_id FROM post WHERE id IN (SELECT value FROM json_each(?))
            """), arguments: [jsonArray(postIDs)])
        while let row = try rows.next() {
            posts[try row.decode(atIndex: 0)] = (try row.decode(atIndex: 1), try row.storedDate(atIndex: 2), try row.decode(atIndex: 3))
        }
        let authors = try Self.authors(db, ids: posts.values.compactMap(\.author))
        let discussions = try Discussion.fetchAll(db, cached: "SELECT * FROM discussion WHERE id IN (SELECT value FROM json_each(?))",
                                                  [jsonArray(items.map(\.discussion))])
        let boards = try Board.fetchAll(db, cached: "SELECT * FROM board WHERE id IN (SELECT value FROM json_each(?))",
                                        [jsonArray(Array(Set(discussions.map(\.boardId))))])
        let communities = try Community.fetchAll(db, cached: "SELECT * FROM community WHERE id IN (SELECT value FROM json_each(?))",
                                                 [jsonArray(Array(Set(discussions.map(\.communityId))))])
        let discussionsByID = Dictionary(uniqueKeysWithValues: discussions.map { ($0.id!, $0) })
        let boardsByID = Dictionary(uniqueKeysWithValues: boards.map { ($0.id!, $0) })
        let communitiesByID = Dictionary(uniqueKeysWithValues: communities.map { ($0.id!, $0) })
        return items.compactMap { item -> SearchHit? in
            guard let discussion = discussionsByID[item.discussion], let post = posts[item.best.post],
                  let board = boardsByID[discussion.boardId], let community = communitiesByID[discussion.communityId]
            else { return nil }
            return SearchHit(discussion: discussion, community: community, board: board, author: post.author.flatMap { authors[$0] },
                             postID: item.best.post, postNumber: post.number, postDate: post.date, snippet: snippets[item.best.post] ?? "")
        }
    }

    /// Snippets of the given posts (matches between `SearchEngine.markStart` and `markEnd`), cut from their indexed
    /// text in `SearchScratch`: on `table` itself, `rowid IN (…)` costs one FTS5 query per post (3–5 ms a page).
    /// Without `match` (filters alone), each post's opening lines.
    static func searchSnippets(_ db: Database, table: String, match: String?, postIDs: [Int64]) throws -> [Int64: String] {
        guard !postIDs.isEmpty else { return [:] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT post_id, title, body FROM search_document WHERE post_id IN (SELECT value FROM json_each(?))
            """), arguments: [jsonArray(postIDs)])
        var documents: [SearchScratch.Document] = []
        while let row = try rows.next() {
            documents.append(.init(id: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), body: try row.decode(atIndex: 2)))
        }
        guard let match else {
            return Dictionary(documents.map { ($0.id, SnippetText.opening($0.body)) }, uniquingKeysWith: { first, _ in first })
        }
        return try SearchScratch.shared.snippets(documents, table: table, expression: match)
    }
}
