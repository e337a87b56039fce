import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Sign up")
struct SignUpTests {
    @Test("a visitor signs up, is signed in, is told to check their email, and has a profile page")
    func signUpSucceeds() async throws {
        let app = try TestApp()
        try await app.run { browser in
            // When
            let response = try await browser.signUp(handle: "nadia", displayName: "Nadia Haddad")
            // Then
            #expect(response.status == .seeOther)
            #expect(response.location == "/signup/check-email")
            let check = try await browser.get("/signup/check-email")
            #expect(check.status == .ok)
            #expect(check.body.contains("Check your email"))
            let profile = try await browser.get("/u/nadia")
            #expect(profile.body.contains("Nadia Haddad"))
            #expect(profile.body.contains("Sign out"))
        }
        let user = try #require(try await app.database.user(handle: "nadia"))
        #expect(user.passwordHash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(!user.isAdmin)
        // …with the address unverified, and its verification email queued in the same transaction
        #expect(user.emailVerifiedAt == nil)
        let mails = try await app.outbox()
        #expect(mails.map(\.kind) == ["verify_address"])
        #expect(mails.first?.to == "nadia@example.org")
        #expect(mails.first?.userID == user.id)
        #expect(mails.first?.subject == "Confirm your email address for Commonplace")
        #expect(mails.first?.link("/verify/", base: app.config.publicBaseURL) != nil)
    }

    @Test("a weak password is refused beside its field, input kept, password not echoed, nothing written")
    func weakPassword() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.signUp(handle: "nadia", displayName: "Nadia Haddad", password: "short-pw")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Use at least 12 characters"))
            #expect(page.body.contains("value=\"nadia\""))
            #expect(page.body.contains("value=\"Nadia Haddad\""))
            #expect(!page.body.contains("short-pw"))
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("a handle outside [a-z0-9_-] or too long is refused with a message")
    func badHandles() async throws {
        let app = try TestApp()
        try await app.run { browser in
            for handle in ["nadia haddad", "nadia!", "<b>x</b>", "é-accent", String(repeating: "a", count: User.Limits.handle + 1), "a"] {
                let page = try await browser.signUp(handle: handle, email: "x\(handle.count)@example.org")
                #expect(page.status == .badRequest, "handle \(handle)")
                #expect(page.body.contains("id=\"handle-error\""), "handle \(handle)")
            }
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("uppercase in a handle is folded to lowercase")
    func uppercaseHandle() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.signUp(handle: "NadiaH")
            #expect(page.location == "/signup/check-email")
        }
        #expect(try await app.database.user(handle: "nadiah")?.handle == "nadiah")
    }

    @Test("an invalid email is refused beside its field")
    func invalidEmail() async throws {
        let app = try TestApp()
        try await app.run { browser in
            for email in ["nadia", "nadia@", "@example.org", "nadia@example", "na dia@example.org"] {
                let page = try await browser.signUp(handle: "nadia", email: email)
                #expect(page.status == .badRequest, "email \(email)")
                #expect(page.body.contains("Enter a valid email address"), "email \(email)")
            }
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("a taken handle is refused beside the field (handles are public), nothing written")
    func duplicateHandle() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "nadia", email: "nadia@example.org")
        try await app.run { browser in
            let sameHandle = try await browser.signUp(handle: "nadia", email: "other@example.org")
            #expect(sameHandle.status == .badRequest)
            #expect(sameHandle.body.contains("That handle is taken"))
            // A taken handle with a taken address says only the handle
            let both = try await browser.signUp(handle: "nadia", email: "nadia@example.org")
            #expect(both.body.contains("That handle is taken"))
            #expect(!both.body.contains("id=\"email-error\""), "nothing about the address")
        }
        #expect(try await app.database.userCount() == 1)
        #expect(try await app.outbox().isEmpty)
    }

    @Test("an address that has an account gets the same answer as a new one, and its owner an email instead")
    func registeredAddress() async throws {
        let app = try TestApp()
        let nadia = try await app.createUser(handle: "nadia", email: "nadia@example.org")
        try await app.run { browser in
            // When someone signs up with Nadia's address (in other capitals)
            let taken = try await browser.signUp(handle: "other", email: "NADIA@example.org")
            // Then they are sent to "check your email", without being signed in
            #expect(taken.status == .seeOther)
            #expect(taken.location == "/signup/check-email")
            #expect(browser.cookie(SessionTests.sessionCookie) == nil)
            #expect(!taken.body.contains("already exists"))
            // A second try the same day tells the owner nothing more
            #expect(try await browser.signUp(handle: "other2", email: "nadia@example.org").location == "/signup/check-email")
        }
        #expect(try await app.database.userCount() == 1)
        let mails = try await app.outbox()
        #expect(mails.map(\.kind) == ["sign_up_existing"])
        let mail = try #require(mails.first)
        #expect(mail.to == "nadia@example.org")
        #expect(mail.userID == nadia.id)
        #expect(mail.text.contains("Someone tried to create a new Commonplace account with this address"))
        #expect(mail.text.contains("@nadia"))
        #expect(mail.link("/signin", base: app.config.publicBaseURL) == "/signin")
        #expect(mail.link("/password/reset", base: app.config.publicBaseURL) == "/password/reset")
        // The next day, one more
        app.clock.advance(by: 86_400)
        try await app.run { browser in _ = try await browser.signUp(handle: "other3", email: "nadia@example.org") }
        #expect(try await app.outbox(kind: .signUpExisting).count == 2)
    }

