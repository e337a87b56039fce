import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Profiles")
struct ProfileTests {
    @Test("a member edits their profile and it shows on /u/{handle}")
    func editProfile() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let saved = try await browser.post("/settings", [
                ("display_name", "Amara Okafor"), ("organisation", "Riverside CHC"),
                ("role_title", "Privacy officer"), ("bio", "PHIPA and breach protocols.\n\nAsk me about PIAs."),
            ])
            #expect(saved.location == "/settings?notice=profile-saved")
            #expect(try await browser.get("/settings?notice=profile-saved").body.contains("Your profile was saved."))
            browser.clearCookies()
            let profile = try await browser.get("/u/amara")
            #expect(profile.body.contains("Amara Okafor"))
            #expect(profile.body.contains("Riverside CHC"))
            #expect(profile.body.contains("Privacy officer"))
            #expect(profile.body.contains("<p>Ask me about PIAs.</p>"))
            #expect(!profile.body.contains("amara@example.org"))
        }
    }

    @Test("the email shows on a profile only to its owner and site admins")
    func emailVisibility() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.createUser(handle: "devon")
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "devon@example.org")
            #expect(!(try await browser.get("/u/amara").body.contains("amara@example.org")))
            browser.clearCookies()
            try await browser.signIn(email: "amara@example.org")
            #expect(try await browser.get("/u/amara").body.contains("amara@example.org"))
            browser.clearCookies()
            try await browser.signIn(email: "root@example.org")
            #expect(try await browser.get("/u/amara").body.contains("amara@example.org"))
        }
    }

    @Test("invalid profile fields are refused beside the field and nothing is saved")
    func invalidProfile() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let page = try await browser.post("/settings", [
                ("display_name", ""), ("organisation", "Org"), ("role_title", ""),
                ("bio", String(repeating: "b", count: User.Limits.bio + 1)),
            ])
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Enter the name other members will see"))
            #expect(page.body.contains("A bio can be at most"))
            #expect(page.body.contains("value=\"Org\""))
        }
        let user = try #require(try await app.database.user(handle: "amara"))
        #expect(user.displayName == "Amara")
        #expect(user.organisation == "")
    }
}
