import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Sign in and sign out")
struct SignInTests {
    static let sessionCookie = "__Host-commonplace_session"

    @Test("signing in sets a __Host- session cookie: HttpOnly, SameSite=Lax, Secure, Path=/")
    func cookieAttributes() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let response = try await browser.signIn(email: "amara@example.org")
            #expect(response.status == .seeOther)
            let cookie = try #require(response.setCookies.first { $0.hasPrefix(Self.sessionCookie + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain="))
            // The database keeps only the token's SHA-256.
            let token = try #require(browser.cookie(Self.sessionCookie))
            #expect(token.count >= 43)  // 256 bits, base64url
            let sessions = try await app.database.sessions(userID: 1, now: app.clock.now, idleTimeout: 3600)
            #expect(sessions.count == 1)
            #expect(sessions[0].tokenHash == RandomToken.sha256(token))
            #expect(sessions[0].tokenHash != token)
        }
    }

    @Test("with secure cookies off (plain-HTTP local use) the cookie has no Secure and no __Host- prefix")
    func insecureCookies() async throws {
        let app = try TestApp { $0.secureCookies = false }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let response = try await browser.signIn(email: "amara@example.org")
            let cookie = try #require(response.setCookies.first { $0.hasPrefix("commonplace_session=") })
            #expect(!cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            let home = try await browser.get("/")
            #expect(home.body.contains("Sign out"))
        }
    }

    @Test("a wrong password and an unknown email get the same page")
    func sameAnswer() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let wrong = try await browser.signIn(email: "amara@example.org", password: "not the right password")
            let unknown = try await browser.signIn(email: "nobody@example.org", password: "not the right password")
            #expect(wrong.status == .badRequest)
            #expect(unknown.status == wrong.status)
            let normalise = { (page: Browser.Page) in
                page.body
                    .replacingOccurrences(of: "amara@example.org", with: "EMAIL")
                    .replacingOccurrences(of: "nobody@example.org", with: "EMAIL")
                    .replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: "TOKEN", options: .regularExpression)
            }
            #expect(normalise(wrong) == normalise(unknown))
            #expect(wrong.body.contains("do not match an account"))
            #expect(browser.cookie(Self.sessionCookie) == nil)
        }
    }

    @Test("after 10 failures in 15 minutes the account gets 429, and the owner can sign in once the window passes")
    func throttling() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            for _ in 0..<10 {
                let page = try await browser.signIn(email: "amara@example.org", password: "guessing wrongly")
                #expect(page.status == .badRequest)
            }
            // Even the right password is refused while throttled.
            let locked = try await browser.signIn(email: "amara@example.org")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.body.contains("Too many failed sign-in attempts"))
            #expect(locked.headers[.retryAfter] != nil)
            #expect(browser.cookie(Self.sessionCookie) == nil)

            app.clock.advance(by: 15 * 60 + 1)
            let later = try await browser.signIn(email: "amara@example.org")
            #expect(later.status == .seeOther)
            #expect(browser.cookie(Self.sessionCookie) != nil)
        }
    }

    @Test("failures are throttled per client address too, across accounts")
    func throttlingPerClient() async throws {
        let app = try TestApp { $0.signInThrottle.maxFailuresPerClient = 5 }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            for n in 0..<5 {
                _ = try await browser.signIn(email: "guess\(n)@example.org", password: "wrong password here")
            }
            let page = try await browser.signIn(email: "amara@example.org")
            #expect(page.status == .tooManyRequests)
        }
    }

    @Test("sign-in keeps a local next path and refuses to redirect off-site")
    func nextPath() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let local = try await browser.post("/signin", [("email", "amara@example.org"), ("password", TestApp.password), ("next", "/settings")])
            #expect(local.location == "/settings")
            browser.clearCookies()
            let offsite = try await browser.post("/signin", [("email", "amara@example.org"), ("password", TestApp.password), ("next", "//evil.example/")])
            #expect(offsite.location == "/")
        }
    }

    @Test("a page that needs an account redirects to sign-in and back")
    func signInRequired() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/settings")
            #expect(page.status == .seeOther)
            #expect(page.location == "/signin?next=/settings")
        }
    }

    @Test("signing out ends the session on the server: the old cookie no longer works")
    func signOut() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let token = try #require(browser.cookie(Self.sessionCookie))
            let out = try await browser.post("/signout", [])
            #expect(out.status == .seeOther)
            #expect(browser.cookie(Self.sessionCookie) == nil)
            // Replaying the old cookie: anonymous again.
            browser.setCookie(Self.sessionCookie, token)
            let settings = try await browser.get("/settings")
            #expect(settings.status == .seeOther)
        }
        #expect(try await app.database.sessions(userID: 1, now: app.clock.now, idleTimeout: 3600).isEmpty)
    }

    @Test("each sign-in issues a new token")
    func newTokenEachTime() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let first = browser.cookie(Self.sessionCookie)
            browser.setCookie(Self.sessionCookie, nil)
            try await browser.signIn(email: "amara@example.org")
            let second = browser.cookie(Self.sessionCookie)
            #expect(first != nil && second != nil && first != second)
        }
    }

    @Test("a hash weaker than the configured parameters is upgraded at sign-in")
    func upgradesWeakHash() async throws {
        let app = try TestApp { $0.argon2 = Argon2Parameters(memoryKiB: 19_456, iterations: 3, parallelism: 1) }
        let weak = try Argon2.hash(TestApp.password, parameters: .minimum)
        let now = app.clock.now
        _ = try await app.database.createUser(User(handle: "amara", email: "amara@example.org", displayName: "Amara",
                                             passwordHash: weak, createdAt: now, updatedAt: now))
        try await app.run { browser in
            let page = try await browser.signIn(email: "amara@example.org")
            #expect(page.status == .seeOther)
        }
        let stored = try #require(try await app.database.user(handle: "amara")?.passwordHash)
        #expect(stored != weak)
        #expect(stored.contains("m=19456,t=3,p=1"))
        #expect(Argon2.verify(TestApp.password, encoded: stored))
    }
}
