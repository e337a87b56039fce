import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Sessions")
struct SessionTests {
    static let sessionCookie = "__Host-commonplace_session"

    @Test("a session idle longer than the idle timeout has ended")
    func idleExpiry() async throws {
        let app = try TestApp { $0.sessionIdleTimeout = 3600 }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            app.clock.advance(by: 1800)
            #expect(try await browser.get("/settings").status == .ok)  // used: still alive
            app.clock.advance(by: 3601)
            let page = try await browser.get("/settings")
            #expect(page.status == .seeOther)
            #expect(browser.cookie(Self.sessionCookie) == nil)  // the dead cookie is cleared
        }
    }

    @Test("a session ends at its absolute lifetime even when used")
    func absoluteExpiry() async throws {
        let app = try TestApp {
            $0.sessionIdleTimeout = 3600
            $0.sessionLifetime = 3 * 3600
        }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            for _ in 0..<3 {
                app.clock.advance(by: 3000)
                #expect(try await browser.get("/settings").status == .ok)
            }
            app.clock.advance(by: 3000)  // 12,000 s > 3 h, yet only 3,000 s idle
            #expect(try await browser.get("/settings").status == .seeOther)
        }
    }

    @Test("the sessions page lists the member's sessions and ends another one on the server")
    func endAnotherSession() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let laptop = try #require(browser.cookie(Self.sessionCookie))
            browser.setCookie(Self.sessionCookie, nil)
            try await browser.signIn(email: "amara@example.org")

            let list = try await browser.get("/settings/sessions")
            #expect(list.status == .ok)
            #expect(list.body.contains("This browser"))
            #expect(list.body.components(separatedBy: "/settings/sessions/").count - 1 == 2)

            let laptopSession = try #require(try await app.database.sessions(userID: 1, now: app.clock.now, idleTimeout: 86_400)
                .first { $0.tokenHash == RandomToken.sha256(laptop) })
            let ended = try await browser.post("/settings/sessions/\(laptopSession.id!)/end", [])
            #expect(ended.location == "/settings/sessions?notice=session-ended")
            #expect(try await app.database.session(id: laptopSession.id!) == nil)
            #expect(try await browser.get("/settings").status == .ok)  // this one still works
        }
    }

    @Test("another member's session cannot be ended or even confirmed to exist (404)")
    func cannotEndOthersSession() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.createUser(handle: "devon")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let amaraSession = try #require(try await app.database.sessions(userID: 1, now: app.clock.now, idleTimeout: 86_400).first)
            browser.clearCookies()
            try await browser.signIn(email: "devon@example.org")
            let page = try await app.expectNoWrite { try await browser.post("/settings/sessions/\(amaraSession.id!)/end", []) }
            #expect(page.status == .notFound)
            #expect(try await app.database.session(id: amaraSession.id!) != nil)
            let list = try await browser.get("/settings/sessions")
            #expect(!list.body.contains("/settings/sessions/\(amaraSession.id!)/end"))
        }
    }

    @Test("changing the password ends every session on the server; this browser gets a new one")
    func passwordChangeEndsSessions() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let other = try #require(browser.cookie(Self.sessionCookie))
            browser.setCookie(Self.sessionCookie, nil)
            try await browser.signIn(email: "amara@example.org")
            let before = browser.cookie(Self.sessionCookie)

            let changed = try await browser.post("/settings/password", [
                ("current_password", TestApp.password), ("new_password", "a brand new passphrase"),
            ])
            #expect(changed.status == .seeOther)
            let after = try #require(browser.cookie(Self.sessionCookie))
            #expect(after != before)
            #expect(try await browser.get("/settings").status == .ok)

            browser.setCookie(Self.sessionCookie, other)
            #expect(try await browser.get("/settings").status == .seeOther)
            browser.setCookie(Self.sessionCookie, before)
            #expect(try await browser.get("/settings").status == .seeOther)
            browser.clearCookies()
            #expect(try await browser.signIn(email: "amara@example.org").status == .badRequest)
            #expect(try await browser.signIn(email: "amara@example.org", password: "a brand new passphrase").status == .seeOther)
        }
    }

    @Test("a wrong current password or weak new one changes nothing")
    func passwordChangeRefused() async throws {
        let app = try TestApp()
        let user = try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            // The current password is checked as a sign-in is, so a wrong one counts as a failed sign-in (guesses
            // through this form are throttled too): that row, and its autoincrement counter, are the only write.
            let wrong = try await app.expectNoWrite(ignoring: ["sign_in_failure", "sqlite_sequence"]) {
                try await browser.post("/settings/password", [("current_password", "not my password"), ("new_password", "a brand new passphrase")])
            }
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("That is not your current password"))
            #expect(try await app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sign_in_failure") } == 1)
            let weak = try await app.expectNoWrite { try await browser.post("/settings/password", [("current_password", TestApp.password), ("new_password", "short")]) }
            #expect(weak.status == .badRequest)
            #expect(weak.body.contains("Use at least 12 characters"))
            #expect(!weak.body.contains(TestApp.password))
        }
        #expect(try await app.database.user(handle: "amara")?.passwordHash == user.passwordHash)
    }
}
