import ArgumentParser
import Commonplace
import Foundation

/// The `commonplace` command: parses options (each also an environment variable) and calls the library.
@main
struct CommonplaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commonplace",
        abstract: "A forum server for communities of practice.",
        subcommands: [Serve.self, Migrate.self, Seed.self, UserCommand.self, Reindex.self, Check.self, BackupCommand.self, RestoreCommand.self, BenchDataCommand.self])
}

/// The value of environment variable `name`, if set and not empty.
func env(_ name: String) -> String? {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
}

struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite database file (env: COMMONPLACE_DATABASE).")
    var database: String = env("COMMONPLACE_DATABASE") ?? "./data/commonplace.sqlite"

    @Option(help: "SQLite synchronous mode: NORMAL survives crashes, FULL also power loss (env: COMMONPLACE_SYNCHRONOUS).")
    var synchronous: String = env("COMMONPLACE_SYNCHRONOUS") ?? "NORMAL"

    /// Opens the database, creating it when missing (`migrate`, `seed`, `serve`, `bench-data`).
    func open() throws -> AppDatabase {
        try AppDatabase.open(path: database, synchronous: mode())
    }

    /// Opens a database that must exist already (every other command): a missing file is an error, not a new database.
    func openExisting() throws -> AppDatabase {
        try Commands.openExisting(path: database, synchronous: mode())
    }

    func mode() throws -> AppDatabase.Synchronous {
        guard let mode = AppDatabase.Synchronous(rawValue: synchronous.uppercased()) else {
            throw ValidationError("--synchronous must be NORMAL or FULL.")
        }
        return mode
    }
}

struct HashOptions: ParsableArguments {
    @Option(help: "argon2id memory in KiB, at least 19456 (env: COMMONPLACE_ARGON2_MEMORY).")
    var argon2Memory: UInt32 = env("COMMONPLACE_ARGON2_MEMORY").flatMap(UInt32.init) ?? 19_456

    @Option(help: "argon2id iterations, at least 2 (env: COMMONPLACE_ARGON2_ITERATIONS).")
    var argon2Iterations: UInt32 = env("COMMONPLACE_ARGON2_ITERATIONS").flatMap(UInt32.init) ?? 2

    func apply(to config: inout AppConfiguration) throws {
        let minimum = Argon2Parameters.minimum
        guard argon2Memory >= minimum.memoryKiB, argon2Iterations >= minimum.iterations else {
            throw ValidationError("argon2id needs at least \(minimum.memoryKiB) KiB and \(minimum.iterations) iterations.")
        }
        config.argon2 = Argon2Parameters(memoryKiB: argon2Memory, iterations: argon2Iterations, parallelism: 1)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        _ = try db.open()
        print("Database \(db.database) is at migration “\(AppDatabase.knownMigrations.last ?? "")”.")
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load the demo data from seeds/ (running it twice changes nothing).")
    @OptionGroup var db: DatabaseOptions
    @OptionGroup var hashing: HashOptions

    func run() async throws {
        var config = AppConfiguration()
        try hashing.apply(to: &config)
        try await Commands.seed(database: try db.open(), databasePath: db.database, config: config)
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")
        @OptionGroup var db: DatabaseOptions
        @OptionGroup var hashing: HashOptions
        @Option(help: "Handle: a–z, 0–9, - and _.") var handle: String
        @Option(help: "Email address.") var email: String
        @Option(help: "Name shown to others.") var displayName: String
        @ArgumentParser.Flag(help: "Make the account a site admin.") var admin = false
        @ArgumentParser.Flag(help: "Read the password from standard input (the only way, so it never appears in the process list).")
        var passwordStdin = false

        func run() async throws {
            guard passwordStdin else { throw ValidationError("Pass --password-stdin and type or pipe the password.") }
            let database = try db.openExisting()  // before the password is asked for
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password on standard input.") }
            var config = AppConfiguration()
            try hashing.apply(to: &config)
            do {
                let user = try await Commands.createUser(
                    database: database, config: config, handle: handle, email: email,
                    displayName: displayName, password: line, admin: admin)
                print("Created \(user.isAdmin ? "site admin" : "member") @\(user.handle) <\(user.email)>.")
            } catch let error as CommandError {
                throw ValidationError(error.description)
            }
        }
    }
}

struct Reindex: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the search index from the posts, showing progress (with the server stopped: one writer per file).")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        try await db.openExisting().reindex { say($0) }
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run SQLite's integrity check and FTS5's integrity-check, and report (with the server stopped: one writer per file).")
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let results = try await db.openExisting().check()
        for result in results { say("\(result.ok ? "ok  " : "FAIL") \(result.name)\(result.ok ? "" : ": \(result.detail)")") }
        if results.contains(where: { !$0.ok }) { throw ExitCode.failure }
    }
}

struct BenchDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-data",
        abstract: "Fill a database with a large deterministic forum for benchmarks (demo data first; creates the database like seed).")
    @OptionGroup var db: DatabaseOptions
    @Option(help: "Posts in all.") var posts = 1_000_000
    @Option(help: "Discussions (posts are spread over them).") var discussions = 100_000
    @Option(help: "Extra members.") var members = 50_000

    func run() async throws {
        var data = BenchData()
        data.posts = posts
        data.discussions = discussions
        data.members = members
        let started = Date()
        try await data.run(database: try db.open()) { say($0) }
        say("Generated in \(Int(Date().timeIntervalSince(started))) s.")
    }
}
