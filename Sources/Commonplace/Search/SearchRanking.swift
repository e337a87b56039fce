import Foundation

/// The best post of each discussion among a search's matches, and the order of the discussions. Body matches score 0;
/// title matches score their bm25 minus 1,000, so they rank above body-only matches (lower is better).
struct SearchRanking {
    struct Best {
        var post: Int64
        var score: Double
        var date: Date
    }

    private(set) var best: [Int64: Best] = [:]

    /// Keeps `post` for its discussion unless a post kept earlier scores as well or better.
    mutating func add(post: Int64, discussion: Int64, score: Double, date: Date) {
        if let current = best[discussion], current.score <= score { return }
        best[discussion] = Best(post: post, score: score, date: date)
    }

    /// Relevance: score, then newest; newest: date, then score.
    func ordered(by sort: SearchSort) -> [(discussion: Int64, best: Best)] {
        best.map { (discussion: $0.key, best: $0.value) }.sorted { a, b in
            switch sort {
            case .relevance: a.best.score != b.best.score ? a.best.score < b.best.score : a.best.date > b.best.date
            case .newest: a.best.date != b.best.date ? a.best.date > b.best.date : a.best.score < b.best.score
            }
        }
    }
}
