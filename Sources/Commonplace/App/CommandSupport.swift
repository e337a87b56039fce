import Foundation
import Hummingbird
import Logging

/// What the `commonplace` command line calls; kept in the library so `Sources/Run` stays one short file.
public enum Commands {
    /// The demo sign-in file kept next to the database, so every run can print it.
    public static func demoCredentialsPath(database: String) -> String {
        URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("demo-sign-in.txt").path
    }

    /// Opens the database at `path` only if the file is there. `migrate`, `seed`, `serve` and `bench-data` make a
    /// database; every other command works on one made before, and must not leave an empty new database behind a
    /// mistyped path and report success on it.
    public static func openExisting(path: String, synchronous: AppDatabase.Synchronous) throws -> AppDatabase {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandError("There is no database at \(path). Check --database (or COMMONPLACE_DATABASE); "
                + "`commonplace migrate --database \(path)` creates a new one.")
        }
        guard !isFolder.boolValue else {
            throw CommandError("There is no database at \(path): it is a folder. Give the database file with --database; "
                + "`commonplace migrate --database PATH` creates a new one.")
        }
        return try AppDatabase.open(path: path, synchronous: synchronous)
    }

    /// Seeds the demo data, printing progress and (when accounts were created) saving the demo sign-in.
    public static func seed(database: AppDatabase, databasePath: String, config: AppConfiguration) async throws {
        let hasher = try PasswordHasher(parameters: config.argon2)
        let report = try await DemoSeeder(database: database, hasher: hasher).run { say("  seeding \($0)") }
        say("Seeded \(report.communitiesAdded) communities, \(report.usersAdded) accounts, \(report.boardsAdded) boards, \(report.discussionsAdded) discussions, \(report.postsAdded) posts, \(report.resourcesAdded) resources and \(report.meetingsAdded) events.")
        if let password = report.demoPassword {
            let text = "email: admin@commonplace.example\npassword: \(password)\n(every demo account, e.g. amara@members.example, uses the same password)\n"
            let path = demoCredentialsPath(database: databasePath)
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        }
    }

    /// Runs the server until interrupted, seeding the demo data first when asked and the database is empty.
    public static func serve(databasePath: String, config: AppConfiguration, seedDemo: Bool, synchronous: AppDatabase.Synchronous) async throws {
        var logger = Logger(label: "commonplace")
        logger.logLevel = .info
        let lock: ServerLock
        do {
            lock = try ServerLock(database: databasePath)
        } catch let held as ServerLock.Held {
            throw CommandError(held.description)
        }
        defer { withExtendedLifetime(lock) {} }
        let database = try AppDatabase.open(path: databasePath, synchronous: synchronous)
        if seedDemo, try await database.communities().isEmpty {
            say("First run: loading the demo data into \(databasePath)")
            try await seed(database: database, databasePath: databasePath, config: config)
        }
        let app = try await buildApplication(database: database, configuration: config, logger: logger)
        say("Commonplace is running at http://\(config.host):\(config.port)/")
        say("Mail goes to \(try MailService.transport(config.mail, database: database).summary); links in emails start \(config.publicBaseURL)")
        if let credentials = try? String(contentsOfFile: demoCredentialsPath(database: databasePath), encoding: .utf8) {
            say("Demo sign-in (site admin):\n" + credentials.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        try await app.runService()
    }

    /// Creates an account from the command line (the password read from standard input).
    public static func createUser(database: AppDatabase, config: AppConfiguration, handle: String, email: String,
                                  displayName: String, password: String, admin: Bool) async throws -> User {
        let handle = handle.lowercased()
        let email = User.normalizedEmail(email)
        let displayName = InputText.clean(displayName)
        let problems = [AccountValidation.handle(handle), AccountValidation.email(email),
                        AccountValidation.displayName(displayName), AccountValidation.password(password)].compactMap { $0 }
        guard problems.isEmpty else { throw CommandError(problems.joined(separator: "\n")) }
        let hasher = try PasswordHasher(parameters: config.argon2)
        let now = Date()
        do {
            return try await database.createUser(User(
                handle: handle, email: email, displayName: displayName, passwordHash: try await hasher.hash(password),
                isAdmin: admin, createdAt: now, updatedAt: now))
        } catch AccountConflict.handleTaken {
            throw CommandError("The handle \(handle) is taken.")
        } catch AccountConflict.emailTaken {
            throw CommandError("An account with the email \(email) exists already.")
        }
    }
}

/// A command-line failure with a message for the person at the terminal.
public struct CommandError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Writes a line to standard output at once (`print` is block-buffered when output goes to a file or pipe).
public func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
