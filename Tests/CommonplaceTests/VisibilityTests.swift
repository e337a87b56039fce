import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("What outsiders cannot see")
struct VisibilityTests {
    @Test("a members-only discussion is absent from the home page's recent discussions for outsiders, present for members")
    func recentDiscussions() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Zebra-unique phishing drill results", replies: 1, in: f.privateBoard)
        _ = try await f.question(title: "Public question about consent forms")
        try await f.app.run { browser in
            let anonymous = try await browser.get("/")
            #expect(anonymous.body.contains("Public question about consent forms"))
            #expect(!anonymous.body.contains("Zebra-unique"))
            try await browser.signIn(email: "outsider@example.org")
            #expect(!(try await browser.get("/").body.contains("Zebra-unique")))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/").body.contains("Zebra-unique"))
        }
    }

    @Test("a members-only community's board counts and members are not shown to outsiders")
    func noCountsLeak() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let home = try await browser.get("/")
            #expect(!home.body.contains("/c/security/members"))
            #expect(try await browser.get("/c/security/members").status == .notFound)
            #expect(try await browser.get("/c/security/b/general").status == .notFound)
        }
    }
}
