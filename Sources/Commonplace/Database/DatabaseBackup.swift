import Foundation
import GRDB

/// Copies a live database to a file with SQLite's online backup API, from one read snapshot, and checks a copy.
///
/// The copy runs inside one read transaction of a reader connection, so it is the database exactly as it was when that
/// transaction began: writes that commit meanwhile (the server keeps answering) are neither in it nor restart it. The
/// row count of every table is read in the same transaction, so the copy can be compared with its snapshot.
enum DatabaseBackup {
    /// Pages copied per step of the backup API (4 KiB pages: 16 MiB a step), between two progress reports.
    static let pagesPerStep: CInt = 4096

    /// What the source held at the snapshot.
    struct Snapshot: Sendable {
        /// When the read transaction began: every write acknowledged before this moment is in the copy.
        let startedAt: Date
        /// Rows of every ordinary table.
        let counts: [String: Int]
        /// Uploaded files the snapshot's rows refer to, with their recorded sizes.
        let uploads: [(name: String, size: Int64?)]
    }

    /// Copies `source` to a new file at `path` (which must not exist) and returns what the snapshot held.
    /// `progress` gets the fraction copied after each step. The copy is left in rollback-journal mode, one
    /// self-contained file.
    static func copy(from source: any DatabaseReader, to path: String, progress: @escaping (Double) -> Void) throws -> Snapshot {
        let destination = try DatabaseQueue(path: path)
        let snapshot: Snapshot = try source.read { db in
            let startedAt = Date()
            // The first statement fixes the transaction's snapshot; the backup below reads the same one.
            let counts = try rowCounts(db)
            let uploads = try Row.fetchAll(db, sql: "SELECT file_storage_name, file_size FROM resource WHERE file_storage_name IS NOT NULL")
                .map { (name: $0[0] as String, size: $0[1] as Int64?) }
            try destination.writeWithoutTransaction { destinationDB in
                try db.backup(to: destinationDB, pagesPerStep: pagesPerStep) { step in
                    let total = max(step.totalPageCount, 1)
                    progress(Double(total - step.remainingPageCount) / Double(total))
                }
            }
            return Snapshot(startedAt: startedAt, counts: counts, uploads: uploads)
        }
        try destination.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
        }
        try destination.close()
        return snapshot
    }

    /// Rows of every ordinary table (FTS5's own tables included; virtual tables are read through them).
    static func rowCounts(_ db: Database) throws -> [String: Int] {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
            ORDER BY name
            """)
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
        }
        return counts
    }

    /// One verification and its outcome.
    struct Check: Sendable {
        let name: String
        let ok: Bool
        let detail: String
    }

    /// Checks the database file at `path` (a copy this process owns): SQLite's integrity check, the foreign keys, each
    /// FTS5 index's integrity-check (not of `fts5vocab` tables, which are views of an index), and, when given, the row count of every table against `expected`.
    static func verify(path: String, expected: [String: Int]? = nil) throws -> [Check] {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.writeWithoutTransaction { db in
            var checks: [Check] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            checks.append(Check(name: "SQLite integrity_check", ok: integrity == ["ok"], detail: integrity.prefix(5).joined(separator: "; ")))
            let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            checks.append(Check(name: "foreign keys", ok: keys.isEmpty, detail: keys.isEmpty ? "ok" : "\(keys.count) rows point at missing rows"))
            let indexes = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' AND sql NOT LIKE '%fts5vocab%' ORDER BY name
                """)
            for index in indexes {
                let name = index.quotedDatabaseIdentifier
                do {
                    try db.execute(sql: "INSERT INTO \(name)(\(name), rank) VALUES ('integrity-check', 1)")
                    checks.append(Check(name: "FTS5 integrity-check of \(index)", ok: true, detail: "ok"))
                } catch {
                    checks.append(Check(name: "FTS5 integrity-check of \(index)", ok: false, detail: "\(error)"))
                }
            }
            if let expected {
                let counts = try rowCounts(db)
                let differing = Set(expected.keys).union(counts.keys).sorted().filter { expected[$0] != counts[$0] }
                checks.append(Check(
                    name: "row counts of \(expected.count) tables match the snapshot", ok: differing.isEmpty,
                    detail: differing.isEmpty ? "ok" : differing.prefix(5).map { "\($0): \(expected[$0] ?? 0) in the source, \(counts[$0] ?? 0) in the copy" }.joined(separator: "; ")))
            }
            return checks
        }
    }
}
