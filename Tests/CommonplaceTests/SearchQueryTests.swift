import Foundation
import Testing
@testable import Commonplace

@Suite("Search query parsing")
struct SearchQueryTests {
    @Test("words, phrases, exclusions, OR, prefixes and filters are read as the user means them")
    func syntax() {
        let q = SearchQuery.parse(#"phishing "simulation results" -training immun* PHI OR PHIPA in:security kind:question is:unanswered after:2025-01-31 author:@Amara"#)
        #expect(q.clauses == [
            [.word("phishing", prefix: false)], [.phrase(["simulation", "results"])], [.word("immun", prefix: true)],
            [.word("phi", prefix: false), .word("phipa", prefix: false)],
        ])
        #expect(q.excluded == [.word("training", prefix: false)])
        #expect(q.community == "security")
        #expect(q.kind == .question)
        #expect(q.answered == false)
        #expect(q.author == "amara")
        #expect(q.after == SearchQuery.date("2025-01-31"))
        let fts = try! #require(FTSExpression(q))
        #expect(fts.stemmed == #""phishing" AND "simulation results" AND "immun" * NOT "training""#)
        #expect(fts.exact == #"("phi" OR "phipa")"#)
        #expect(fts.title == #""phishing" AND "simulation results" AND "immun" * AND ("phi" OR "phipa") NOT "training""#)
    }

    @Test("FTS5 syntax typed by users is quoted or explained, never passed through")
    func keywordsAreLiteral() {
        let q = SearchQuery.parse(#"title:phi NEAR(a b) AND NOT spam col:x {title}:y ^start"#)
        let fts = FTSExpression(q)
        #expect(q.notes.contains { $0.contains("no filter “title:”") })
        #expect(q.notes.contains { $0.contains("AND is not needed") })
        #expect(q.excluded == [.word("spam", prefix: false)])
        for expression in [fts?.stemmed, fts?.exact, fts?.title].compactMap({ $0 }) {
            // Only quoted tokens, AND, OR, NOT, parentheses and * may appear outside quotes.
            let outside = expression.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
            let words = outside.split(whereSeparator: { " ()".contains($0) })
            #expect(words.allSatisfy { ["AND", "OR", "NOT", "*"].contains($0) }, "\(expression)")
        }
    }

    @Test("bad input is searched literally or explained, never an error")
    func badInput() {
        let cases: [(String, (SearchQuery) -> Bool)] = [
            ("\"unbalanced quote", { $0.notes.contains { $0.contains("not closed") } && $0.clauses == [[.phrase(["unbalanced", "quote"])]] }),
            ("OR", { $0.clauses.isEmpty && $0.notes.contains { $0.contains("OR needs") } }),
            ("*", { $0.clauses.isEmpty && $0.notes.contains { $0.contains("* needs letters") } }),
            ("?!.,;", { $0.clauses.isEmpty }),
            ("-only", { $0.clauses.isEmpty && $0.notes.contains { $0.contains("exclusions alone") } }),
            ("after:2025-02-30 before:yesterday", { $0.after == nil && $0.before == nil && $0.notes.count == 2 }),
            ("kind:poll is:maybe", { $0.kind == nil && $0.answered == nil && $0.notes.count == 2 }),
            (String(repeating: "x", count: 5_000), { $0.clauses == [[.word(String(repeating: "x", count: 64), prefix: false)]] }),
            ((1...1_000).map { "w\($0)" }.joined(separator: " "), { $0.clauses.count == SearchQuery.Limits.maxClauses }),
        ]
        for (input, check) in cases {
            #expect(check(SearchQuery.parse(input)), "\(input.prefix(40))")
        }
    }
}
