import Foundation
import Testing
@testable import Commonplace

/// Issue 11, item 6: commands that work on an existing database (`check`, `reindex`, `user create`) refuse a path
/// where there is none, instead of creating an empty database and reporting success. Run through the built
/// `commonplace` binary, beside the test binary (`swift build --build-tests` builds both).
@Suite("Command line")
struct CommandLineTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `commonplace` executable built with the tests.
    static func binary() throws -> URL {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap { $0 }
            .map { $0.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("commonplace") }
            + [ProjectPaths.root.appendingPathComponent(".build/debug/commonplace")]
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "build the executable first: swift build --build-tests")
    }

    static func run(_ arguments: [String], input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["COMMONPLACE_DATABASE"] = nil
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-cli-\(UUID().uuidString)")
    }

    @Test("check, reindex and user create refuse a missing database with a message on stderr and a failing exit code, creating nothing")
    func missingDatabase() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("typo.sqlite").path
        let commands: [[String]] = [
            ["check", "--database", path],
            ["reindex", "--database", path],
            ["user", "create", "--database", path, "--handle", "ada", "--email", "ada@example.org", "--display-name", "Ada",
             "--password-stdin"],
        ]
        for command in commands {
            let run = try Self.run(command, input: "a long enough passphrase\n")
            #expect(run.status != 0, "\(command[0]): \(run.stdout)")
            #expect(run.stderr.contains("There is no database at \(path)."), "\(command[0]): \(run.stderr)")
            #expect(run.stderr.contains("commonplace migrate --database"), "\(command[0]): \(run.stderr)")
            #expect(!run.stdout.contains("ok "), "\(command[0])")
            #expect(!FileManager.default.fileExists(atPath: path), "\(command[0]) created \(path)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "\(command[0]) created the folder")
        }
    }

    @Test("migrate creates a database that check then reports on; check of a folder is refused too")
    func existingDatabase() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.sqlite").path
        let migrate = try Self.run(["migrate", "--database", path])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(FileManager.default.fileExists(atPath: path))
        let check = try Self.run(["check", "--database", path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("ok "))
        #expect(check.stderr.isEmpty, "\(check.stderr)")
        let directory = try Self.run(["check", "--database", folder.path])
        #expect(directory.status != 0)
        #expect(directory.stderr.contains("There is no database at \(folder.path)"), "\(directory.stderr)")
    }
}
