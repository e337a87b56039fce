import Foundation
import GRDB

extension AppDatabase {
    /// Rebuilds the search documents from the posts, then both FTS indexes, reporting progress.
    public func reindex(batchSize: Int = 20_000, progress: (String) -> Void) async throws {
        let total = try await reader.read { db in try Post.fetchCount(db) }
        try await writer.write { db in try db.execute(sql: "DELETE FROM search_document") }
        var done = 0
        var lastID: Int64 = 0
        while true {
            let from = lastID
            let batch = try await writer.write { db -> (last: Int64, count: Int)? in
                let ids = try Int64.fetchAll(db, sql: "SELECT id FROM post WHERE id > ? ORDER BY id LIMIT ?", arguments: [from, batchSize])
                guard let last = ids.last else { return nil }
                try db.execute(sql: """
                    INSERT INTO search_document \(Migration0009.documentSQL)
                    WHERE p.id > ? AND p.id <= ? AND \(Migration0009.searchable)
                    """, arguments: [from, last])
                return (last, ids.count)
            }
            guard let batch else { break }
            lastID = batch.last
            done += batch.count
            progress("documents \(done)/\(total) posts")
        }
        let resources = try await writer.write { db -> Int in
            try db.execute(sql: "DELETE FROM resource_search_document")
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM resource")
            for id in ids { try db.execute(sql: Migration0011.documentSQL("?"), arguments: [id]) }
            return ids.count
        }
        progress("documents \(resources) resources")
        let meetings = try await writer.write { db -> Int in
            try db.execute(sql: "DELETE FROM meeting_search_document")
            let events = try Int64.fetchAll(db, sql: "SELECT id FROM meeting")
            for id in events { try db.execute(sql: Migration0025.eventDocumentSQL("?"), arguments: [id, id]) }
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM meeting_occurrence") {
                try db.execute(sql: Migration0025.recordDocumentSQL("?"), arguments: [id, id])
            }
            return events.count
        }
        progress("documents \(meetings) events and their records")
        // The triggers have indexed every document again; 'rebuild' then rewrites each FTS index from scratch,
        // which is the point of reindexing when an index itself is damaged.
        for table in ["search_stemmed", "search_exact", "search_title", "resource_search", "meeting_search"] {
            progress("rebuilding \(table)…")
            try await writer.write { db in try db.execute(sql: "INSERT INTO \(table)(\(table)) VALUES ('rebuild')") }
        }
        progress("done: \(done) posts indexed")
    }

    /// SQLite's integrity check and FTS5's integrity-check of both indexes; returns one line per check.
    public func check() async throws -> [(name: String, ok: Bool, detail: String)] {
        var results: [(String, Bool, String)] = []
        let integrity = try await writer.writeWithoutTransaction { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        results.append(("SQLite integrity_check", integrity == ["ok"], integrity.joined(separator: "; ")))
        let keys = try await writer.writeWithoutTransaction { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        results.append(("foreign keys", keys.isEmpty, keys.isEmpty ? "ok" : "\(keys.count) rows point at missing rows"))
        for table in ["search_stemmed", "search_exact"] {
            do {
                try await writer.write { db in try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('integrity-check', 1)") }
                results.append(("FTS5 integrity-check of \(table)", true, "ok"))
            } catch {
                results.append(("FTS5 integrity-check of \(table)", false, "\(error)"))
            }
        }
        let missing = try await reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM post p JOIN discussion d ON d.id = p.discussion_id WHERE \(Migration0009.searchable)
                AND NOT EXISTS (SELECT 1 FROM search_document sd WHERE sd.post_id = p.id)
                """) ?? 0
        }
        results.append(("every visible post is indexed", missing == 0, missing == 0 ? "ok" : "\(missing) posts missing: run reindex"))
        return results
    }
}
