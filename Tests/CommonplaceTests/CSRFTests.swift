import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("CSRF")
struct CSRFTests {
    @Test("a POST without _csrf gets 403 and writes nothing")
    func missingToken() async throws {
        let app = try TestApp()
        try await app.run { browser in
            _ = try await browser.get("/signup")
            let page = try await browser.post("/signup", [
                ("handle", "nadia"), ("display_name", "Nadia"), ("email", "n@example.org"), ("password", TestApp.password),
            ], csrf: "")
            #expect(page.status == .forbidden)
            #expect(page.body.contains("nothing was changed"))
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("a wrong _csrf gets 403 and writes nothing")
    func wrongToken() async throws {
        let app = try TestApp()
        try await app.run { browser in
            _ = try await browser.get("/signup")
            let page = try await browser.post("/signup", [
                ("handle", "nadia"), ("display_name", "Nadia"), ("email", "n@example.org"), ("password", TestApp.password),
            ], csrf: String(repeating: "0", count: 64))
            #expect(page.status == .forbidden)
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("a token from another visitor is refused")
    func tokenOfAnotherVisitor() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let other = try await browser.csrfToken()
            browser.clearCookies()
            _ = try await browser.get("/signin")
            // Refused before the password is checked: no session, and no failed sign-in recorded either.
            let page = try await app.expectNoWrite {
                try await browser.post("/signin", [("email", "amara@example.org"), ("password", TestApp.password)], csrf: other)
            }
            #expect(page.status == .forbidden)
            #expect(browser.cookie("__Host-commonplace_session") == nil)
        }
    }

    @Test("a signed-in member's profile edit without a valid token changes nothing")
    func signedInEdit() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let page = try await browser.post("/settings", [
                ("display_name", "Hacked"), ("organisation", ""), ("role_title", ""), ("bio", ""),
            ], csrf: "")
            #expect(page.status == .forbidden)
        }
        #expect(try await app.database.user(handle: "amara")?.displayName == "Amara")
    }

    @Test("the sign-in token stops working once signed in (tokens are bound to the session)")
    func tokenRotatesAtSignIn() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let anonymousToken = try await browser.csrfToken()
            try await browser.signIn(email: "amara@example.org")
            let page = try await app.expectNoWrite {
                try await browser.post("/settings", [
                    ("display_name", "Changed"), ("organisation", ""), ("role_title", ""), ("bio", ""),
                ], csrf: anonymousToken)
            }
            #expect(page.status == .forbidden)
        }
    }
}
