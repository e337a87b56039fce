import Foundation
import GRDB

/// A verified backup: the database in one SQLite file, and the uploaded files its rows refer to in a folder beside it
/// (`FILE.uploads/`). Nothing is called a backup before both were checked; until then they carry `.partial`.
public struct BackupResult: Sendable {
    public let file: String
    public let uploadsFolder: String
    /// The moment of the copy's snapshot: every write acknowledged before it is in the backup.
    public let snapshotAt: Date
    public let finishedAt: Date
    public let seconds: Double
    public let bytes: Int64
    public let uploadFiles: Int
    public let uploadBytes: Int64
    public let checks: [String]
}

/// Why a backup or a restore stopped, for the person at the terminal, the log and the admin banner.
public struct BackupFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Backing up a live database with its uploads, and restoring one (see `DatabaseBackup` for the copy itself).
public enum Backups {
    /// The folder of uploaded files that goes with backup `file`.
    public static func uploadsFolder(for file: String) -> String { file + ".uploads" }

    /// Backs up `source` (the server's own pool, or a read-only one opened on a live file) to `file`, with the
    /// uploads of the snapshot from `uploads`, verifies both, and only then gives them their final names.
    static func backUp(source: any DatabaseReader, uploads: URL, to file: String, say: @escaping (String) -> Void) throws -> BackupResult {
        let fm = FileManager.default
        let folder = uploadsFolder(for: file)
        guard !fm.fileExists(atPath: file), !fm.fileExists(atPath: folder) else {
            throw BackupFailure("\(file) exists already: choose another name or remove it first.")
        }
        try fm.createDirectory(at: URL(fileURLWithPath: file).deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = file + ".partial", partialFolder = folder + ".partial"
        for leftover in [partial, partial + "-journal", partialFolder] { try? fm.removeItem(atPath: leftover) }
        var keep = false
        defer {
            if !keep { for leftover in [partial, partial + "-journal", partialFolder] { try? fm.removeItem(atPath: leftover) } }
        }
        let started = Date()
        var reported = -1
        let snapshot = try DatabaseBackup.copy(from: source, to: partial) { fraction in
            let percent = Int(fraction * 100)
            if percent / 10 > reported / 10 || percent == 100 && reported != 100 {
                reported = percent
                say("copying the database: \(percent)%")
            }
        }
        say("copied; checking the copy (integrity, foreign keys, search indexes, row counts)…")
        let checks = try DatabaseBackup.verify(path: partial, expected: snapshot.counts)
        try fm.createDirectory(atPath: partialFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let copied = try copyUploads(snapshot.uploads, from: uploads, to: URL(fileURLWithPath: partialFolder, isDirectory: true))
        let uploadCheck = DatabaseBackup.Check(
            name: "\(snapshot.uploads.count) uploaded files copied", ok: copied.missing.isEmpty,
            detail: copied.missing.isEmpty ? "ok" : "missing or of another size: \(copied.missing.prefix(5).joined(separator: ", "))")
        let all = checks + [uploadCheck]
        if let failed = all.first(where: { !$0.ok }) {
            throw BackupFailure("the backup failed its check “\(failed.name)”: \(failed.detail)")
        }
        try fm.moveItem(atPath: partialFolder, toPath: folder)
        try fm.moveItem(atPath: partial, toPath: file)
        keep = true
        let finished = Date()
        let bytes = (try? fm.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        return BackupResult(
            file: file, uploadsFolder: folder, snapshotAt: snapshot.startedAt, finishedAt: finished,
            seconds: finished.timeIntervalSince(started), bytes: bytes, uploadFiles: snapshot.uploads.count,
            uploadBytes: copied.bytes, checks: all.map { "ok   \($0.name)" })
    }

    /// Hard-links (or, across file systems, copies) each named upload into `destination`; uploads are never changed
    /// after they are stored, so a link is as good as a copy. Returns the bytes and the names missing or of another size.
    static func copyUploads(_ files: [(name: String, size: Int64?)], from source: URL, to destination: URL) throws -> (bytes: Int64, missing: [String]) {
        let fm = FileManager.default
        var bytes: Int64 = 0
        var missing: [String] = []
        for file in files {
            let from = source.appendingPathComponent(file.name), to = destination.appendingPathComponent(file.name)
            guard let size = (try? fm.attributesOfItem(atPath: from.path))?[.size] as? Int64,
                  file.size == nil || file.size == size else {
                missing.append(file.name)
                continue
            }
            if fm.fileExists(atPath: to.path) { try fm.removeItem(at: to) }
            do {
                try fm.linkItem(at: from, to: to)
            } catch {
                try fm.copyItem(at: from, to: to)
            }
            bytes += size
        }
        return (bytes, missing)
    }

    /// Backs up the database file at `databasePath` while a server may be writing it: opened read-only from this
    /// process (never a second writer), through the online backup API.
    public static func backUp(databasePath: String, uploads: String?, to file: String, say: @escaping (String) -> Void) throws -> BackupResult {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw BackupFailure("There is no database at \(databasePath). Check --database (or COMMONPLACE_DATABASE).")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        let pool = try DatabasePool(path: databasePath, configuration: configuration)
        defer { try? pool.close() }
        let folder = uploads ?? defaultUploads(databasePath: databasePath)
        return try backUp(source: pool, uploads: URL(fileURLWithPath: folder, isDirectory: true), to: file, say: say)
    }

    /// `uploads/` beside the database file, as `serve` uses by default.
    public static func defaultUploads(databasePath: String) -> String {
        URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("uploads").path
    }
}
