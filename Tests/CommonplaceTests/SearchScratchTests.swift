import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("Search scratch tables")
struct SearchScratchTests {
    @Test("the scratch tables are tokenized like the real indexes")
    func sameTokenizers() async throws {
        let database = try AppDatabase.inMemory()
        for (table, tokenizer) in SearchScratch.tokenizers {
            let sql = try await database.reader.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])
            }
            #expect(sql?.contains("tokenize='\(tokenizer)'") == true, "\(table): \(sql ?? "missing")")
        }
    }

    /// Documents of every kind the corpus words make: plurals of acronyms, accents, other scripts, long bodies.
    static func documents(count: Int) -> [SearchScratch.Document] {
        var corpus = QueryCorpus(seed: 7)
        let extra = ["PHIs", "AIs", "EMRs", "consents", "happy", "happiness", "immunizations", "<b>x</b>", "\u{E000}", "a.b-c"]
        return (1...count).map { n in
            let words = (0..<Int.random(in: 1...120, using: &corpus.random)).map { _ in
                corpus.chance(20) ? corpus.pick(extra) : corpus.pick(QueryCorpus.words)
            }
            return SearchScratch.Document(id: Int64(n), title: n % 3 == 0 ? words.prefix(6).joined(separator: " ") : "",
                                          body: words.joined(separator: n % 2 == 0 ? " " : ", "))
        }
    }

    @Test("snippets and exact matches from the scratch tables are the ones the real indexes give, for 500 generated queries")
    func sameAnswersAsTheIndex() async throws {
        // Given the documents indexed through the real schema and triggers
        let database = try AppDatabase.inMemory()
        let documents = Self.documents(count: 300)
        try await database.writer.write { db in
            for d in documents {
                try db.execute(sql: """
                    INSERT INTO search_document (post_id, discussion_id, community_id, board_id, author_id, created_at, title, body)
                    VALUES (?, 1, 1, 1, NULL, '2025-01-01 00:00:00.000', ?, ?)
                    """, arguments: [d.id, d.title, d.body])
            }
        }
        var corpus = QueryCorpus(seed: 11)
        var compared = 0
        var withMatches = 0
        for _ in 0..<500 {
            guard let expression = FTSExpression(SearchQuery.parse(corpus.query())) else { continue }
            for (table, match) in [("search_stemmed", expression.stemmed), ("search_exact", expression.exact)] {
                guard let match else { continue }
                // When the index and the scratch table answer
                let indexed = try await database.reader.read { db in
                    try Row.fetchAll(db, sql: """
                        SELECT rowid, snippet(\(table), -1, ?, ?, '…', 20) FROM \(table) WHERE \(table) MATCH ?
                        """, arguments: [SearchEngine.markStart, SearchEngine.markEnd, match])
                }
                let snippets = try SearchScratch.shared.snippets(documents, table: table, expression: match)
                let matching = try SearchScratch.shared.matching(documents, table: table, expression: match)
                // Then they agree, document by document
                #expect(Set(indexed.map { $0[0] as Int64 }) == matching, "\(table) \(match)")
                #expect(Dictionary(uniqueKeysWithValues: indexed.map { ($0[0] as Int64, $0[1] as String) }) == snippets, "\(table) \(match)")
                compared += 1
                if !matching.isEmpty { withMatches += 1 }
            }
        }
        #expect(compared > 300)
        #expect(withMatches > 100, "most expressions match some documents, so snippets are compared")
    }

    @Test("a term with an acronym finds the exact acronym only, even past a window of plural-only matches")
    func mixedQueryKeepsExactMatches() async throws {
        // Given an older discussion with "PHI", and a newer one with more than a window of posts saying "PHIs"
        let f = try await ForumFixture.make()
        let (exact, _) = try await f.question(title: "Opening notes")
        try await f.app.database.editPost(id: try #require(try await f.app.database.post(discussionID: exact.id!, number: 1)).post.id!,
                                          PostEdit(body: .from("Our PHI consent form"), editorID: f.author.id!, now: f.app.clock.now))
        let (plural, _) = try await f.question(title: "Later notes")
        for n in 0..<(SearchEngine.rankingWindow + 5) {
            _ = try await f.app.database.reply(discussionID: plural.id!, authorID: f.member.id!,
                                               body: .from("PHIs and consent, reply \(n)"), now: f.app.clock.now.addingTimeInterval(Double(n)))
        }
        // When a member searches for the acronym and a word
        let results = try await f.app.database.search(SearchQuery.parse("PHI consent"), visible: "1", sort: .relevance, page: 1)
        // Then only the exact acronym's discussion is found
        #expect(results.hits.map(\.discussion.id) == [exact.id])
        #expect(results.hits.first?.snippet.contains("\(SearchEngine.markStart)consent\(SearchEngine.markEnd)") == true)
    }
}
