import Foundation
import GRDB
import Testing
@testable import Commonplace

/// `/admin/mail`: the outbox for site admins only; filters and refusals.
@Suite("Mail: the outbox page")
struct AdminMailTests {
    @Test("site admins see counts by state and the messages of one state; members get 403, visitors are sent to sign in")
    func access() async throws {
        let f = try await ForumFixture.make()
        let app = f.app
        let sent = try await app.queue(TestMail.account(to: "first@example.org", object: "token:1"))
        try await app.database.recordMail(sent, .sent(reply: "250 OK"), now: app.clock.now)
        try await app.queue(TestMail.account(to: "second@example.org", object: "token:2"))
        try await app.queue(OutgoingMail(userID: nil, to: "third@example.org", kind: .verifyAddress, object: "token:3",
                                         subject: "<b>Confirm</b> your address", body: MailBody([.paragraph("Hi")])))
        try await app.run { browser in
            let anonymous = try await browser.get("/admin/mail")
            #expect(anonymous.status == .seeOther && anonymous.location?.hasPrefix("/signin") == true)
            try await browser.signIn(email: "member@example.org")
            let member = try await app.expectNoWrite(ignoring: ["session"]) { try await browser.get("/admin/mail") }
            #expect(member.status == .forbidden && member.body.contains("Only site admins see the outbox."))
            let retry = try await app.expectNoWrite(ignoring: ["session"]) { try await browser.post(Paths.retryMail(sent), []) }
            #expect(retry.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let all = try await browser.get("/admin/mail")
            #expect(all.status == .ok)
            #expect(all.body.contains("All (3)") && all.body.contains("Queued (2)") && all.body.contains("Sent (1)"))
            #expect(all.body.contains("Mail goes to the folder") && all.body.contains("first@example.org"))
            #expect(all.body.contains("&lt;b&gt;Confirm&lt;/b&gt; your address"))
            #expect(!all.body.contains("action=\"/admin/mail/"), "no retry button for messages that did not fail")
            let queued = try await browser.get("/admin/mail?status=queued")
            #expect(queued.body.contains("second@example.org") && !queued.body.contains("first@example.org"))
            #expect(queued.body.contains("next try"))
            let bad = try await browser.get("/admin/mail?status=bounced")
            #expect(bad.status == .badRequest && bad.body.contains("There is no state “bounced”"))
            #expect(try await browser.get("/admin/mail?page=9").status == .notFound)
            let missing = try await app.expectNoWrite(ignoring: ["session"]) { try await browser.post(Paths.retryMail(999), []) }
            #expect(missing.status == .notFound)
            let noToken = try await app.expectNoWrite(ignoring: ["session"]) { try await browser.post(Paths.retryMail(sent), [], csrf: "") }
            #expect(noToken.status == .forbidden)
        }
    }
}
