import Foundation
import GRDB

/// What a forgiving search found, and how it got there (shown on the page).
public struct ForgivingResults: Sendable {
    public let results: SearchResults
    /// The query as searched: widened by synonyms and compounds, its readings said in `readings`.
    public let query: SearchQuery
    /// A corrected query to offer ("did you mean …?"), as the searcher would type it; only when it finds something
    /// the searcher may see.
    public let suggestion: String?
    /// The results are those of `suggestion`: what was typed found nothing.
    public let corrected: Bool
    /// Some results match only most of the words (after every one that matches all of them).
    public let relaxed: Bool
    /// Words left out of the "most of your words" search as carrying no meaning.
    public let ignoredWords: [String]
    /// The meaningful clauses, when requiring every word found few discussions and at least two clauses carry meaning:
    /// resources and meetings are then read the same relaxed way (`searchResources(anyOf:)`).
    public var relaxedClauses: [[SearchQuery.Atom]]? = nil
}

extension AppDatabase {
    /// Searches as typed, widened by synonyms (the site's and `synonyms`, a community's the searcher may see) and by
    /// words written as one or two; when that finds fewer than `SearchRelaxing.few` discussions it forgives: a
    /// misspelled word is corrected from the index's vocabulary (the correction's results shown when nothing was
    /// found, offered otherwise), then discussions matching most of the meaningful words follow. Filters alone list
    /// the discussions they allow, newest first.
    public func forgivingSearch(typed: String, filters: [String: String], synonyms: SearchSynonyms, visible: SQL,
                                sort: SearchSort, page: Int, perPage: Int = SearchEngine.perPage) async throws -> ForgivingResults {
        let vocabulary = try await searchVocabulary()
        let typedQuery = SearchQuery.make(typed: typed, filters: filters)
        let query = typedQuery.widened(synonyms: synonyms, vocabulary: vocabulary.words)
        guard !query.meetingsOnly else {
            return ForgivingResults(results: .empty, query: query, suggestion: nil, corrected: false, relaxed: false, ignoredWords: [])
        }
        guard query.hasTerms else {
            guard query.hasFilters else {
                return ForgivingResults(results: .empty, query: query, suggestion: nil, corrected: false, relaxed: false, ignoredWords: [])
            }
            let results = try await browse(query, visible: visible, page: page, perPage: perPage)
            return ForgivingResults(results: results, query: query, suggestion: nil, corrected: false, relaxed: false, ignoredWords: [])
        }
        return try await reader.read { db in
            var searched = query
            var strict = try Self.strictRanking(db, query, visible: visible)
            var suggestion: String?
            var corrected = false
            if strict.ranking.best.count < SearchRelaxing.few {
                for candidate in SearchSpelling.corrections(of: typed, vocabulary: vocabulary.words) {
                    let fixed = SearchQuery.make(typed: candidate, filters: filters).widened(synonyms: synonyms, vocabulary: vocabulary.words)
                    let found = try Self.strictRanking(db, fixed, visible: visible)
                    guard !found.ranking.best.isEmpty else { continue }
                    suggestion = candidate
                    if strict.ranking.best.isEmpty {
                        (searched, strict, corrected) = (fixed, found, true)
                    }
                    break
                }
            }
            var relaxed = false
            var ignored: [String] = []
            var relaxedClauses: [[SearchQuery.Atom]]?
            var snippet = (table: strict.table, match: strict.match)
            let meaningful = SearchRelaxing.meaningful(searched.clauses)
            if strict.ranking.best.count < SearchRelaxing.few, meaningful.count >= 2 {
                relaxedClauses = meaningful
                ignored = searched.clauses.filter { clause in !meaningful.contains(clause) }.flatMap { $0.map(\.display) }
                let weights = meaningful.map { SearchRelaxing.weight($0, vocabulary: vocabulary.words, total: vocabulary.total) }
                let before = strict.ranking.best.count
                try Self.relaxedMatches(db, clauses: meaningful, weights: weights, query: searched, visible: visible, into: &strict.ranking)
                relaxed = strict.ranking.best.count > before
                if relaxed {
                    snippet = Self.relaxedSnippetMatch(meaningful)
                }
            }
            let ordered = strict.ranking.ordered(by: sort)
            let start = (page - 1) * perPage
            let hits = start < ordered.count
                ? try Self.searchHits(db, ordered[start..<min(start + perPage, ordered.count)], table: snippet.table, match: snippet.match)
                : []
            let results = SearchResults(hits: hits, hasMore: ordered.count > start + perPage, total: ordered.count,
                                        totalIsLowerBound: strict.windowFull)
            return ForgivingResults(results: results, query: searched, suggestion: suggestion, corrected: corrected,
                                    relaxed: relaxed, ignoredWords: ignored, relaxedClauses: relaxedClauses)
        }
    }

    /// Every discussion matching all of a query's clauses (within the ranking windows), with the expression that cuts
    /// their snippets; `windowFull` when a window was filled, so there may be more.
    static func strictRanking(_ db: Database, _ query: SearchQuery, visible: SQL) throws
        -> (ranking: SearchRanking, table: String, match: String, windowFull: Bool) {
        guard let expression = FTSExpression(query) else { return (SearchRanking(), "search_stemmed", "", false) }
        let table = expression.stemmed != nil ? "search_stemmed" : "search_exact"
        var ranking = SearchRanking()
        let bodyFull = try bodyMatches(db, expression, table: table, query: query, visible: visible, into: &ranking)
        let titleFull = try titleMatches(db, expression.title, query: query, visible: visible, into: &ranking)
        return (ranking, table, expression.stemmed ?? expression.exact!, bodyFull || titleFull)
    }
}

extension SearchResults {
    static let empty = SearchResults(hits: [], hasMore: false, total: 0, totalIsLowerBound: false)
}
