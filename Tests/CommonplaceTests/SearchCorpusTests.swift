import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("Search query corpus")
struct SearchCorpusTests {
    /// FTS5 tables with the tokenizers of the real indexes (migrations 0007, 0008), a few rows so every query runs.
    static func indexes() throws -> DatabaseQueue {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE search_stemmed USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE search_exact USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE search_title USING fts5(title, tokenize='porter unicode61 remove_diacritics 2');
                """)
            for (title, body) in [("PHI consent", "data sharing with the clinic"), ("EMR audit", "phi or emr, consent given"),
                                  ("日本語 検索", "naïve résumé straße"), ("AI GL", "immunization data sharing")] {
                try db.execute(sql: "INSERT INTO search_stemmed(title, body) VALUES (?, ?)", arguments: [title, body])
                try db.execute(sql: "INSERT INTO search_exact(title, body) VALUES (?, ?)", arguments: [title, body])
                try db.execute(sql: "INSERT INTO search_title(title) VALUES (?)", arguments: [title])
            }
        }
        return db
    }

    /// The MATCH expressions a query compiles to, with the table each is run against.
    static func expressions(_ text: String) -> [(table: String, match: String)] {
        guard let fts = FTSExpression(SearchQuery.parse(text)) else { return [] }
        return [("search_stemmed", fts.stemmed), ("search_exact", fts.exact), ("search_title", fts.title)]
            .compactMap { table, match in match.map { (table, $0) } }
    }

    @Test("10,000 random queries over the whole syntax all compile to FTS5 expressions SQLite accepts")
    func randomQueriesCompile() throws {
        let db = try Self.indexes()
        var corpus = QueryCorpus(seed: 2026)
        var failures: [String] = []
        var compiled = 0
        try db.read { db in
            for _ in 0..<10_000 {
                let text = corpus.query()
                for (table, match) in Self.expressions(text) {
                    do {
                        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(table) MATCH ?", arguments: [match])
                        compiled += 1
                    } catch let error as DatabaseError {
                        failures.append("\(text.suffix(120)) → \(match.suffix(120)): \(error.message ?? "")")
                    }
                }
            }
        }
        #expect(compiled > 10_000, "most queries have terms, so most reach SQLite")
        #expect(failures.isEmpty, "\(failures.count) failed, e.g.\n\(failures.prefix(8).joined(separator: "\n"))")
    }

    @Test("an OR group, a parenthesised group or a phrase next to other terms is joined with AND")
    func groupsNextToTerms() throws {
        let db = try Self.indexes()
        let cases = ["a OR b c", "(phi OR emr) consent", "phi OR emr \"data sharing\"", "consent (phi OR emr)",
                     "clinic -audit phi OR emr", "immun* (ai OR gl) -x"]
        try db.read { db in
            for text in cases {
                let expressions = Self.expressions(text)
                #expect(!expressions.isEmpty, "\(text)")
                for (table, match) in expressions {
                    #expect(throws: Never.self, "\(text) → \(match)") {
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(table) MATCH ?", arguments: [match])
                    }
                }
            }
            // The grouping means what it says: (PHI or EMR) and consent, which one title has and another has not.
            let title = try #require(Self.expressions("(phi OR emr) consent").first { $0.table == "search_title" })
            #expect(try String.fetchAll(db, sql: "SELECT title FROM search_title WHERE search_title MATCH ?",
                                        arguments: [title.match]) == ["PHI consent"])
        }
    }
}
