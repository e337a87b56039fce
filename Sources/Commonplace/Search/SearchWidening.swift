/// Widens a parsed query so that the words a searcher typed also find the other ways the posts say the same thing:
/// synonyms and acronyms (`SearchSynonyms`), and words written as one or two ("landbased" and "land based",
/// "e referral" and "ereferral", from the index's vocabulary). Each widening is said in `SearchQuery.readings`.
extension SearchQuery {
    func widened(synonyms: SearchSynonyms, vocabulary: SearchVocabulary?) -> SearchQuery {
        var query = self
        var clauses: [[Atom]] = []
        var index = 0
        while index < self.clauses.count {
            if let found = Self.synonymClause(self.clauses, at: index, synonyms: synonyms)
                ?? vocabulary.flatMap({ Self.compoundClause(self.clauses, at: index, vocabulary: $0) }) {
                clauses.append(found.clause)
                query.readings.append(found.reading)
                index += found.used
            } else {
                clauses.append(self.clauses[index])
                index += 1
            }
        }
        query.clauses = clauses
        return query
    }

    /// The tokens of a clause that is a single word or phrase typed on its own (no OR, no prefix), or nil.
    static func plainTokens(_ clause: [Atom]) -> [String]? {
        guard let first = clause.first, !first.isPrefix else { return nil }
        // A hyphenated word's clause is its phrase and the word run together (`SearchQuery.parse`): the phrase counts.
        if clause.count == 2, case .phrase(let words) = first, clause[1] == .word(words.joined(), prefix: false) { return words }
        return clause.count == 1 ? first.tokens : nil
    }

    /// The longest run of clauses from `start` that is a synonym's term, as one clause of the term and its synonyms.
    static func synonymClause(_ clauses: [[Atom]], at start: Int, synonyms: SearchSynonyms)
        -> (clause: [Atom], used: Int, reading: String)? {
        var length = min(synonyms.longest, clauses.count - start)
        while length >= 1 {
            let run = clauses[start..<(start + length)].map(plainTokens)
            if !run.contains(where: { $0 == nil }) {
                let tokens = run.flatMap { $0! }
                let alternatives = synonyms.alternatives(for: tokens)
                if !alternatives.isEmpty {
                    var clause = [atom(tokens)]
                    if tokens.count > 1 { clause.append(.word(tokens.joined(), prefix: false)) }
                    for alternative in alternatives.map({ atom($0.tokens) }) where !clause.contains(alternative) { clause.append(alternative) }
                    let typed = tokens.joined(separator: " ")
                    return (clause, length, "“\(typed)” also finds " + alternatives.map { "“\($0.written)”" }.joined(separator: ", "))
                }
            }
            length -= 1
        }
        return nil
    }

    /// A word the index knows only as two ("landbased": land based), or two words it knows as one ("e referral":
    /// ereferral), as one clause of both forms.
    static func compoundClause(_ clauses: [[Atom]], at start: Int, vocabulary: SearchVocabulary)
        -> (clause: [Atom], used: Int, reading: String)? {
        guard clauses[start].count == 1, case .word(let word, false) = clauses[start][0] else { return nil }
        if start + 1 < clauses.count, clauses[start + 1].count == 1, case .word(let next, false) = clauses[start + 1][0],
           vocabulary.contains(word + next) {
            return ([.phrase([word, next]), .word(word + next, prefix: false)], 2, "“\(word) \(next)” also finds “\(word + next)”")
        }
        if let parts = vocabulary.split(word) {
            return ([.word(word, prefix: false), .phrase(parts)], 1, "“\(word)” also finds “\(parts.joined(separator: " "))”")
        }
        return nil
    }

    static func atom(_ tokens: [String]) -> Atom {
        tokens.count == 1 ? .word(tokens[0], prefix: false) : .phrase(tokens)
    }
}
