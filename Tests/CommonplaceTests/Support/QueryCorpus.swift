import Foundation
@testable import Commonplace

/// Random search queries built from the whole user syntax (words, phrases, prefixes, OR, NOT, -word, parentheses,
/// filters, FTS5 keywords and punctuation typed as text, unicode), some cut at `SearchQuery.Limits.maxQueryLength`.
/// Deterministic for a given seed, so a failing query can be reproduced from the test's message.
struct QueryCorpus {
    /// SplitMix64: the same seed gives the same corpus on every machine.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let words = ["phi", "emr", "consent", "data", "sharing", "ai", "gl", "a", "b", "c", "clinic", "immunization",
                        "x", "the", "or", "and", "not", "near", "naïve", "Ærøskøbing", "日本語", "検索", "Ǆemal", "straße",
                        "İstanbul", "٣٤٥", "résumé", "e\u{301}cole", "ก่อน", "\u{0903}\u{0903}", "x\u{0301}\u{0301}", "🔐",
                        "w\u{200D}x", "ﬁle", "Ⅻ", "½", "\u{E000}mark\u{E001}", String(repeating: "long", count: 20), "2025"]
    static let operators = ["OR", "OR", "OR", "AND", "NOT", "or", "NEAR", "NEAR(", "-", "*", "**", "(", ")", "((", "))",
                            "^", "+", ":", "{title}:", "title:", "body:", "'", "`", "\\", "%", "\u{201C}", "\u{201D}", "\""]
    static let filters = ["in:privacy", "in:", "kind:question", "kind:lessons", "kind:poll", "author:@amara", "author:",
                          "is:answered", "is:maybe", "after:2025-01-31", "before:2025-02-30", "board:questions", "colour:blue",
                          "in:\"x y\"", "kind:\"question\""]

    var random: Random

    init(seed: UInt64) {
        random = Random(state: seed)
    }

    mutating func pick(_ list: [String]) -> String { list[Int.random(in: 0..<list.count, using: &random)] }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    /// One piece of a query: a word (maybe a prefix, excluded, or in parentheses), a phrase, an operator or a filter.
    mutating func piece() -> String {
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<40:
            var word = pick(Self.words)
            if chance(15) { word += "*" }
            if chance(10) { word = "-" + word }
            if chance(15) { word = "(" + word }
            if chance(15) { word += ")" }
            return word
        case 40..<55:
            let count = Int.random(in: 0...3, using: &random)
            let inner = (0..<count).map { _ in pick(Self.words) }.joined(separator: " ")
            let open = chance(10) ? "-\"" : "\""
            return open + inner + (chance(85) ? "\"" : "")
        case 55..<80: return pick(Self.operators)
        case 80..<92: return pick(Self.filters)
        default: return "(" + (0..<Int.random(in: 1...3, using: &random)).map { _ in pick(Self.words) }.joined(separator: " OR ") + ")"
        }
    }

    /// A query of 1–12 pieces joined by spaces (sometimes none); one in ten is padded so the length limit cuts it
    /// at a random place, and one in fifty has more clauses than `SearchQuery.Limits.maxClauses`.
    mutating func query() -> String {
        let count = chance(2) ? SearchQuery.Limits.maxClauses + 8 : Int.random(in: 1...12, using: &random)
        var text = (0..<count).map { _ in piece() }.joined(separator: chance(90) ? " " : "")
        if chance(10) {
            // A few words, then punctuation (no clauses) up to where the cut should fall inside `text`.
            let lead = (0..<Int.random(in: 0...4, using: &random)).map { _ in piece() }.joined(separator: " ") + " "
            let cut = Int.random(in: 0...text.count, using: &random)
            let padding = max(0, SearchQuery.Limits.maxQueryLength - cut - lead.count)
            text = lead + String(repeating: ". ", count: padding / 2) + (padding % 2 == 1 ? "." : "") + text
        }
        return text
    }
}
