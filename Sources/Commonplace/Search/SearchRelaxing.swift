import Foundation

/// When requiring every word finds little, a question typed as a sentence ("police asking about a client") is searched
/// again without its words that carry no meaning, and discussions are ranked by how many, and how rare, of the remaining
/// words they hold (`AppDatabase.relaxedMatches`).
enum SearchRelaxing {
    /// Fewer discussions than this found with every word: the search forgives (corrections, then most words).
    static let few = 5
    /// Matches read per word, newest first, as candidates.
    static let window = 150

    /// Words that carry no meaning in a search: articles, pronouns, auxiliaries, question words, filler.
    static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "about",
        "into", "onto", "over", "under", "after", "before", "than", "then", "as", "so", "such", "via", "per",
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they", "them", "their",
        "it", "its", "this", "that", "these", "those", "there", "here", "who", "whom", "whose", "what", "which", "when",
        "where", "why", "how", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing",
        "have", "has", "had", "having", "can", "could", "should", "would", "will", "shall", "may", "might", "must",
        "not", "no", "yes", "ok", "okay", "any", "anyone", "anybody", "anything", "some", "someone", "something",
        "all", "each", "every", "other", "others", "another", "more", "most", "very", "just", "also", "too", "only",
        "out", "up", "down", "get", "got", "gets", "way", "ways", "best", "good", "need", "needs", "want", "wants",
        "please", "thanks", "hi", "hello", "anyway", "really", "still", "yet", "else", "ever", "s", "t",
    ]

    /// The clauses worth searching for: those with a word that is not a stop word (a phrase or a synonym group always).
    static func meaningful(_ clauses: [[SearchQuery.Atom]]) -> [[SearchQuery.Atom]] {
        clauses.filter { clause in
            clause.count > 1 || clause.contains { atom in atom.tokens.contains { !stopWords.contains($0) } }
        }
    }

    /// How telling a clause is: the inverse document frequency of its most common alternative (an alternative is as
    /// common as its rarest word), from the vocabulary's counts over `total` posts.
    static func weight(_ clause: [SearchQuery.Atom], vocabulary: SearchVocabulary, total: Int) -> Double {
        let documents = clause.map { atom in atom.tokens.map { max(1, vocabulary.documentCount($0)) }.min() ?? 1 }.max() ?? 1
        return max(0.1, log(Double(total + 1) / (Double(documents) + 0.5)))
    }

    /// Enough of the words matched to show a discussion: at least two, or all of them when fewer than two were typed.
    static func enough(matched: Int, of count: Int) -> Bool {
        matched >= min(2, count)
    }
}
