import Foundation

/// Splits typed text into quoted phrases and bare words, and words into index tokens
/// (letters and digits, lowercased and without diacritics, as the unicode61 tokenizer sees them).
enum SearchLexer {
    enum Token: Equatable {
        case phrase(String, negated: Bool)
        case bare(String)
    }

    static func tokens(_ text: String, notes: inout [String]) -> [Token] {
        var result: [Token] = []
        var current = ""
        var inQuote = false
        var negatedQuote = false
        func flush() {
            if !current.isEmpty { result.append(.bare(current)) }
            current = ""
        }
        for character in text {
            if character == "\"" || character == "“" || character == "”" {
                if inQuote {
                    result.append(.phrase(current, negated: negatedQuote))
                    current = ""
                    inQuote = false
                } else {
                    negatedQuote = current == "-"
                    if negatedQuote { current = "" }
                    flush()
                    inQuote = true
                }
            } else if character.isWhitespace && !inQuote {
                flush()
            } else {
                current.append(character)
            }
        }
        if inQuote {
            notes.append("A quote was not closed; the words after it were searched as a phrase.")
            result.append(.phrase(current, negated: negatedQuote))
        } else {
            flush()
        }
        return result
    }

    /// The atoms a bare word stands for: one word, a prefix (`word*`), or a phrase when punctuation splits it.
    static func atoms(_ word: String, notes: inout [String]) -> [SearchQuery.Atom] {
        var base = Substring(word)
        var prefix = false
        if base.hasSuffix("*") {
            while base.hasSuffix("*") { base = base.dropLast() }
            prefix = true
        }
        let parts = words(String(base))
        if parts.contains(where: { $0.count == SearchQuery.Limits.maxTokenLength }) {
            notes.append("Words longer than \(SearchQuery.Limits.maxTokenLength) characters were cut to that length.")
        }
        if parts.isEmpty {
            if prefix { notes.append("A * needs letters before it; it was ignored.") }
            return []
        }
        if parts.count == 1 { return [.word(parts[0], prefix: prefix)] }
        return [.phrase(parts)]
    }

    /// Index tokens: runs of letters and digits, folded to lowercase without diacritics, at most 64 characters each.
    static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var current = ""
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.count > SearchQuery.Limits.maxTokenLength ? String($0.prefix(SearchQuery.Limits.maxTokenLength)) : $0 }
    }
}
