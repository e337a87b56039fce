import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// "Forgot password" (issue 13): a single-use link by email, valid one hour, the same answer for every address, every
/// session ended by the new password, requests throttled.
@Suite("Password reset")
struct PasswordResetTests {
    static let sessionCookie = SessionTests.sessionCookie
    static let newPassword = "a brand new passphrase for amara"

    /// Asks for a reset of `email` through the form and returns the page.
    @discardableResult
    static func request(_ browser: Browser, _ email: String) async throws -> Browser.Page {
        try await browser.post("/password/reset", [("email", email)])
    }

    @Test("the sign-in page links to the reset form, which asks for the address")
    func forgotLink() async throws {
        let app = try TestApp()
        try await app.run { browser in
            #expect(try await browser.get("/signin").body.contains("href=\"/password/reset\">Forgot password?</a>"))
            let form = try await browser.get("/password/reset")
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"email\""))
            #expect(form.csrf != nil)
        }
    }

    @Test("a known address gets one email whose link sets the password, ends every session and signs the visitor in")
    func resetFlow() async throws {
        // Given Amara signed in on another device
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let otherDevice = try #require(browser.cookie(Self.sessionCookie))
            browser.clearCookies()
            // When she asks for a reset
            let sent = try await Self.request(browser, "Amara@Example.org ")
            // Then the page says to check the email, and one email is queued to her address
            #expect(sent.status == .ok)
            #expect(sent.body.contains("Check your email"))
            let mails = try await app.outbox()
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.kind == "password_reset")
            #expect(mail.to == "amara@example.org")
            #expect(mail.userID == amara.id)
            #expect(mail.subject == "Reset your Commonplace password")
            #expect(mail.unsubscribeURL == nil)
            let link = try #require(mail.link("/password/reset/", base: app.config.publicBaseURL))
            #expect(link.count == "/password/reset/".count + 43)
            #expect(mail.html.contains("href=\"\(app.config.publicBaseURL)\(link)\""))
            #expect(mail.text.contains("works once, for the next hour"))
            // …only the token's hash is stored
            let stored = try await app.database.reader.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM account_token") }
            #expect(stored == [RandomToken.sha256(String(link.dropFirst("/password/reset/".count)))])

            // When she follows the link and chooses a new password
            let form = try await browser.get(link)
            #expect(form.status == .ok)
            #expect(form.body.contains("@amara"))
            #expect(form.body.contains("name=\"password\""))
            let saved = try await browser.post(link, [("password", Self.newPassword)])
            // Then she is signed in here, with a notice
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/settings?notice=password-reset")
            let settings = try await browser.get(saved.location!)
            #expect(settings.status == .ok)
            #expect(settings.body.contains("Your new password is saved"))
            // …the other device is signed out
            browser.clearCookies()
            browser.setCookie(Self.sessionCookie, otherDevice)
            #expect(try await browser.get("/settings").status == .seeOther)
            // …the old password no longer works, the new one does
            browser.clearCookies()
            #expect(try await browser.signIn(email: "amara@example.org").status == .badRequest)
            #expect(try await browser.signIn(email: "amara@example.org", password: Self.newPassword).status == .seeOther)
        }
        // …and the address counts as verified (the link reached it); only this browser's new session is left
        let after = try #require(try await app.database.user(id: amara.id!))
        #expect(after.emailVerifiedAt != nil)
        #expect(try await app.database.sessions(userID: amara.id!, now: app.clock.now, idleTimeout: 86_400).count == 2)
    }

    @Test("an unknown address gets the same status and page as a known one, and nothing is queued")
    func sameAnswer() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let known = try await Self.request(browser, "amara@example.org")
            let unknown = try await Self.request(browser, "nobody@example.org")
            #expect(known.status == unknown.status)
            #expect(known.headers[.location] == unknown.headers[.location])
            #expect(known.body.replacingOccurrences(of: "amara@example.org", with: "ADDRESS")
                    == unknown.body.replacingOccurrences(of: "nobody@example.org", with: "ADDRESS"))
        }
        #expect(try await app.outbox().map(\.to) == ["amara@example.org"])
    }

    @Test("a used, an expired, a tampered and a verification link are refused with a way to ask again, writing nothing")
    func deadLinks() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await Self.request(browser, "amara@example.org")
            let used = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            #expect(try await browser.post(used, [("password", Self.newPassword)]).status == .seeOther)
            browser.clearCookies()
            app.clock.advance(by: 60)
            try await Self.request(browser, "amara@example.org")
            let fresh = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            #expect(fresh != used)
            var tampered = fresh
            tampered.replaceSubrange(tampered.index(before: tampered.endIndex)..., with: fresh.hasSuffix("A") ? "B" : "A")
            let token = IssuedToken.make()
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO account_token (purpose, user_id, address, token_hash, created_at, expires_at)
                    VALUES ('verify', ?, 'amara@example.org', ?, ?, ?)
                    """, arguments: [amara.id!, token.hash, app.clock.now, app.clock.now.addingTimeInterval(86_400)])
            }
            let otherPurpose = "/password/reset/" + token.token
            let csrf = try await browser.csrfToken()
            for link in [used, tampered, otherPurpose, "/password/reset/x"] {
                let page = try await browser.get(link)
                #expect(page.status == .notFound, "\(link)")
                #expect(page.body.contains("This link no longer works"), "\(link)")
                #expect(page.body.contains("href=\"/password/reset\">Ask for a new link</a>"), "\(link)")
                try await app.expectNoWrite("\(link)") {
                    let posted = try await browser.post(link, [("password", Self.newPassword)], csrf: csrf)
                    #expect(posted.status == .notFound, "\(link)")
                    #expect(browser.cookie(Self.sessionCookie) == nil)
                }
            }
            // An hour and a second later the fresh link has expired too
            app.clock.advance(by: AccountToken.resetLifetime + 1)
            #expect(try await browser.get(fresh).status == .notFound)
            try await app.expectNoWrite("expired") {
                let page = try await browser.post(fresh, [("password", Self.newPassword)], csrf: csrf)
                #expect(page.status == .notFound)
            }
        }
    }

    @Test("a newer request replaces the earlier link; a change of address since makes the link stop working")
    func replacedAndMoved() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await Self.request(browser, "amara@example.org")
            let first = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            app.clock.advance(by: 1)
            try await Self.request(browser, "amara@example.org")
            let second = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            #expect(try await browser.get(first).status == .notFound)
            #expect(try await browser.get(second).status == .ok)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET email = 'amara@new.example' WHERE id = ?", arguments: [amara.id!])
            }
            let moved = try await browser.get(second)
            #expect(moved.status == .notFound)
            #expect(moved.body.contains("an address the account no longer has"))
        }
    }

    @Test("a too-short new password is refused on the form, nothing written, and the link still works")
    func weakPassword() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await Self.request(browser, "amara@example.org")
            let link = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            let csrf = try await browser.csrfToken()
            try await app.expectNoWrite {
                let page = try await browser.post(link, [("password", "short-pw")], csrf: csrf)
                #expect(page.status == .badRequest)
                #expect(page.body.contains("Use at least 12 characters"))
                #expect(!page.body.contains("short-pw"))
            }
            #expect(try await browser.post(link, [("password", Self.newPassword)]).status == .seeOther)
        }
    }

    @Test("without the CSRF token, neither a request nor a new password is accepted, and nothing is written")
    func csrf() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await app.expectNoWrite {
                let page = try await browser.post("/password/reset", [("email", "amara@example.org")], csrf: "")
                #expect(page.status == .forbidden)
            }
            try await Self.request(browser, "amara@example.org")
            let link = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            try await app.expectNoWrite {
                let missing = try await browser.post(link, [("password", Self.newPassword)], csrf: "")
                let forged = try await browser.post(link, [("password", Self.newPassword)], csrf: "forged")
                #expect(missing.status == .forbidden)
                #expect(forged.status == .forbidden)
            }
            #expect(try await browser.get(link).status == .ok)
        }
    }

    @Test("requests are throttled per address (known or not) and per client: 429 with Retry-After, nothing sent")
    func throttled() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        let limits = app.config.accountMailThrottle
        try await app.run { browser in
            for address in ["amara@example.org", "nobody@example.org"] {
                for n in 0..<limits.maxPerAddress {
                    #expect(try await Self.request(browser, address).status == .ok, "\(address) \(n)")
                }
                let csrf = try await browser.csrfToken()
                try await app.expectNoWrite("\(address)") {
                    let refused = try await browser.post("/password/reset", [("email", address)], csrf: csrf)
                    #expect(refused.status == .tooManyRequests)
                    #expect(refused.headers[.retryAfter] == "3600")
                    #expect(refused.body.contains("Too many requests for this address or from your network"))
                }
            }
            #expect(try await app.outbox().count == limits.maxPerAddress)
            // The client has made 6 requests: 4 more for other addresses, then it is refused for any address
            for n in 0..<(limits.maxPerClient - 2 * limits.maxPerAddress) {
                #expect(try await Self.request(browser, "other\(n)@example.org").status == .ok)
            }
            #expect(try await Self.request(browser, "fresh@example.org").status == .tooManyRequests)
            // An hour later, asking works again
            app.clock.advance(by: limits.window + 1)
            #expect(try await Self.request(browser, "amara@example.org").status == .ok)
        }
        #expect(try await app.outbox().count == limits.maxPerAddress + 1)
    }

    @Test("a suspended account's new password is saved, every session ended, and the visitor sent to sign in")
    func suspended() async throws {
        let app = try TestApp()
        let admin = try await app.createUser(handle: "root", admin: true)
        let amara = try await app.createUser(handle: "amara")
        try await app.database.suspend(userID: amara.id!, until: app.clock.now.addingTimeInterval(86_400), reason: "Cooling off",
                                       actorID: admin.id!, now: app.clock.now)
        try await app.run { browser in
            try await Self.request(browser, "amara@example.org")
            let link = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "amara@example.org")
            let saved = try await browser.post(link, [("password", Self.newPassword)])
            #expect(saved.location == "/signin?notice=password-reset")
            #expect(browser.cookie(Self.sessionCookie) == nil)
            #expect(try await browser.get(saved.location!).body.contains("Your new password is saved"))
        }
    }

    @Test("a hostile display name is escaped in the HTML part and kept as text in the text part")
    func hostileName() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET display_name = '<script>x</script> & co' WHERE id = ?", arguments: [amara.id!])
        }
        try await app.run { browser in try await Self.request(browser, "amara@example.org") }
        let mail = try #require(try await app.outbox().first)
        #expect(mail.html.contains("Hello &lt;script&gt;x&lt;/script&gt; &amp; co,"))
        #expect(!mail.html.contains("<script>"))
        #expect(mail.text.contains("Hello <script>x</script> & co,"))
    }
}
