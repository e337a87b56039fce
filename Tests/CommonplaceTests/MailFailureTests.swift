import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Delivery when things go wrong: a server that is down, that says "later" (4xx) or "never" (5xx), that drops the
/// connection in the middle of a message, or a process that stops with messages queued. Nothing is lost, nothing is
/// delivered twice, and what failed is visible on `/admin/mail` with a retry button.
@Suite("Mail: failures and retries")
struct MailFailureTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-mail-\(UUID().uuidString)/forum.sqlite").path
    }

    @Test("a server that is down: the message waits with a growing back-off and is delivered once the server is back")
    func serverDown() async throws {
        // Given a queued message and a server that is down
        let server = try SMTPTestServer()
        let app = try TestApp()
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        let service = app.mailService(SMTPTransport(server.configuration()))
        server.stop()
        // When the service runs, twice as the back-off comes round
        #expect(try await service.runOnce() == MailService.Report(retried: 1))
        var row = try await app.outboxRow(id)
        #expect(row.status == .queued && row.attempts == 1 && row.lastReply.contains("could not connect"))
        #expect(row.nextAttemptAt == app.clock.now.addingTimeInterval(60))
        #expect(try await service.runOnce() == MailService.Report(), "not due before its back-off")
        app.clock.advance(by: 60)
        #expect(try await service.runOnce() == MailService.Report(retried: 1))
        row = try await app.outboxRow(id)
        #expect(row.attempts == 2 && row.nextAttemptAt == app.clock.now.addingTimeInterval(120))
        // Then, with the server back on the same port, it is delivered once
        try server.start()
        app.clock.advance(by: 120)
        #expect(try await service.runOnce() == MailService.Report(sent: 1))
        #expect(try server.messages().count == 1)
        #expect(try await app.outboxRow(id).status == .sent)
        #expect(try await service.runOnce() == MailService.Report())
    }

    @Test("a 4xx reply is retried later; the message goes once the server takes it")
    func transientReply() async throws {
        let server = try SMTPTestServer()
        let app = try TestApp()
        let ids = [try await app.queue(TestMail.account(to: "a@example.org")), try await app.queue(TestMail.account(to: "b@example.org"))]
        let service = app.mailService(SMTPTransport(server.configuration()))
        try server.answer(.tryLater)
        #expect(try await service.runOnce() == MailService.Report(retried: 2))
        for id in ids {
            let row = try await app.outboxRow(id)
            #expect(row.status == .queued && row.attempts == 1 && row.lastReply == "451 4.3.0 try again later")
        }
        try server.answer(.ok)
        app.clock.advance(by: MailService.backoff(attempts: 1))
        #expect(try await service.runOnce() == MailService.Report(sent: 2))
        #expect(try server.messages().count == 2)
    }

    @Test("4xx replies for three days: the message is marked failed, with the last reply")
    func givesUp() async throws {
        let server = try SMTPTestServer()
        let app = try TestApp()
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        let service = app.mailService(SMTPTransport(server.configuration()))
        try server.answer(.tryLater)
        #expect(try await service.runOnce() == MailService.Report(retried: 1))
        app.clock.advance(by: MailService.giveUpAfter)
        #expect(try await service.runOnce() == MailService.Report(failed: 1))
        let row = try await app.outboxRow(id)
        #expect(row.status == .failed && row.attempts == 2)
        #expect(row.lastReply.hasPrefix("gave up after 2 tries over 3 days: 451"))
    }

    @Test("a 5xx reply fails the message for good; /admin/mail shows it with the reply, and its retry button sends it again")
    func permanentReplyAndRetry() async throws {
        // Given a message the server refused
        let f = try await ForumFixture.make()
        let app = f.app
        let server = try SMTPTestServer()
        let id = try await app.queue(TestMail.account(to: "nobody@example.org"))
        let service = app.mailService(SMTPTransport(server.configuration()))
        try server.answer(.refuse)
        #expect(try await service.runOnce() == MailService.Report(failed: 1))
        #expect(try await app.outboxRow(id).lastReply == "550 5.1.1 no such mailbox here")
        app.clock.advance(by: 86_400 * 7)
        #expect(try await service.runOnce() == MailService.Report(), "a failed message is not tried again by itself")
        try await app.run { browser in
            // When a site admin opens the failed messages
            try await browser.signIn(email: "admin@example.org")
            let page = try await browser.get("/admin/mail?status=failed")
            #expect(page.status == .ok)
            #expect(page.body.contains("nobody@example.org") && page.body.contains("550 5.1.1 no such mailbox here"))
            #expect(page.body.contains("Failed (1)") && page.body.contains("action=\"/admin/mail/\(id)/retry\""))
            // …and presses retry
            let retried = try await browser.post("/admin/mail/\(id)/retry", [])
            #expect(retried.status == .seeOther && retried.location == "/admin/mail?status=queued")
            // …a second press finds nothing to retry, and writes nothing
            let again = try await app.expectNoWrite { try await browser.post("/admin/mail/\(id)/retry", []) }
            #expect(again.status == .conflict && again.body.contains("Only a failed message can be retried"))
        }
        let row = try await app.outboxRow(id)
        #expect(row.status == .queued && row.nextAttemptAt == app.clock.now)
        let log = try await app.database.reader.read { db in try ModerationAction.fetchAll(db) }
        #expect(log.map(\.action) == [.retryMail] && log.first?.targetId == id && log.first?.actorId == f.admin.id)
        // Then the next pass delivers it
        try server.answer(.ok)
        #expect(try await service.runOnce() == MailService.Report(sent: 1))
        #expect(try server.messages().map(\.envelope.rcpt_tos) == [["nobody@example.org"]])
    }

    @Test("a connection dropped in the middle of a message: retried, and each message delivered exactly once")
    func droppedMidData() async throws {
        let server = try SMTPTestServer()
        let app = try TestApp()
        let ids = [try await app.queue(TestMail.account(to: "a@example.org")), try await app.queue(TestMail.account(to: "b@example.org")),
                   try await app.queue(TestMail.account(to: "c@example.org"))]
        let service = app.mailService(SMTPTransport(server.configuration()))
        try server.answer(.drop)
        #expect(try await service.runOnce() == MailService.Report(retried: 3))
        #expect(try await app.outboxRow(ids[0]).lastReply.contains("connection closed"))
        #expect(try server.messages().isEmpty)
        try server.answer(.ok)
        app.clock.advance(by: MailService.backoff(attempts: 1))
        #expect(try await service.runOnce() == MailService.Report(sent: 3))
        #expect(try await service.runOnce() == MailService.Report())
        #expect(try server.messages().flatMap(\.envelope.rcpt_tos).sorted() == ["a@example.org", "b@example.org", "c@example.org"])
    }

    @Test("a message is marked only after the server's reply: stopped mid-send, it is still queued, and a new process on the same database delivers it")
    func restart() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let hanging = try SMTPTestServer()
        let clock = TestClock()
        var ids: [Int64] = []
        do {
            // Given a process that queued three messages and is sending the first to a server that holds it
            let first = try TestApp(database: AppDatabase.open(path: path), clock: clock)
            for n in 1...3 { ids.append(try await first.queue(TestMail.account(to: "p\(n)@example.org"))) }
            try hanging.answer(.hang)
            var slow = hanging.configuration()
            slow.timeouts.data = .seconds(60)
            let sending = Task { [service = first.mailService(SMTPTransport(slow))] in try await service.runOnce() }
            for _ in 0..<200 where !hanging.isHolding { try await Task.sleep(for: .milliseconds(25)) }
            try #require(hanging.isHolding)
            // Then, while the server holds it, nothing is marked: no row is claimed
            for id in ids {
                let row = try await first.outboxRow(id)
                #expect(row.status == .queued && row.attempts == 0)
            }
            // When the server goes away mid-message (the process's send never completes)
            hanging.stop()
            // (the message it held is retried, and so is the next, which finds no server; the third waits untried)
            let report = try await sending.value
            #expect(report == MailService.Report(retried: 2))
            #expect(try await first.outboxRow(ids[2]).attempts == 0)
            try (first.database.writer as? DatabasePool)?.close()
        }
        // Then a new process on the same file delivers all three, each once
        let server = try SMTPTestServer()
        clock.advance(by: MailService.backoff(attempts: 1))
        let second = try TestApp(database: AppDatabase.open(path: path), clock: clock)
        #expect(try await second.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 3))
        #expect(try server.messages().flatMap(\.envelope.rcpt_tos).sorted() == ["p1@example.org", "p2@example.org", "p3@example.org"])
        for id in ids { #expect(try await second.outboxRow(id).status == .sent) }
    }
}
