import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Verifying the account's address (issue 13): the link sent at sign-up (and again on request), valid 24 hours, once,
/// and only for the address the account still has. Following it takes a button press (a POST): opening the link
/// changes nothing.
@Suite("Address verification")
struct AddressVerificationTests {
    @Test("the sign-up link confirms the address with a button; opening it alone changes nothing")
    func verifyFlow() async throws {
        let app = try TestApp()
        try await app.run { browser in
            // Given a new account
            try await browser.signUp(handle: "nadia")
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            // …whose settings ask to confirm the address
            let before = try await browser.get("/settings")
            #expect(before.body.contains("Please confirm your address"))
            #expect(before.body.contains("action=\"/settings/address/verify\""))
            // When the link is opened (as a mail scanner would), nothing is written
            let page = try await app.expectNoWrite { try await browser.get(link) }
            #expect(page.status == .ok)
            #expect(page.body.contains("Confirm that <strong>nadia@example.org</strong> is your address"))
            #expect(page.body.contains("action=\"\(link)\""))
            // When the button is pressed
            let confirmed = try await browser.post(link, [])
            // Then the address is verified, the new account goes on to the welcome page, and the settings say so
            #expect(confirmed.location == "/welcome?notice=address-verified")
            let welcome = try await browser.get(confirmed.location!)
            #expect(welcome.body.contains("Your address is confirmed."))
            #expect(welcome.body.contains("Communities you could join"))
            let after = try await browser.get("/settings")
            #expect(!after.body.contains("Please confirm your address"))
            #expect(after.body.contains("(confirmed)"))
        }
        #expect(try await app.database.user(handle: "nadia")?.emailVerifiedAt == app.clock.now)
    }

