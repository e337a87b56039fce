import Foundation
import GRDB
import Testing
@testable import Commonplace

/// `/settings/email`: every kind's mode, the digest's schedule and time zone, the address's delivery status.
@Suite("Email settings")
struct EmailSettingsTests {
    /// A complete valid form (with `changes` replacing or adding fields).
    static func form(_ changes: [(String, String)] = []) -> [(String, String)] {
        var fields: [(String, String)] = [("mode_mention", "immediately"), ("mode_watching", "digest"), ("digest_frequency", "daily"),
                                          ("digest_hour", "7"), ("digest_weekday", "friday"), ("time_zone", "Europe/Paris")]
        for (name, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == name }) { fields[index].1 = value } else { fields.append((name, value)) }
        }
        return fields
    }

    @Test("the page shows the defaults, the digest's schedule in the site's zone, and is linked from the settings navigation")
    func page() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.settingsEmail)
            #expect(page.status == .ok)
            #expect(page.body.contains("<a href=\"/settings/email\" aria-current=\"page\">Email</a>"))
            #expect(page.body.contains("<select id=\"mode-mention\" name=\"mode_mention\"><option value=\"immediately\" selected>"))
            #expect(page.body.contains("<select id=\"mode-watching\" name=\"mode_watching\"><option value=\"immediately\">Email me at once</option><option value=\"digest\" selected>"))
            #expect(page.body.contains("<option value=\"weekly\" selected>Weekly</option>"))
            #expect(page.body.contains("<option value=\"America/Toronto\" selected>America/Toronto</option>"))
            #expect(page.body.contains("which is not confirmed yet"))
            // The moderators' kinds only for moderators
            #expect(!page.body.contains("mode_mod_flag"))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let moderator = try await browser.get(Paths.settingsEmail)
            #expect(moderator.body.contains("<select id=\"mode-mod_flag\" name=\"mode_mod_flag\"><option value=\"immediately\">Email me at once</option><option value=\"digest\">In my digest</option><option value=\"never\" selected>"))
        }
    }

    @Test("saving keeps every choice, and the next digest is worked out again from the new schedule")
    func save() async throws {
        let f = try await ForumFixture.make()
        try await f.app.digests.runOnce()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let saved = try await browser.post(Paths.settingsEmail, Self.form([("mode_reply", "never")]))
            #expect(saved.status == .seeOther)
            #expect(saved.location == Paths.settingsEmail + "?notice=saved")
            let page = try await browser.get(saved.location!)
            #expect(page.body.contains("Your email settings were saved."))
            #expect(page.body.contains("<option value=\"Europe/Paris\" selected>"))
        }
        let settings = try await f.app.database.emailSettings(userID: f.member.id!)
        #expect(settings.mode(.reply) == .never && settings.mode(.mention) == .immediately && settings.mode(.quote) == .immediately)
        #expect(settings.frequency == .daily && settings.hour == 7 && settings.weekday == 6 && settings.timeZone == "Europe/Paris")
        let next = try f.app.database.reader.read { db in
            try Row.fetchOne(db, sql: "SELECT next_digest_at FROM digest_schedule WHERE user_id = ?", arguments: [f.member.id])
        }
        let row = try #require(next)
        #expect(row["next_digest_at"] as Date? == nil)
    }

    @Test("refusals: an unknown kind, mode, frequency, hour, day or zone, or a missing field, is 400 with a clear message; nothing written")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let cases: [([(String, String)], String)] = [
            (Self.form([("mode_nope", "never")]), "There is no kind of email “nope”."),
            (Self.form([("mode_reply", "sometimes")]), "“sometimes” is not a choice for"),
            (Self.form([("digest_frequency", "hourly")]), "The digest comes daily, weekly or off"),
            (Self.form([("digest_hour", "24")]), "The digest's hour must be a whole number from 0 to 23."),
            (Self.form([("digest_hour", "seven")]), "The digest's hour must be a whole number from 0 to 23."),
            (Self.form([("digest_weekday", "someday")]), "The digest's day must be a day of the week"),
            (Self.form([("time_zone", "Mars/Olympus_Mons")]), "is not a time zone this site knows"),
            (Self.form([("colour", "blue")]), "The form has a field “colour” that this page does not know."),
            (Self.form().filter { $0.0 != "time_zone" }, "The form is missing the field “time_zone”."),
        ]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (fields, message) in cases {
                try await f.app.expectNoWrite(Comment(rawValue: message)) {
                    let page = try await browser.post(Paths.settingsEmail, fields)
                    #expect(page.status == .badRequest, "\(message)")
                    #expect(page.body.contains(HTMLEscaping.escape(message)), "\(message)")
                }
            }
        }
    }

    @Test("refusals: the moderators' kinds for a non-moderator (403), no CSRF token (403), anonymous (403; the page sends them to sign in)")
    func forbidden() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await f.app.expectNoWrite("anonymous") {
                let anonymous = try await browser.post(Paths.settingsEmail, Self.form())
                #expect(anonymous.status == .forbidden)
            }
            let page = try await browser.get(Paths.settingsEmail)
            #expect(page.status == .seeOther)
            #expect(page.location == Paths.signIn(next: Paths.settingsEmail))
            try await browser.signIn(email: "member@example.org")
            try await f.app.expectNoWrite("moderators' kind") {
                let page = try await browser.post(Paths.settingsEmail, Self.form([("mode_mod_flag", "immediately")]))
                #expect(page.status == .forbidden)
                #expect(page.body.contains("is for the moderators of a community."))
            }
            try await f.app.expectNoWrite("no CSRF") {
                let page = try await browser.post(Paths.settingsEmail, Self.form(), csrf: "")
                #expect(page.status == .forbidden)
            }
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let saved = try await browser.post(Paths.settingsEmail, Self.form([("mode_mod_flag", "immediately")]))
            #expect(saved.status == .seeOther)
        }
        #expect(try await f.app.database.emailSettings(userID: f.moderator.id!).mode(.modFlag) == .immediately)
        #expect(try await f.app.database.emailSettings(userID: f.member.id!) == EmailSettings())
    }

    @Test("a suspended member sees the page but cannot save (403, nothing written), nor can a write allowed before the suspension")
    func suspended() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await f.signIn(browser, "suspended@example.org")
            let page = try await browser.get(Paths.settingsEmail)
            #expect(page.status == .ok)
            #expect(page.body.contains("Your account is suspended"))
            #expect(!page.body.contains("Save email settings"))
            try await f.app.expectNoWrite {
                let refused = try await browser.post(Paths.settingsEmail, Self.form())
                #expect(refused.status == .forbidden)
            }
        }
        // A check taken before the suspension is asked again inside the write
        let before = try await f.guardian(f.member)
        try await f.app.database.suspend(userID: f.member.id!, until: f.app.clock.now.addingTimeInterval(86_400), reason: "spam",
                                         actorID: f.admin.id!, now: f.app.clock.now)
        await #expect(throws: AppError.self) {
            try await f.app.database.saveEmailSettings(userID: f.member.id!, EmailSettings(), kinds: [.reply], now: f.app.clock.now,
                                                       checking: before.writeCheck { guardian, _ in
                                                           try guardian.ensureNotSuspended()
                                                           try guardian.ensure(guardian.canChangeEmailSettings)
                                                       })
        }
        #expect(try await f.app.database.emailSettings(userID: f.member.id!) == EmailSettings())
    }

    @Test("the delivery status shows the latest messages, and a bouncing address after three failures in a row")
    func deliveryStatus() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.writer.write { db in
            for (n, status) in ["sent", "failed", "failed", "failed"].enumerated() {
                try db.execute(sql: """
                    INSERT INTO mail_outbox (user_id, to_address, kind, dedupe_key, subject, text_body, html_body, status,
                      last_reply, next_attempt_at, created_at)
                    VALUES (?, 'member@example.org', 'digest', ?, ?, '', '', ?, ?, ?, ?)
                    """, arguments: [f.member.id, "digest/\(n)", "Digest \(n)", status,
                                     status == "failed" ? "550 5.1.1 <member@example.org>: mailbox unavailable" : "250 OK",
                                     f.app.clock.now, f.app.clock.now.addingTimeInterval(Double(n))])
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.settingsEmail)
            #expect(page.body.contains("The last 3 emails to this address failed: 550 5.1.1 &lt;member@example.org&gt;: mailbox unavailable."))
            #expect(page.body.contains("<td>Digest 0</td><td>Sent<br><small>250 OK</small></td>"))
        }
    }
}
