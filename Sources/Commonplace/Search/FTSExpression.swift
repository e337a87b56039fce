/// Turns a parsed `SearchQuery` into FTS5 MATCH expressions. Every token is quoted, so nothing the user
/// typed is ever read as FTS5 syntax (keywords, column filters, stray quotes or stars).
///
/// Clauses are joined with an explicit AND: FTS5 reads two phrases side by side as AND, but not a phrase next to a
/// parenthesised OR group (`"a" ("b" OR "c")` is a syntax error). Exclusions follow as `NOT` terms, which bind
/// tighter than AND, so `"a" AND "b" NOT "x"` keeps documents with a and b and without x.
struct FTSExpression: Equatable {
    /// For the porter-stemmed index (`search_stemmed`), or nil when every clause is an exact term.
    var stemmed: String?
    /// For the unstemmed index (`search_exact`): short terms and acronyms (PHI, AI, GL …), or nil.
    var exact: String?
    /// For the title index (porter-stemmed, which leaves short terms as they are): every clause, and the exclusions.
    var title: String
    /// When a query has clauses of both kinds, for the stemmed index: a superset of the posts that match `stemmed` and
    /// `exact` together, to be narrowed by `exact` post by post. It holds every stemmed clause and each exact clause
    /// without a prefix: a porter index holds the stem of every token (and of every token of a phrase, in order), so
    /// whatever matches a word or phrase exactly matches it there too ("PHIs" also stems to "phi": hence the check).
    /// A prefix has no such guarantee ("happy*" finds "happy", whose stem is "happi"), so its clause is left out.
    var mixed: String?

    /// Words this short are matched exactly (unstemmed), so acronyms find only themselves.
    static let exactTermLength = 3

    init?(_ query: SearchQuery) {
        guard query.hasTerms else { return nil }
        let exactClauses = query.clauses.filter { $0.contains(where: Self.isExact) }
        let stemmedClauses = query.clauses.filter { !$0.contains(where: Self.isExact) }
        stemmed = stemmedClauses.isEmpty ? nil : Self.expression(stemmedClauses, excluding: query.excluded)
        exact = exactClauses.isEmpty ? nil : Self.expression(exactClauses, excluding: stemmed == nil ? query.excluded : [])
        title = Self.expression(stemmedClauses + exactClauses, excluding: query.excluded)
        if stemmed != nil, exact != nil {
            mixed = Self.expression(stemmedClauses + exactClauses.filter { !$0.contains(where: \.isPrefix) }, excluding: query.excluded)
        }
    }

    static func isExact(_ atom: SearchQuery.Atom) -> Bool {
        if case .word(let word, let prefix) = atom { return !prefix && word.count <= exactTermLength }
        return false
    }

    /// The clauses joined by AND (each clause one atom or a parenthesised OR group), then ` NOT atom` per exclusion.
    static func expression(_ clauses: [[SearchQuery.Atom]], excluding excluded: [SearchQuery.Atom]) -> String {
        let terms = clauses.map { alternatives in
            alternatives.count == 1 ? atom(alternatives[0]) : "(" + alternatives.map(atom).joined(separator: " OR ") + ")"
        }
        return terms.joined(separator: " AND ") + excluded.map { " NOT " + atom($0) }.joined()
    }

    /// Any of the clauses (each one atom or a parenthesised OR group), then the exclusions: the "most of your words"
    /// reading of a small index, ranked by bm25, which already weighs how many and how rare the matched words are.
    static func anyOf(_ clauses: [[SearchQuery.Atom]], excluding excluded: [SearchQuery.Atom]) -> String {
        let any = clauses.map { "(" + expression([$0], excluding: []) + ")" }.joined(separator: " OR ")
        return excluded.isEmpty ? any : "(" + any + ")" + excluded.map { " NOT " + atom($0) }.joined()
    }

    /// A quoted FTS5 string: tokens hold only letters and digits, so no quote can appear inside.
    static func atom(_ atom: SearchQuery.Atom) -> String {
        switch atom {
        case .word(let word, let prefix): "\"\(word)\"" + (prefix ? " *" : "")
        case .phrase(let words): "\"" + words.joined(separator: " ") + "\""
        }
    }
}
