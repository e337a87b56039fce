import Foundation
import GRDB

/// What a restore did.
public struct RestoreResult: Sendable {
    public let database: String
    public let seconds: Double
    public let uploadFiles: Int
    /// Where the database that was replaced (with `--force`) was moved, if there was one.
    public let replaced: String?
    /// `commonplace check` on the restored database, one line each.
    public let checks: [(name: String, ok: Bool, detail: String)]
}

extension Backups {
    /// Restores backup `file` (and its `FILE.uploads/`) as the database at `databasePath`.
    ///
    /// Refuses while a server (or another restore) holds the database's lock, and refuses an existing database unless
    /// `force`; then the old file is moved aside, never deleted. The backup is copied and the copy checked before
    /// anything is replaced; the backup itself is only read.
    public static func restore(from file: String, databasePath: String, uploads: String?, force: Bool,
                               say: @escaping (String) -> Void) async throws -> RestoreResult {
        let fm = FileManager.default
        guard fm.fileExists(atPath: file) else { throw BackupFailure("There is no backup at \(file).") }
        let lock = try ServerLock(database: databasePath)
        let exists = fm.fileExists(atPath: databasePath)
        if exists && !force {
            throw BackupFailure("\(databasePath) exists already. Restoring replaces it: add --force to move it aside and restore.")
        }
        let started = Date()
        let staging = databasePath + ".restoring"
        for leftover in [staging, staging + "-journal"] { try? fm.removeItem(atPath: leftover) }
        defer { for leftover in [staging, staging + "-journal"] { try? fm.removeItem(atPath: leftover) } }
        say("copying \(file)…")
        try fm.copyItem(atPath: file, toPath: staging)
        say("checking the copy (integrity, foreign keys, search indexes)…")
        let checks = try DatabaseBackup.verify(path: staging)
        if let failed = checks.first(where: { !$0.ok }) {
            throw BackupFailure("the backup failed its check “\(failed.name)”: \(failed.detail). Nothing was changed.")
        }
        let referenced = try await DatabaseQueue(path: staging).read { db in
            try Row.fetchAll(db, sql: "SELECT file_storage_name, file_size FROM resource WHERE file_storage_name IS NOT NULL")
                .map { (name: $0[0] as String, size: $0[1] as Int64?) }
        }
        let target = URL(fileURLWithPath: uploads ?? defaultUploads(databasePath: databasePath), isDirectory: true)
        try fm.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let copied = try copyUploads(referenced, from: URL(fileURLWithPath: uploadsFolder(for: file), isDirectory: true), to: target)
        guard copied.missing.isEmpty else {
            throw BackupFailure("\(copied.missing.count) uploaded files of the backup are missing from \(uploadsFolder(for: file)) "
                + "(\(copied.missing.prefix(3).joined(separator: ", "))). The database was not changed.")
        }
        say("restored \(referenced.count) uploaded files into \(target.path)")
        var replaced: String?
        if exists {
            let stamp = backupStamp(Date())
            let aside = "\(databasePath).replaced-\(stamp)"
            try fm.moveItem(atPath: databasePath, toPath: aside)
            // A WAL file left by a server that did not stop cleanly belongs to the old database, never the new one.
            if fm.fileExists(atPath: databasePath + "-wal") { try fm.moveItem(atPath: databasePath + "-wal", toPath: aside + "-wal") }
            try? fm.removeItem(atPath: databasePath + "-shm")
            replaced = aside
            say("moved the old database aside to \(aside)")
        }
        try fm.moveItem(atPath: staging, toPath: databasePath)
        let restored = try AppDatabase.open(path: databasePath)
        let results = try await restored.check()
        try restored.writer.close()
        withExtendedLifetime(lock) {}
        return RestoreResult(database: databasePath, seconds: Date().timeIntervalSince(started),
                             uploadFiles: referenced.count, replaced: replaced, checks: results)
    }

    /// A UTC timestamp for file names: 20261202-143000.
    static func backupStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second))"
    }
}
