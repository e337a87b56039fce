import Foundation

/// How results are ordered.
public enum SearchSort: String, Sendable, CaseIterable {
    case relevance, newest
}

/// One discussion found, with its best-matching post.
public struct SearchHit: Sendable {
    public let discussion: Discussion
    public let community: Community
    public let board: Board
    public let author: Author?
    public let postID: Int64
    public let postNumber: Int
    public let postDate: Date
    /// The snippet with matches between `SearchEngine.markStart` and `markEnd` (escape, then turn into `<mark>`).
    public let snippet: String
}

/// A page of results.
public struct SearchResults: Sendable {
    public let hits: [SearchHit]
    public let hasMore: Bool
    /// How many discussions were found: all of them, or (`totalIsLowerBound`) those within the ranking windows.
    public let total: Int
    public let totalIsLowerBound: Bool

    public init(hits: [SearchHit], hasMore: Bool, total: Int? = nil, totalIsLowerBound: Bool = false) {
        self.hits = hits
        self.hasMore = hasMore
        self.total = total ?? hits.count
        self.totalIsLowerBound = totalIsLowerBound
    }
}

/// The bounds of a search (see `AppDatabase.search` in AppDatabase+Search.swift).
public enum SearchEngine {
    /// Private-use characters around matches in snippets: removed from what members write (`InputText`), and the
    /// snippet builder (`SearchResultEntry.markedSnippet`) keeps its marks balanced whatever the text holds.
    static let markStartScalar: Unicode.Scalar = "\u{E000}"
    static let markEndScalar: Unicode.Scalar = "\u{E001}"
    static let markStart = String(markStartScalar)
    static let markEnd = String(markEndScalar)
    /// At most this many matching posts (the most recent ones) are considered per query. Ranking every match of a
    /// term found in most posts would take seconds; the title index keeps the best older results in reach.
    public static let rankingWindow = 400
    /// Title matches considered per query (the most recent ones): titles are strong signals, so fewer are needed.
    public static let titleWindow = 300
    public static let perPage = 20
    /// Resources shown above the discussions on a search's first page.
    public static let resourceResults = 5
    /// Events and meeting records shown above the discussions on a search's first page (all pages with `kind:meeting`).
    public static let meetingResults = 5
}
