import GRDB
import Synchronization

/// In-memory FTS5 tables tokenized like the real indexes, for work on a handful of known documents: the snippets of a
/// page of results, and the exact (unstemmed) check of candidates when a query mixes both kinds of terms.
///
/// On the real indexes each of these is one FTS5 query per document (`rowid IN (…)` runs one per value), and at a
/// million posts every FTS5 query pays ~50 µs before it reads a posting (structure record, blob handles, a cursor
/// per segment): 20 snippets cost 3–5 ms, and the old exact filter (`rowid IN (SELECT rowid FROM search_exact …)`)
/// ran one per match of the exact term, 28 s for "PHI consent". Matching one document and cutting its snippet depend
/// only on that document, the tokenizer and the expression, so the answers are the ones the real index gives.
final class SearchScratch: Sendable {
    /// The tokenizers of `search_stemmed` and `search_exact` (migration 0007; a test compares them with the schema).
    static let tokenizers = ["search_stemmed": "porter unicode61 remove_diacritics 2", "search_exact": "unicode61 remove_diacritics 2"]

    /// One document as indexed (`search_document`'s title and body).
    struct Document {
        var id: Int64
        var title: String
        var body: String
    }

    static let shared = SearchScratch()

    /// Idle in-memory databases (at most one per concurrent search is ever made).
    private let idle = Mutex<[DatabaseQueue]>([])

    /// The snippets (`SearchEngine.markStart`/`markEnd` around matches) of the documents that match `expression` in
    /// a table tokenized like `table`.
    func snippets(_ documents: [Document], table: String, expression: String) throws -> [Int64: String] {
        try withDocuments(documents, table: table) { db in
            var snippets: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT rowid, snippet(\(table), -1, ?, ?, '…', 20) FROM \(table) WHERE \(table) MATCH ?
                """), arguments: [SearchEngine.markStart, SearchEngine.markEnd, expression])
            while let row = try rows.next() { snippets[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1) }
            return snippets
        }
    }

    /// The ids of the documents that match `expression` in a table tokenized like `table`.
    func matching(_ documents: [Document], table: String, expression: String) throws -> Set<Int64> {
        try withDocuments(documents, table: table) { db in
            Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM \(table) WHERE \(table) MATCH ?"), arguments: [expression]))
        }
    }

    /// For each of `expressions`, the ids of the documents that match it, with the documents indexed once.
    func matchingEach(_ documents: [Document], table: String, expressions: [String]) throws -> [Set<Int64>] {
        try withDocuments(documents, table: table) { db in
            try expressions.map { expression in
                Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM \(table) WHERE \(table) MATCH ?"), arguments: [expression]))
            }
        }
    }

    /// Runs `body` with `documents` in the scratch table `table`, in a transaction rolled back afterwards.
    private func withDocuments<T>(_ documents: [Document], table: String, _ body: (Database) throws -> T) throws -> T {
        let queue = try idle.withLock { $0.popLast() } ?? Self.makeDatabase()
        defer { idle.withLock { $0.append(queue) } }
        return try queue.inDatabase { db in
            try db.beginTransaction()
            defer { try? db.rollback() }
            let insert = try db.cachedStatement(sql: "INSERT INTO \(table)(rowid, title, body) VALUES (?, ?, ?)")
            // In rowid order: FTS5 writes its pending terms to a new segment whenever a rowid is not above the last
            // one, which made 400 candidates, newest first, cost 20 ms instead of 3.
            for document in documents.sorted(by: { $0.id < $1.id }) {
                insert.setUncheckedArguments([document.id, document.title, document.body])
                try insert.execute()
            }
            return try body(db)
        }
    }

    private static func makeDatabase() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.inDatabase { db in
            for (table, tokenizer) in tokenizers {
                try db.execute(sql: "CREATE VIRTUAL TABLE \(table) USING fts5(title, body, tokenize='\(tokenizer)')")
            }
        }
        return queue
    }
}
