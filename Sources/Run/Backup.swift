import ArgumentParser
import Commonplace
import Foundation

/// `commonplace backup`: an online backup of the database and its uploads, verified before it is reported good.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database (while the server runs) and its uploaded files, and verify the backup.",
        discussion: "Writes FILE (one SQLite file) and FILE.uploads/ beside it; both keep a .partial name until checked.")
    @Option(help: "SQLite database file (env: COMMONPLACE_DATABASE).")
    var database: String = env("COMMONPLACE_DATABASE") ?? "./data/commonplace.sqlite"
    @Option(help: "The backup file to write (must not exist).") var to: String
    @Option(help: "Folder of uploaded files; default: uploads/ beside the database file (env: COMMONPLACE_UPLOADS).")
    var uploads: String? = env("COMMONPLACE_UPLOADS")

    func run() async throws {
        do {
            let result = try Backups.backUp(databasePath: database, uploads: uploads, to: to) { say($0) }
            for line in result.checks { say(line) }
            say("Backup of \(database) written to \(result.file) (\(result.bytes) bytes) and \(result.uploadsFolder)/ "
                + "(\(result.uploadFiles) files, \(result.uploadBytes) bytes) in \(String(format: "%.1f", result.seconds)) s; "
                + "snapshot at \(ISO8601DateFormatter().string(from: result.snapshotAt)).")
        } catch let failure as BackupFailure {
            throw ValidationError(failure.description)
        }
    }
}

/// `commonplace restore`: a backup made by `backup` becomes the database (with the server stopped).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup as the database (server stopped); the backup is checked before anything is replaced.")
    @Option(help: "The backup file (its uploads are read from FILE.uploads/).") var from: String
    @Option(help: "SQLite database file to restore into (env: COMMONPLACE_DATABASE).")
    var database: String = env("COMMONPLACE_DATABASE") ?? "./data/commonplace.sqlite"
    @Option(help: "Folder of uploaded files; default: uploads/ beside the database file (env: COMMONPLACE_UPLOADS).")
    var uploads: String? = env("COMMONPLACE_UPLOADS")
    @ArgumentParser.Flag(help: "Replace an existing database (it is moved aside to DATABASE.replaced-TIME, not deleted).")
    var force = false

    func run() async throws {
        do {
            let result = try await Backups.restore(from: from, databasePath: database, uploads: uploads, force: force) { say($0) }
            for check in result.checks { say("\(check.ok ? "ok  " : "FAIL") \(check.name)\(check.ok ? "" : ": \(check.detail)")") }
            say("Restored \(from) into \(result.database) with \(result.uploadFiles) uploaded files in \(String(format: "%.1f", result.seconds)) s.")
            if result.checks.contains(where: { !$0.ok }) { throw ExitCode.failure }
        } catch let failure as BackupFailure {
            throw ValidationError(failure.description)
        } catch let held as ServerLock.Held {
            throw ValidationError(held.description)
        }
    }
}
