import Foundation
import GRDB
import Synchronization

/// The search vocabulary in memory (`AppDatabase.searchVocabulary`): read once, then again in the background when
/// older than `maximumAge`, so a search never waits for the read except the first one.
final class SearchVocabularyCache: Sendable {
    struct Entry: Sendable {
        let words: SearchVocabulary
        /// Searchable posts, for the words' rarity.
        let total: Int
        let readAt: Date
    }

    /// New words take at most this long to be suggested.
    static let maximumAge: TimeInterval = 10 * 60

    private let state = Mutex<(entry: Entry?, refreshing: Bool)>((nil, false))

    /// The cached entry, and whether the caller should start a refresh (only one caller is told so at a time).
    func current(now: Date) -> (entry: Entry?, refresh: Bool) {
        state.withLock { state in
            guard let entry = state.entry else { return (nil, false) }
            let stale = now.timeIntervalSince(entry.readAt) > Self.maximumAge && !state.refreshing
            if stale { state.refreshing = true }
            return (entry, stale)
        }
    }

    func store(_ entry: Entry) {
        state.withLock { $0 = (entry, false) }
    }

    /// Forgets the vocabulary (tests that add words after a search, `reindex`).
    func invalidate() {
        state.withLock { $0 = (nil, false) }
    }
}

extension AppDatabase {
    /// The words of the unstemmed index with their post counts (see `SearchVocabulary`), from memory.
    func searchVocabulary() async throws -> SearchVocabularyCache.Entry {
        let (entry, refresh) = searchVocabularyCache.current(now: Date())
        if let entry {
            if refresh {
                Task.detached { [self] in
                    if let fresh = try? await readSearchVocabulary() { searchVocabularyCache.store(fresh) }
                }
            }
            return entry
        }
        let fresh = try await readSearchVocabulary()
        searchVocabularyCache.store(fresh)
        return fresh
    }

    /// Reads every word of `search_exact` through its `fts5vocab` table (migration 0029): at a million posts this walks
    /// the whole index, which is why it is kept in memory.
    private func readSearchVocabulary() async throws -> SearchVocabularyCache.Entry {
        try await reader.read { db in
            var words: [(String, Int)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM search_exact_vocab WHERE doc >= ?",
                                           arguments: [SearchVocabulary.minimumDocuments])
            while let row = try rows.next() { words.append((try row.decode(atIndex: 0), try row.decode(atIndex: 1))) }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM search_document") ?? 0
            return SearchVocabularyCache.Entry(words: SearchVocabulary(words), total: total, readAt: Date())
        }
    }
}
