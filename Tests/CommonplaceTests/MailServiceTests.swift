import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The mail service as the server runs it (woken by the commit that queues a message), and the command line's mail
/// options: checked at start with clear errors, and where mail goes printed without the password.
@Suite("Mail: the service and its options")
struct MailServiceTests {
    @Test("the running service is woken by the commit that queues a message, with no timer")
    func wokenByCommit() async throws {
        let app = try TestApp()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wake-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let service = app.mailService(FolderTransport(directory: folder))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(200))
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        var status = OutboxMessage.Status.queued
        for _ in 0..<200 where status == .queued {
            try await Task.sleep(for: .milliseconds(25))
            status = try await app.outboxRow(id).status
        }
        #expect(status == .sent)
        #expect(FileManager.default.fileExists(atPath: folder + "/outbox-\(id).eml"))
    }

    @Test("serve refuses a bad SMTP URL, TLS mode or From address with a message naming the option")
    func badOptions() throws {
        let folder = CommandLineTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("forum.sqlite").path
        let cases: [([String], String)] = [
            (["--smtp-url", "http://mail.example.org"], "--smtp-url"),
            (["--smtp-url", "smtp://mailer@mail.example.org"], "no password"),
            (["--smtp-tls", "sometimes"], "--smtp-tls must be starttls, tls or none"),
            (["--mail-from", "not an address"], "--mail-from must be an address"),
            (["--mail-daily-cap", "0"], "--mail-daily-cap must be at least 1"),
            (["--public-url", "ftp://x"], "--public-url must be an http or https address"),
        ]
        for (options, message) in cases {
            let run = try CommandLineTests.run(["serve", "--database", database, "--port", "1"] + options)
            #expect(run.status != 0, "\(options)")
            #expect(run.stderr.contains(message), "\(options): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: database), "nothing is created before the options are checked")
    }

    @Test("serve prints where mail goes: the SMTP server without its password")
    func printsWhereMailGoes() async throws {
        let folder = CommandLineTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = try CommandLineTests.binary()
        process.arguments = ["serve", "--database", folder.appendingPathComponent("forum.sqlite").path, "--port", "0",
                             "--smtp-url", "smtp://mailer:hunter2hunter2@127.0.0.1:2525", "--smtp-tls", "none",
                             "--argon2-memory", "19456"]
        var environment = ProcessInfo.processInfo.environment
        environment["COMMONPLACE_SMTP_PASSWORD"] = "from-the-environment"
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("Mail goes to"), Date() < deadline {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.contains("Mail goes to SMTP smtp://mailer@127.0.0.1:2525 (none)"), "\(text)")
        #expect(!text.contains("hunter2") && !text.contains("from-the-environment"))
    }
}
