/// "Did you mean …?": the typed search with its misspelled words corrected from the index's vocabulary.
enum SearchSpelling {
    /// Corrected searches to try, best first (each word's best correction, then its next best …), as the searcher would
    /// type them: filters, quotes, exclusions and prefixes are left as typed. Empty when no word needs correcting.
    static func corrections(of typed: String, vocabulary: SearchVocabulary, attempts: Int = 3) -> [String] {
        let pieces = typed.split(whereSeparator: \.isWhitespace).map(String.init)
        var options: [[String]] = []
        var changed = false
        for piece in pieces {
            let words = SearchLexer.words(piece)
            let plain = !piece.contains(where: { ":\"“”*()".contains($0) }) && !piece.hasPrefix("-") && piece != "OR"
            if plain, words.count == 1 {
                let corrections = vocabulary.corrections(for: words[0], limit: attempts)
                if !corrections.isEmpty {
                    options.append(corrections)
                    changed = true
                    continue
                }
            }
            options.append([piece])
        }
        guard changed else { return [] }
        var result: [String] = []
        for attempt in 0..<attempts {
            let text = options.map { $0[min(attempt, $0.count - 1)] }.joined(separator: " ")
            if !result.contains(text) { result.append(text) }
        }
        return result
    }
}
