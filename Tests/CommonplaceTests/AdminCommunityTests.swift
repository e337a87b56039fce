import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Site admins manage communities")
struct AdminCommunityTests {
    static func fields(name: String = "Quality Improvement", slug: String = "quality-improvement") -> [(String, String)] {
        [("name", name), ("slug", slug), ("summary", "Share QI projects and results."),
         ("description", "For QI leads.\n\nMeets to compare run charts."), ("visibility", "public"),
         ("join_policy", "open"), ("how_to_join", "Use the Join button."), ("status", "active"),
         ("steward", "alliance"), ("partner_name", ""), ("meeting_rhythm", "monthly"), ("founded", "2024-05"),
         ("inactive_since", ""), ("parent", ""), ("type_exchange", "on"), ("type_change", "on")]
    }

    @Test("a site admin creates a community and it appears in the directory")
    func createCommunity() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            #expect(try await browser.get("/admin/communities/new").status == .ok)
            let created = try await browser.post("/admin/communities/new", Self.fields())
            #expect(created.status == .seeOther)
            // On to the first moderator and boards.
            #expect(created.location == "/admin/communities/quality-improvement/setup")
            let page = try await browser.get("/c/quality-improvement")
            #expect(page.body.contains("Meets to compare run charts."))
            #expect(page.body.contains("Meets monthly"))
            #expect(try await browser.get("/communities?type=change").body.contains("Quality Improvement"))
        }
        let community = try #require(try await app.database.community(slug: "quality-improvement"))
        #expect(community.kinds == [.exchange, .change])
        #expect(community.joinPolicy == .open)
    }

    @Test("a site admin edits a community")
    func editCommunity() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            let form = try await browser.get("/admin/communities/privacy/edit")
            #expect(form.status == .ok)
            #expect(form.body.contains("value=\"privacy\""))
            var fields = Self.fields(name: "Privacy and Confidentiality", slug: "privacy")
            fields.append(("type_strategy", "on"))
            let saved = try await browser.post("/admin/communities/privacy/edit", fields)
            #expect(saved.location == "/c/privacy")
        }
        let community = try #require(try await app.database.community(slug: "privacy"))
        #expect(community.name == "Privacy and Confidentiality")
        #expect(community.kinds == [.exchange, .strategy, .change])
    }

    @Test("a member who is not a site admin cannot create or edit a community (403, nothing written)")
    func memberRefused() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "member1")
        try await app.run { browser in
            try await browser.signIn(email: "member1@example.org")
            #expect(try await browser.get("/admin/communities/new").status == .forbidden)
            #expect(try await browser.get("/admin/communities").status == .forbidden)
            let create = try await app.expectNoWrite { try await browser.post("/admin/communities/new", Self.fields()) }
            #expect(create.status == .forbidden)
            let edit = try await app.expectNoWrite { try await browser.post("/admin/communities/privacy/edit", Self.fields(name: "Hijacked", slug: "privacy")) }
            #expect(edit.status == .forbidden)
            #expect(edit.body.contains("Only site admins"))
            #expect(try await browser.get("/admin/communities/privacy/edit").status == .forbidden)
        }
        #expect(try await app.database.community(slug: "quality-improvement") == nil)
        #expect(try await app.database.community(slug: "privacy")?.name == "Privacy")
    }

    @Test("an anonymous visitor is sent to sign in; a POST is refused")
    func anonymousRefused() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/admin/communities/new")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/signin?next=") == true)
            let post = try await app.expectNoWrite { try await browser.post("/admin/communities/new", Self.fields()) }
            #expect(post.status == .forbidden)
        }
        #expect(try await app.database.communities().isEmpty)
    }

    @Test("invalid fields re-render the form with messages and input kept; a duplicate address is refused")
    func validation() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            var bad = Self.fields(name: "", slug: "Bad Slug!")
            bad.removeAll { $0.0.hasPrefix("type_") }
            let page = try await app.expectNoWrite { try await browser.post("/admin/communities/new", bad) }
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Give the community a name"))
            #expect(page.body.contains("Use lowercase letters a–z, digits and hyphens"))
            #expect(page.body.contains("Choose at least one type"))
            #expect(page.body.contains("Share QI projects and results."))

            let duplicate = try await app.expectNoWrite { try await browser.post("/admin/communities/new", Self.fields(slug: "privacy")) }
            #expect(duplicate.status == .badRequest)
            #expect(duplicate.body.contains("Another community already uses this address"))

            var weird = Self.fields()
            weird[4] = ("visibility", "everyone")
            let invalidChoice = try await app.expectNoWrite { try await browser.post("/admin/communities/new", weird) }
            #expect(invalidChoice.status == .badRequest)
            #expect(invalidChoice.body.contains("Choose a listed option for: visibility"))
        }
        #expect(try await app.database.community(slug: "quality-improvement") == nil)
        #expect(try await app.database.communities().count == 14)
    }
}
