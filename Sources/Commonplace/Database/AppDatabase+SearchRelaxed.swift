import Foundation
import GRDB

extension AppDatabase {
    /// "Match most of your words" (`SearchRelaxing`): the newest matches of each meaningful clause on its own are the
    /// candidates; each candidate post scores the weights of the clauses it holds (half as much again for those in its
    /// title), and those holding enough of them join `ranking` after every discussion that matched all the words.
    ///
    /// Every statement is bounded: one per clause reading at most `SearchRelaxing.window` matches newest first (as the
    /// strict search does), then one read of the candidates' text and one scratch index (`SearchScratch`) per tokenizer
    /// to learn which clauses each holds, instead of an OR query ranked over every matching post.
    static func relaxedMatches(_ db: Database, clauses: [[SearchQuery.Atom]], weights: [Double], query: SearchQuery,
                               visible: SQL, into ranking: inout SearchRanking) throws {
        let discussion: SQL = query.kind != nil || query.answered != nil ? "CROSS JOIN discussion d ON d.id = sd.discussion_id" : ""
        let filters = filterSQL(query)
        var candidates: [Int64: (discussion: Int64, date: Date)] = [:]
        let tables = clauses.map { $0.allSatisfy(FTSExpression.isExact) ? "search_exact" : "search_stemmed" }
        for (clause, table) in zip(clauses, tables) {
            let match = FTSExpression.expression([clause], excluding: query.excluded)
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT \(sql: table).rowid, sd.discussion_id, sd.created_at
                FROM \(sql: table)
                CROSS JOIN search_document sd ON sd.post_id = \(sql: table).rowid
                CROSS JOIN community ON community.id = sd.community_id
                \(discussion)
                WHERE \(sql: table) MATCH \(match) AND \(visible) \(filters)
                ORDER BY \(sql: table).rowid DESC
                LIMIT \(SearchRelaxing.window)
                """)
            while let row = try cursor.next() {
                candidates[try row.decode(atIndex: 0)] = (try row.decode(atIndex: 1), try row.storedDate(atIndex: 2))
            }
        }
        guard !candidates.isEmpty else { return }
        var documents: [SearchScratch.Document] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT post_id, title, body FROM search_document WHERE post_id IN (SELECT value FROM json_each(?))
            """), arguments: [jsonArray(Array(candidates.keys))])
        while let row = try rows.next() {
            documents.append(.init(id: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1), body: try row.decode(atIndex: 2)))
        }
        var scores: [Int64: (weight: Double, count: Int)] = [:]
        for table in Set(tables) {
            let mine = clauses.indices.filter { tables[$0] == table }
            let expressions = mine.flatMap { index -> [String] in
                let clause = FTSExpression.expression([clauses[index]], excluding: [])
                return [clause, "title : (\(clause))"]
            }
            let matched = try SearchScratch.shared.matchingEach(documents, table: table, expressions: expressions)
            for (position, index) in mine.enumerated() {
                for post in matched[2 * position] { scores[post, default: (0, 0)].weight += weights[index]; scores[post, default: (0, 0)].count += 1 }
                for post in matched[2 * position + 1] { scores[post, default: (0, 0)].weight += weights[index] / 2 }
            }
        }
        for (post, score) in scores where SearchRelaxing.enough(matched: score.count, of: clauses.count) {
            guard let candidate = candidates[post] else { continue }
            // After every strict match (scores at most 0), best first.
            ranking.add(post: post, discussion: candidate.discussion, score: 1_000 - score.weight, date: candidate.date)
        }
    }

    /// The expression that marks every clause's words in a relaxed result's snippet, and the table it runs on.
    static func relaxedSnippetMatch(_ clauses: [[SearchQuery.Atom]]) -> (table: String, match: String) {
        let table = clauses.allSatisfy { $0.allSatisfy(FTSExpression.isExact) } ? "search_exact" : "search_stemmed"
        return (table, clauses.map { "(" + FTSExpression.expression([$0], excluding: []) + ")" }.joined(separator: " OR "))
    }
}
