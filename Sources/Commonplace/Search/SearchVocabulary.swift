import Foundation

/// The words of the unstemmed index (`search_exact`, read through FTS5's `fts5vocab` table `search_exact_vocab`) with
/// how many posts hold each: what "did you mean" corrects towards, and what tells "landbased" from "land based".
///
/// Only words found in at least `minimumDocuments` posts are kept: a word written once is more likely a typo than a
/// correction. It holds words of every community, private ones too, so nothing it suggests is shown until a search
/// for the suggestion has found something the searcher may see (`AppDatabase.forgivingSearch`).
public struct SearchVocabulary: Sendable {
    static let minimumDocuments = 2
    /// Words are corrected only from this length on: shorter ones are acronyms or too close to too many words.
    static let minimumCorrectedLength = 4

    private(set) var documents: [String: Int] = [:]
    /// Words by length, for corrections: a word is compared only with words at most two letters longer or shorter.
    private var byLength: [Int: [(word: String, scalars: [Unicode.Scalar], documents: Int)]] = [:]

    public init(_ words: [(String, Int)]) {
        for (word, count) in words where count >= Self.minimumDocuments {
            documents[word] = count
            byLength[word.unicodeScalars.count, default: []].append((word, Array(word.unicodeScalars), count))
        }
    }

    public func contains(_ word: String) -> Bool { documents[word] != nil }

    public func documentCount(_ word: String) -> Int { documents[word] ?? 0 }

    /// The most likely intended words for `word` when the index does not know it, best first: the closest known
    /// words by edit distance (a swap of two neighbours counts as one edit), near-ties going to the more frequent.
    /// Empty when the word is known, too short, not made of letters, or nothing is close enough.
    public func corrections(for word: String, limit: Int = 3) -> [String] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= Self.minimumCorrectedLength, !contains(word),
              scalars.allSatisfy({ CharacterSet.letters.contains($0) }) else { return [] }
        let allowed = scalars.count >= 7 ? 2 : 1
        var scored: [(word: String, score: Double)] = []
        for length in (scalars.count - allowed)...(scalars.count + allowed) {
            for candidate in byLength[length] ?? [] {
                guard let distance = Self.distance(scalars, candidate.scalars, limit: allowed) else { continue }
                // One edit more costs as much as a word 1,000 times more frequent gains.
                scored.append((candidate.word, Double(distance) - log10(Double(candidate.documents)) / 3))
            }
        }
        return scored.sorted { $0.score != $1.score ? $0.score < $1.score : $0.word < $1.word }.prefix(limit).map(\.word)
    }

    /// The known words `word` runs together ("landbased" → land, based), when it is unknown itself; the split whose
    /// rarer half is the most common.
    public func split(_ word: String) -> [String]? {
        guard word.count >= 6, !contains(word) else { return nil }
        let characters = Array(word)
        var best: (parts: [String], documents: Int)?
        for cut in 2...(characters.count - 2) {
            let left = String(characters[..<cut]), right = String(characters[cut...])
            let count = min(documentCount(left), documentCount(right))
            if count > 0, count > best?.documents ?? 0 { best = ([left, right], count) }
        }
        return best?.parts
    }

    /// Damerau–Levenshtein distance (optimal string alignment), or nil when it is above `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
