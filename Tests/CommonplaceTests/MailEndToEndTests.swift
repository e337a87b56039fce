import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Each kind of email from its cause to a real SMTP server (aiosmtpd on loopback, STARTTLS on a self-signed
/// certificate, AUTH), read back with Python's `email` package: account mail (a password reset asked for on the
/// site), a notification email (queued by the fan-out of a reply), and a digest (composed at the member's hour).
@Suite("Email from cause to inbox")
struct MailEndToEndTests {
    /// The site path of the first link in `text` that starts with `base` + `prefix`.
    static func path(in text: String, base: String, prefix: String) -> String? {
        guard let start = text.range(of: base + prefix) else { return nil }
        let link = text[start.lowerBound...].prefix { !$0.isWhitespace }
        return String(link.dropFirst(base.count))
    }

    @Test("forgot password: the reset email arrives with no unsubscribe header, and its link opens the new-password form")
    func passwordReset() async throws {
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "pw"))
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            // When a visitor asks for a reset of a registered address, and the mail service runs
            #expect(try await browser.post(Paths.passwordReset, [("email", "amara@example.org")]).status == .ok)
            #expect(try await app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 1))
            // Then one message reached the server, to that address, account mail: no List-Unsubscribe
            let delivered = try server.messages()
            try #require(delivered.count == 1)
            let mail = delivered[0].mail
            #expect(delivered[0].envelope.rcpt_tos == ["amara@example.org"] && delivered[0].envelope.tls)
            #expect(mail.defects.isEmpty, "\(mail.defects)")
            #expect(mail.count("List-Unsubscribe") == 0)
            #expect(mail.header("Auto-Submitted") == "auto-generated")
            let text = try #require(mail.part("text/plain"))
            #expect(try #require(mail.part("text/html")).contains("href=\"\(app.config.publicBaseURL)/password/reset/"))
            // …and its link, followed, is the form for a new password
            let link = try #require(Self.path(in: text, base: app.config.publicBaseURL, prefix: "/password/reset/"))
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"password\""))
        }
    }

    @Test("a reply: the author's notification email arrives threaded with one-click unsubscribe, and that POST turns replies off")
    func notification() async throws {
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "pw"))
        let f = try await ForumFixture.make { $0.mail.quietMinutes = 0 }
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question()
        // When the member replies, the fan-out runs, and the mail service runs
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from("Ask the **privacy office** first."), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 1))
        // Then the author got it: threaded on the discussion, with the post in both parts and one-click unsubscribe
        let delivered = try server.messages()
        try #require(delivered.count == 1)
        let mail = delivered[0].mail
        #expect(delivered[0].envelope.rcpt_tos == ["author@example.org"])
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.header("Subject") == "[Privacy] How do we disclose PHI to police?")
        #expect(mail.header("In-Reply-To") == "<discussion-\(discussion.id!)@example.org>")
        #expect(mail.header("References") == "<discussion-\(discussion.id!)@example.org>")
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        let header = try #require(mail.header("List-Unsubscribe"))
        #expect(header.hasPrefix("<\(f.app.config.publicBaseURL)/unsubscribe/") && header.hasSuffix(">"))
        #expect(try #require(mail.part("text/plain")).contains("> Ask the **privacy office** first."))
        #expect(try #require(mail.part("text/html")).contains("<strong>privacy office</strong>"))
        // And the mail client's one-click POST to that address (no session, no CSRF token) turns reply emails off
        let unsubscribe = String(header.dropFirst(1 + f.app.config.publicBaseURL.count).dropLast())
        let status = try await f.app.run { browser in
            try await browser.postRaw(unsubscribe, body: "List-Unsubscribe=One-Click").status
        }
        #expect(status == .ok)
        #expect(try await f.app.database.emailSettings(userID: f.author.id!).mode(.reply) == .never)
        // …so the next reply sends nothing
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("And the lawyer."),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report())
        #expect(try server.messages().count == 1)
    }

    @Test("a daily digest arrives at the member's hour, listing the new question, with its own unsubscribe link")
    func digest() async throws {
        let server = try SMTPTestServer(tls: true, auth: ("mailer", "pw"))
        let f = try await DigestTests.fixture()
        let digests = f.app.digests
        try await digests.runOnce(now: DigestTests.utc("2027-03-12T18:00:00Z"))
        f.app.clock.advance(by: DigestTests.utc("2027-03-13T09:00:00Z").timeIntervalSince(f.app.clock.now))
        let (question, _) = try await f.ask("How long do we keep consent forms?")
        #expect(try await digests.runOnce(now: DigestTests.utc("2027-03-13T12:00:00Z")) == 1)
        f.app.clock.advance(by: DigestTests.utc("2027-03-13T12:00:00Z").timeIntervalSince(f.app.clock.now))
        #expect(try await f.app.mailService(SMTPTransport(server.configuration())).runOnce() == MailService.Report(sent: 1))
        let delivered = try server.messages()
        try #require(delivered.count == 1)
        let mail = delivered[0].mail
        #expect(delivered[0].envelope.rcpt_tos == ["member@example.org"])
        #expect(mail.defects.isEmpty, "\(mail.defects)")
        #expect(mail.header("Subject") == "Your daily digest: 1 new item")
        #expect(mail.count("In-Reply-To") == 0)
        #expect(mail.header("List-Unsubscribe")?.contains("/unsubscribe/\(f.member.id!).digest.") == true)
        let text = try #require(mail.part("text/plain"))
        #expect(text.contains("How long do we keep consent forms?\n  \(f.app.config.publicBaseURL)\(Paths.discussion(question))"))
        #expect(try #require(mail.part("text/html")).contains("<h2>Questions waiting for an answer</h2>"))
    }
}
