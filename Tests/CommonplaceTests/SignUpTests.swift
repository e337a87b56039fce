import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Sign up")
struct SignUpTests {
    @Test("a visitor signs up, is signed in, and has a profile page")
    func signUpSucceeds() async throws {
        let app = try TestApp()
        try await app.run { browser in
            // When
            let response = try await browser.signUp(handle: "nadia", displayName: "Nadia Haddad")
            // Then
            #expect(response.status == .seeOther)
            #expect(response.location == "/u/nadia")
            let profile = try await browser.get("/u/nadia")
            #expect(profile.body.contains("Nadia Haddad"))
            #expect(profile.body.contains("Sign out"))
        }
        let user = try #require(try await app.database.user(handle: "nadia"))
        #expect(user.passwordHash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(!user.isAdmin)
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
            #expect(page.location == "/u/nadiah")
        }
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

    @Test("a duplicate handle or email is refused beside the field and nothing is written")
    func duplicates() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "nadia", email: "nadia@example.org")
        try await app.run { browser in
            let sameHandle = try await browser.signUp(handle: "nadia", email: "other@example.org")
            #expect(sameHandle.status == .badRequest)
            #expect(sameHandle.body.contains("That handle is taken"))
            let sameEmail = try await browser.signUp(handle: "other", email: "NADIA@example.org")
            #expect(sameEmail.status == .badRequest)
            #expect(sameEmail.body.contains("An account with this email already exists"))
            #expect(sameEmail.body.contains("value=\"other\""))
        }
        #expect(try await app.database.userCount() == 1)
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
