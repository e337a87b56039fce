import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every row of every table (FTS5 shadow tables included, virtual tables left out), to compare before and after a request.
/// (`@unchecked Sendable`: the rows are copies fetched once and never changed; GRDB's `Row` is a class not marked Sendable.)
struct DatabaseSnapshot: Equatable, @unchecked Sendable {
    let tables: [String: [Row]]

    static func take(_ db: Database) throws -> DatabaseSnapshot {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name
            """)
        var tables: [String: [Row]] = [:]
        for name in names {
            tables[name] = try Row.fetchAll(db, sql: "SELECT * FROM \(name.quotedDatabaseIdentifier)")
        }
        return DatabaseSnapshot(tables: tables)
    }

    /// What differs from `other`, one line per table: rows gone and rows new (an UPDATE is one of each).
    func differences(from other: DatabaseSnapshot, ignoring: Set<String>) -> [String] {
        Set(tables.keys).union(other.tables.keys).subtracting(ignoring).sorted().compactMap { name in
            let before = other.tables[name] ?? [], after = tables[name] ?? []
            guard before != after else { return nil }
            var remaining = after
            var gone: [Row] = []
            for row in before {
                if let index = remaining.firstIndex(of: row) { remaining.remove(at: index) } else { gone.append(row) }
            }
            func sample(_ rows: [Row]) -> String { rows.first.map { " e.g. \(String($0.description.prefix(160)))" } ?? "" }
            return "\(name): \(gone.count) row(s) gone\(sample(gone)), \(remaining.count) new or changed\(sample(remaining))"
        }
    }
}

extension TestApp {
    /// Runs `body` (one request) and records an issue if it wrote to the database.
    ///
    /// Two measures, taken on the writer connection (the only one that writes): `total_changes()`, SQLite's count of
    /// rows inserted, updated or deleted by this connection, triggers included, so even an UPDATE that rewrote the same
    /// values or a write rolled back afterwards counts; and a snapshot of every table, to name what changed. A table in
    /// `ignoring` may change (say which and why at the call, e.g. the session's last-seen time after the clock moved),
    /// and then only the snapshot is compared. The app's timers are off in tests, so nothing else writes meanwhile.
    @discardableResult
    func expectNoWrite<T>(_ comment: Comment? = nil, ignoring: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation,
                          _ body: () async throws -> T) async throws -> T {
        let (changesBefore, before) = try await database.writer.writeWithoutTransaction { db in
            (db.totalChangesCount, try DatabaseSnapshot.take(db))
        }
        let result = try await body()
        let (changesAfter, after) = try await database.writer.writeWithoutTransaction { db in
            (db.totalChangesCount, try DatabaseSnapshot.take(db))
        }
        var problems = after.differences(from: before, ignoring: ignoring)
        if ignoring.isEmpty, problems.isEmpty, changesAfter != changesBefore {
            problems.append("\(changesAfter - changesBefore) row change(s) made (same values rewritten, or rolled back)")
        }
        if !problems.isEmpty {
            let what = comment.map { "\($0): " } ?? ""
            Issue.record("\(what)expected no write, but: \(problems.joined(separator: "; "))", sourceLocation: sourceLocation)
        }
        return result
    }
}