    @Test("confirming goes where the newcomer was going when the link's page had ?next=, and an older account back to Settings")
    func verifyDestinations() async throws {
        let app = try TestApp()
        try await app.run { browser in
            // Given a new account whose link page was opened with where it was going
            try await browser.signUp(handle: "nadia")
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            let page = try await browser.get(link + "?next=%2Fc%2Fprivacy")
            #expect(page.body.contains("<input type=\"hidden\" name=\"next\" value=\"/c/privacy\">"))
            // When the button is pressed, then it goes there
            let confirmed = try await browser.post(link, [("next", "/c/privacy")])
            #expect(confirmed.location == "/c/privacy")
        }
        try await app.run { browser in
            // Given an account older than a week that confirms its address
            try await browser.signUp(handle: "omar", email: "omar@example.org")
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "omar@example.org")
            let created = app.clock.now.addingTimeInterval(-WelcomeController.newAccountAge - 3_600)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET created_at = ? WHERE handle = 'omar'", arguments: [created])
            }
            // Then it goes back to its settings; a next that leaves the site is ignored
            let confirmed = try await browser.post(link, [("next", "https://evil.example/")])
            #expect(confirmed.location == "/settings?notice=address-verified")
        }
    }

    @Test("the link works without signing in, and sends the visitor to sign in")
    func verifySignedOut() async throws {
        let app = try TestApp()
        try await app.run { browser in
            try await browser.signUp(handle: "nadia")
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            browser.clearCookies()
            let confirmed = try await browser.post(link, [])
            #expect(confirmed.location == "/signin?notice=address-verified")
            #expect(try await browser.get(confirmed.location!).body.contains("Your address is confirmed. Sign in to continue."))
        }
        #expect(try await app.database.user(handle: "nadia")?.emailVerifiedAt != nil)
    }

    @Test("confirming without the CSRF token is refused and writes nothing; the link still works")
    func csrf() async throws {
        let app = try TestApp()
        try await app.run { browser in
            try await browser.signUp(handle: "nadia")
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            try await app.expectNoWrite {
                let missing = try await browser.post(link, [], csrf: "")
                let forged = try await browser.post(link, [], csrf: "forged")
                #expect(missing.status == .forbidden)
                #expect(forged.status == .forbidden)
            }
            #expect(try await browser.get(link).status == .ok)
        }
        #expect(try await app.database.user(handle: "nadia")?.emailVerifiedAt == nil)
    }

    @Test("a used, expired, tampered or reset link, or one for an address changed since, is refused and writes nothing")
    func deadLinks() async throws {
        let app = try TestApp()
        try await app.run { browser in
            try await browser.signUp(handle: "nadia")
            let used = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            #expect(try await browser.post(used, []).status == .seeOther)
            // A second link (sent again before the first was used) for an address that then changes
            let nadia = try #require(try await app.database.user(handle: "nadia"))
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET email_verified_at = NULL WHERE id = ?", arguments: [nadia.id!])
            }
            #expect(try await browser.post("/settings/address/verify", []).location == "/settings?notice=verification-sent")
            let moved = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "nadia@example.org")
            #expect(moved != used)
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET email = 'nadia@elsewhere.example' WHERE id = ?", arguments: [nadia.id!])
            }
            try await PasswordResetTests.request(browser, "nadia@elsewhere.example")
            let reset = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "nadia@elsewhere.example")
            let wrongPurpose = "/verify/" + reset.dropFirst("/password/reset/".count)
            var tampered = moved
            tampered.removeLast()
            let csrf = try await browser.csrfToken()
            for (link, says) in [(used, "works once"), (moved, "no longer has"), (tampered, "works once"), (wrongPurpose, "works once")] {
                let page = try await browser.get(link)
                #expect(page.status == .notFound, "\(link)")
                #expect(page.body.contains("This link no longer works"), "\(link)")
                #expect(page.body.contains(says), "\(link)")
                #expect(page.body.contains("href=\"/settings\">Go to your settings</a>"), "\(link)")
                try await app.expectNoWrite("\(link)") {
                    let posted = try await browser.post(link, [], csrf: csrf)
                    #expect(posted.status == .notFound, "\(link)")
                }
            }
            #expect(try await app.database.user(handle: "nadia")?.emailVerifiedAt == nil)
        }
        // Expired: a fresh link, 24 hours and a second later
        let app2 = try TestApp()
        try await app2.run { browser in
            try await browser.signUp(handle: "grace")
            let link = try await app2.mailedLink("/verify/", kind: .verifyAddress, to: "grace@example.org")
            app2.clock.advance(by: AccountToken.verifyLifetime + 1)
            #expect(try await browser.get(link).status == .notFound)
            let csrf = try await browser.csrfToken()
            try await app2.expectNoWrite(ignoring: ["session"]) {
                let posted = try await browser.post(link, [], csrf: csrf)
                #expect(posted.status == .notFound)
            }
        }
    }

    @Test("sending the link again queues a new one; refused when confirmed, throttled, and needs the CSRF token")
    func resend() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let limits = app.config.accountMailThrottle
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let csrf = try await browser.csrfToken()
            try await app.expectNoWrite {
                let forged = try await browser.post("/settings/address/verify", [], csrf: "")
                #expect(forged.status == .forbidden)
            }
            for _ in 0..<limits.maxPerAddress {
                let sent = try await browser.post("/settings/address/verify", [], csrf: csrf)
                #expect(sent.location == "/settings?notice=verification-sent")
            }
            #expect(try await app.outbox(kind: .verifyAddress).count == limits.maxPerAddress)
            try await app.expectNoWrite {
                let refused = try await browser.post("/settings/address/verify", [], csrf: csrf)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.headers[.retryAfter] == "3600")
                #expect(refused.body.contains("Too many requests"))
            }
            // Every link sent works (the newest is not the only one), once
            let link = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "amara@example.org")
            #expect(try await browser.post(link, [], csrf: csrf).status == .seeOther)
            app.clock.advance(by: limits.window + 1)
            try await app.expectNoWrite(ignoring: ["session"]) {
                let again = try await browser.post("/settings/address/verify", [], csrf: csrf)
                #expect(again.status == .conflict)
                #expect(again.body.contains("already confirmed"))
            }
        }
        #expect(try await app.database.user(id: amara.id!)?.emailVerifiedAt != nil)
        // Anonymous visitors are sent to sign in
        try await app.run { browser in
            let csrf = try await browser.csrfToken()
            try await app.expectNoWrite {
                let anonymous = try await browser.post("/settings/address/verify", [], csrf: csrf)
                #expect(anonymous.status == .forbidden)
            }
        }
    }

    @Test("the demo accounts are seeded verified")
    func seededVerified() async throws {
        let app = try TestApp()
        try await app.seed()
        let unverified = try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE email_verified_at IS NULL")
        }
        #expect(try await app.database.userCount() > 0)
        #expect(unverified == 0)
    }
}
