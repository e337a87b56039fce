import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Delivery end to end: messages from the outbox go over a real SMTP session (aiosmtpd on loopback, STARTTLS on a
/// self-signed certificate, AUTH) and are read back with Python's `email` package.
@Suite("Mail: delivery over SMTP")
struct MailDeliveryTests {
    @Test("a notification email goes over STARTTLS and AUTH PLAIN; Python's parser reads every header and both parts, the hostile title escaped")
    func endToEnd() async throws {
        // Given a member with a verified address, and an email to them whose subject is hostile
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "s3cret pass"))
        let app = try TestApp()
        let member = try await app.createUser(handle: "member")
        try await app.verifyEmail(member)
        let id = try await app.queue(TestMail.notification(to: member, subject: TestMail.hostileTitle))
        // When the mail service runs
        let report = try await app.mailService(SMTPTransport(server.configuration())).runOnce()
        // Then the server got one message, over TLS, from the authenticated user, with an 8BITMIME envelope
        #expect(report == MailService.Report(sent: 1))
        let delivered = try server.messages()
        try #require(delivered.count == 1)
        let envelope = delivered[0].envelope, mail = delivered[0].mail
        #expect(envelope.tls && envelope.login == "mailer")
        #expect(envelope.mail_from == "forum@example.org" && envelope.rcpt_tos == ["member@example.org"])
        #expect(envelope.mail_options.contains("BODY=8BITMIME"))
        // …that the parser reads without a defect, in CRLF lines of at most 78 characters, all ASCII
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.crlf_only && mail.ascii_only && mail.max_line <= 78, "longest line: \(mail.max_line)")
        // …with the subject as written (its line break made a space: no header was injected)
        #expect(mail.header("Subject") == "<script>alert(\"x\")</script> & Co — café ✓ Bcc: victim@example.org")
        #expect(mail.count("Bcc") == 0 && mail.count("Subject") == 1)
        #expect(mail.header("From") == "Commonplace Forum <forum@example.org>")
        #expect(mail.header("To") == "member@example.org")
        #expect(mail.header("Message-ID") == "<outbox-\(id)@example.org>")
        #expect(mail.header("In-Reply-To") == "<discussion-42@example.org>")
        #expect(mail.header("References") == "<discussion-42@example.org>")
        #expect(mail.header("Auto-Submitted") == "auto-generated")
        #expect(mail.header("List-Unsubscribe") == "<https://forum.example.org/unsubscribe/tok>")
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("Date")?.hasSuffix("+0000") == true)
        // …and both parts, UTF-8 and quoted-printable: the text as written, the HTML escaped
        #expect(mail.content_type == "multipart/alternative")
        #expect(mail.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(mail.parts.allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "quoted-printable" })
        let text = try #require(mail.part("text/plain")), html = try #require(mail.part("text/html"))
        #expect(text.contains("<script>alert(\"x\")</script> & Co — café ✓"))
        #expect(text.contains("A reply.\n.A line that starts with a dot.\n"))
        #expect(text.contains("> *Seven* years."))
        #expect(text.contains("Stop these emails: https://forum.example.org/unsubscribe/tok"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co — café ✓"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<blockquote><p><em>Seven</em> years.</p></blockquote>"))
        // …and the row says sent, with the server's reply
        let row = try await app.outboxRow(id)
        #expect(row.status == .sent && row.attempts == 1 && row.sentAt == app.clock.now)
        #expect(row.lastReply.hasPrefix("250"))
    }

    @Test("AUTH LOGIN is used when the server does not offer PLAIN; a wrong password delivers nothing and the message waits")
    func authLogin() async throws {
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "right"), loginOnly: true)
        let app = try TestApp()
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        var wrong = server.configuration()
        wrong.password = "wrong"
        #expect(try await app.mailService(SMTPTransport(wrong)).runOnce() == MailService.Report(retried: 1))
        let waiting = try await app.outboxRow(id)
        #expect(waiting.status == .queued && waiting.lastReply.contains("AUTH LOGIN refused: 535"))
        #expect(!waiting.lastReply.contains("wrong") && !waiting.lastReply.contains("right"))
        #expect(try server.messages().isEmpty)
        app.clock.advance(by: MailService.backoff(attempts: 1))
        #expect(try await app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 1))
        #expect(try server.messages().map(\.envelope.login) == ["mailer"])
    }

    @Test("many messages go over one connection; account mail carries no List-Unsubscribe")
    func oneConnection() async throws {
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "pw"))
        let app = try TestApp()
        for n in 1...25 { try await app.queue(TestMail.account(to: "person\(n)@example.org", object: "token:\(n)")) }
        #expect(try await app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 25))
        let delivered = try server.messages()
        #expect(delivered.count == 25)
        #expect(Set(delivered.map(\.envelope.connection)).count == 1)
        #expect(Set(delivered.flatMap(\.envelope.rcpt_tos)) == Set((1...25).map { "person\($0)@example.org" }))
        #expect(delivered.allSatisfy { $0.mail.count("List-Unsubscribe") == 0 && $0.mail.count("List-Unsubscribe-Post") == 0 })
        #expect(delivered.allSatisfy { $0.mail.count("In-Reply-To") == 0 && $0.mail.header("Auto-Submitted") == "auto-generated" })
    }

    @Test("STARTTLS is required unless configured off: a server without it gets nothing and the message waits")
    func startTLSRequired() async throws {
        let server = try SMTPTestServer()
        let app = try TestApp()
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        #expect(try await app.mailService(SMTPTransport(server.configuration(security: .starttls))).runOnce() == MailService.Report(retried: 1))
        #expect(try await app.outboxRow(id).lastReply.contains("does not offer STARTTLS"))
        #expect(try server.messages().isEmpty)
        // …and with `none` (a relay on the same machine) it goes
        app.clock.advance(by: 3600)
        #expect(try await app.mailService(SMTPTransport(server.configuration(security: .none))).runOnce() == MailService.Report(sent: 1))
        #expect(try server.messages().first?.envelope.tls == false)
    }

    @Test("the certificate is verified: a self-signed one that is not trusted gets nothing")
    func certificateVerified() async throws {
        let server = try SMTPTestServer(tls: true)
        let app = try TestApp()
        let id = try await app.queue(TestMail.account(to: "someone@example.org"))
        #expect(try await app.mailService(SMTPTransport(server.configuration(trust: false))).runOnce() == MailService.Report(retried: 1))
        #expect(try await app.outboxRow(id).status == .queued)
        #expect(try server.messages().isEmpty)
    }

    @Test("without SMTP, each message is written as an .eml file that Python's parser reads")
    func folder() async throws {
        let app = try TestApp()
        let folder = FolderTransport.directory(configured: nil, database: app.database)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let member = try await app.createUser(handle: "member")
        try await app.verifyEmail(member)
        let id = try await app.queue(TestMail.notification(to: member, subject: "Über die Frage"))
        #expect(try await app.mailService(FolderTransport(directory: folder)).runOnce() == MailService.Report(sent: 1))
        let file = URL(fileURLWithPath: folder).appendingPathComponent("outbox-\(id).eml").path
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["outbox-\(id).eml"])
        let mail = try #require(try ParsedMail.parse([file]).first)
        #expect(mail.defects.isEmpty && mail.header("Subject") == "Über die Frage")
        #expect(mail.part("text/plain")?.contains("A reply.") == true)
        #expect(try await app.outboxRow(id).lastReply == "250 written to outbox-\(id).eml")
    }
}
