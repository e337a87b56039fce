import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Issue 11, item 6: sign-ups are throttled per client address like failed sign-ins: 20 attempts in 15 minutes, then
/// 429 until the window passes. (The form says whether a handle is taken; since issue 13 it no longer says whether an
/// email is registered, but each such attempt emails the address's owner.)
@Suite("Sign up: throttling")
struct SignUpThrottleTests {
    static let limit = 20

    @Test("after 20 sign-up attempts in 15 minutes the 21st gets 429 with Retry-After, and no account is created")
    func throttled() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "nadia")
        try await app.run { browser in
            // Probing emails behind a taken handle: each attempt is answered without creating an account.
            for n in 0..<Self.limit {
                let probe = try await browser.signUp(handle: "nadia", email: "probe\(n)@example.org")
                #expect(probe.status == .badRequest, "attempt \(n + 1)")
                #expect(probe.body.contains("That handle is taken"))
            }
            let usersBefore = try await app.database.userCount()
            let refused = try await browser.signUp(handle: "grace", email: "grace@example.org")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("Too many sign-up attempts from your network"))
            #expect(refused.body.contains("wait 15 minutes"))
            #expect(refused.headers[.retryAfter] == "900")
            #expect(refused.body.contains("value=\"grace\""), "the form keeps what was typed")
            #expect(refused.location == nil)
            #expect(browser.cookie(SignInTests.sessionCookie) == nil)
            #expect(try await app.database.userCount() == usersBefore)
            #expect(try await app.database.user(handle: "grace") == nil)
            // A known email is not revealed while throttled either.
            let known = try await browser.signUp(handle: "other", email: "nadia@example.org")
            #expect(known.status == .tooManyRequests)
            #expect(!known.body.contains("already exists"))

            app.clock.advance(by: 15 * 60 + 1)
            let later = try await browser.signUp(handle: "grace", email: "grace@example.org")
            #expect(later.status == .seeOther)
            #expect(later.location == "/signup/check-email")
        }
        #expect(try await app.database.user(handle: "grace") != nil)
    }
}
