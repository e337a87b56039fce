/// Turns a parsed `SearchQuery` into FTS5 MATCH expressions. Every token is quoted, so nothing the user
/// typed is ever read as FTS5 syntax (keywords, column filters, stray quotes or stars).
struct FTSExpression: Equatable {
    /// For the porter-stemmed index (`search_stemmed`), or nil when every clause is an exact term.
    var stemmed: String?
    /// For the unstemmed index (`search_exact`): short terms and acronyms (PHI, AI, GL …), or nil.
    var exact: String?

    /// Words this short are matched exactly (unstemmed), so acronyms find only themselves.
    static let exactTermLength = 3

    init?(_ query: SearchQuery) {
        guard query.hasTerms else { return nil }
        let exactClauses = query.clauses.filter { $0.contains(where: Self.isExact) }
        let stemmedClauses = query.clauses.filter { !$0.contains(where: Self.isExact) }
        let exclusions = query.excluded.map { " NOT " + Self.atom($0) }.joined()
        stemmed = stemmedClauses.isEmpty ? nil : Self.join(stemmedClauses) + exclusions
        exact = exactClauses.isEmpty ? nil : Self.join(exactClauses) + (stemmed == nil ? exclusions : "")
    }

    /// For the title index (porter-stemmed, which leaves short terms as they are): every clause, and the exclusions.
    var title: String {
        [stemmed, exact].compactMap { $0 }.joined(separator: " ")
    }

    static func isExact(_ atom: SearchQuery.Atom) -> Bool {
        if case .word(let word, let prefix) = atom { return !prefix && word.count <= exactTermLength }
        return false
    }

    static func join(_ clauses: [[SearchQuery.Atom]]) -> String {
        clauses.map { alternatives in
            alternatives.count == 1 ? atom(alternatives[0]) : "(" + alternatives.map(atom).joined(separator: " OR ") + ")"
        }.joined(separator: " ")
    }

    /// A quoted FTS5 string: tokens hold only letters and digits, so no quote can appear inside.
    static func atom(_ atom: SearchQuery.Atom) -> String {
        switch atom {
        case .word(let word, let prefix): "\"\(word)\"" + (prefix ? " *" : "")
        case .phrase(let words): "\"" + words.joined(separator: " ") + "\""
        }
    }
}
