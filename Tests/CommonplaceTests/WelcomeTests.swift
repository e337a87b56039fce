import Foundation
import Hummingbird
import Testing
@testable import Commonplace

/// After sign-up: the welcome page, and `?next=` kept through sign-up.
@Suite("Welcome after sign-up")
struct WelcomeTests {
    @Test("sign-up keeps ?next= through “check your email” to the welcome page, which offers to continue there")
    func keepsNext() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let form = try await browser.get("/signup?next=/c/security/join")
            #expect(form.body.contains("<input type=\"hidden\" name=\"next\" value=\"/c/security/join\">"))
            #expect(form.body.contains("href=\"/signin?next=/c/security/join\""))
            let created = try await browser.post("/signup", [("handle", "newcomer"), ("display_name", "Nadia"),
                                                             ("email", "nadia@example.org"), ("password", TestApp.password),
                                                             ("next", "/c/security/join")])
            #expect(created.location == "/signup/check-email?next=/c/security/join")
            let check = try await browser.get(created.location!)
            #expect(check.body.contains("href=\"/welcome?next=/c/security/join\""))
            let welcome = try await browser.get("/welcome?next=/c/security/join")
            #expect(welcome.status == .ok)
            #expect(welcome.body.contains("Welcome, Nadia"))
            #expect(welcome.body.contains("A community of practice is a group of people"))
            #expect(welcome.body.contains("<a class=\"button\" href=\"/c/security/join\">Continue where you were going</a>"))
            // Suggestions: communities to join, with the way in their policy allows.
            #expect(welcome.body.contains("Join Finance"))
            #expect(welcome.body.contains("href=\"/c/privacy/join\">Ask to join</a>"))
        }
    }

    @Test("the sign-in page's “Create an account” link carries the same ?next=, so a newcomer comes back there too")
    func signInLinksToSignUpWithNext() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let signIn = try await browser.get("/signin?next=/c/security/join")
            #expect(signIn.body.contains("href=\"/signup?next=/c/security/join\">Create an account</a>"))
            let plain = try await browser.get("/signin")
            #expect(plain.body.contains("href=\"/signup\">Create an account</a>"))
        }
    }

    @Test("a return address off the site is dropped, at sign-up as at sign-in")
    func foreignNextDropped() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let form = try await browser.get("/signup?next=//evil.example/x")
            #expect(!form.body.contains("evil.example"))
            let created = try await browser.post("/signup", [("handle", "newcomer"), ("display_name", "Nadia"),
                                                             ("email", "nadia@example.org"), ("password", TestApp.password),
                                                             ("next", "https://evil.example/")])
            #expect(created.location == "/signup/check-email")
            #expect(try await browser.get("/signup/check-email").body.contains("href=\"/welcome\""))
        }
    }

    @Test("suggestions follow what the newcomer works on and the type chosen; refusals are clear")
    func suggestions() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            #expect(try await browser.get("/welcome").location?.hasPrefix("/signin") == true)
            try await browser.signIn(email: "outsider@example.org")
            let finance = try await browser.get("/welcome?work=finance+and+payroll")
            #expect(finance.body.contains("Suggested for you"))
            #expect(finance.body.contains("Join Finance"))
            #expect(!finance.body.contains(">Privacy</a>"))
            let nothing = try await browser.get("/welcome?work=beekeeping")
            #expect(nothing.body.contains("No community matches those words yet"))
            let bad = try await browser.get("/welcome?type=bogus")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("There is no community type"))
            // A member is not offered what they are in.
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let member = try await browser.get("/welcome")
            #expect(!member.body.contains(">Privacy</a>") && member.body.contains("Join Finance"))
        }
    }
}