    @Test("the answers to a new and to a registered address are the same response and the same page")
    func sameAnswer() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "nadia", email: "nadia@example.org")
        try await app.run { browser in
            let new = try await browser.signUp(handle: "grace", email: "grace@example.org")
            browser.clearCookies()
            let taken = try await browser.signUp(handle: "other", email: "nadia@example.org")
            #expect(new.status == taken.status)
            #expect(new.location == taken.location)
            #expect(new.body == taken.body)
            // The page they lead to is the same for anyone who is not signed in
            let anonymous = try await browser.get(taken.location!)
            #expect(anonymous.body.contains("For a new account, it holds a link to confirm the address"))
            #expect(anonymous.body.contains("if the address already has an account, it says how to sign in"))
        }
    }

    @Test("passwords of 12+ characters in any script, and 128+ characters, are accepted and never truncated")
    func longUnicodePasswords() async throws {
        let app = try TestApp()
        let long = String(repeating: "ab", count: 100) + "Z"  // 201 characters
        let unicode = "пароль-密码-🔐-ñandú"
        try await app.run { browser in
            let first = try await browser.signUp(handle: "long", password: long)
            #expect(first.status == .seeOther)
            browser.clearCookies()
            let second = try await browser.signUp(handle: "unicode", password: unicode)
            #expect(second.status == .seeOther)
        }
        let longUser = try #require(try await app.database.user(handle: "long"))
        // The last character matters: a truncating hasher would accept the prefix alone.
        #expect(Argon2.verify(long, encoded: longUser.passwordHash))
        #expect(!Argon2.verify(String(long.dropLast()), encoded: longUser.passwordHash))
        let unicodeUser = try #require(try await app.database.user(handle: "unicode"))
        #expect(Argon2.verify(unicode, encoded: unicodeUser.passwordHash))
    }

    @Test("missing fields, wrong content type and invalid UTF-8 get 400 with a message and write nothing")
    func malformedRequests() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let token = try await browser.csrfToken()
            let missing = try await browser.post("/signup", [("handle", "nadia"), ("email", "n@example.org")], csrf: token)
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("missing the field"))

            let json = try await browser.postRaw("/signup", body: "{\"handle\":\"nadia\"}", contentType: "application/json")
            #expect(json.status == .badRequest)
            #expect(json.body.contains("application/x-www-form-urlencoded"))

            let badUTF8 = try await browser.postRaw(
                "/signup",
                body: "_csrf=\(token)&handle=nadia&display_name=N%FF%FE&email=n%40example.org&password=correct+horse+battery")
            #expect(badUTF8.status == .badRequest)
            #expect(badUTF8.body.contains("not valid UTF-8"))

            var rawBytes = ByteBuffer(string: "_csrf=\(token)&handle=nadia&display_name=")
            rawBytes.writeBytes([0xC3, 0x28])
            rawBytes.writeString("&email=n%40example.org&password=correct+horse+battery")
            let rawInvalid = try await browser.postBytes("/signup", body: rawBytes, contentType: "application/x-www-form-urlencoded")
            #expect(rawInvalid.status == .badRequest)

            let huge = String(repeating: "x", count: Limits.maxFieldBytes + 1)
            let overlong = try await browser.post("/signup", [("handle", "nadia"), ("display_name", huge), ("email", "n@example.org"), ("password", TestApp.password)], csrf: token)
            #expect(overlong.status == .badRequest)

            let longName = String(repeating: "N", count: User.Limits.displayName + 1)
            let tooLongName = try await browser.signUp(handle: "nadia", displayName: longName)
            #expect(tooLongName.status == .badRequest)
            #expect(tooLongName.body.contains("at most \(User.Limits.displayName) characters"))
        }
        #expect(try await app.database.userCount() == 0)
    }

    @Test("a body over the request limit gets 413 and writes nothing")
    func tooLarge() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let token = try await browser.csrfToken()
            let body = "_csrf=\(token)&bio=" + String(repeating: "x", count: Limits.maxRequestBytes + 10)
            let page = try await browser.postRaw("/signup", body: body)
            #expect(page.status == .contentTooLarge)
            #expect(page.body.contains("larger than the server accepts"))
        }
        #expect(try await app.database.userCount() == 0)
    }
}
