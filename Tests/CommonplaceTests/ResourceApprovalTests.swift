import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Resources: approval")
struct ResourceApprovalTests {
    static let fields: [(String, String)] = [
        ("title", "Retention schedule wombatfile"), ("url", "https://example.org/retention"), ("type", "policy"),
        ("description", "How long to keep records."), ("audience", ""), ("tags", ""), ("review_by", ""),
    ]

    @Test("where approval is required a member's resource is held: only they and moderators see it, until approved (logged)")
    func heldUntilApproved() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.requireApproval(in: f.community)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let form = try await browser.get(Paths.newResource(f.community))
            #expect(form.body.contains("yours will be visible to others once it is approved"))
            #expect(try await browser.post(Paths.newResource(f.community), Self.fields).status == .seeOther)
        }
        let resource = try #require(try await rf.resources().first)
        #expect(resource.isHeld)
        #expect(try await f.app.database.discussion(id: resource.discussionId!)?.isHeld == true)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get(Paths.resource(resource.id!)).status == .notFound)
            #expect(!(try await browser.get(Paths.resources(f.community))).body.contains("wombatfile"))
            let search = try await browser.get("/search?q=wombatfile", headers: [.accept: "application/json"])
            #expect(search.body.contains("\"resources\":[]"))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let queue = try await browser.get(Paths.modQueue(f.community))
            #expect(queue.body.contains("New resource: <a href=\"\(Paths.resource(resource.id!))\">Retention schedule wombatfile</a>"))
            #expect(queue.body.contains(Paths.approveResource(f.community, resource.id!)))
            // Its discussion's opening post is approved with the resource, not on its own.
            #expect(!queue.body.contains("New discussion: "))
            let other = try await f.app.expectNoWrite { try await browser.post(Paths.approveResource(f.otherCommunity, resource.id!), []) }
            #expect(other.status == .forbidden)
            let approved = try await browser.post(Paths.approveResource(f.community, resource.id!), [])
            #expect(approved.status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post(Paths.approveResource(f.community, resource.id!), []) }
            #expect(again.status == .conflict)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get(Paths.resource(resource.id!)).status == .ok)
            #expect(try await browser.get(Paths.discussion(try #require(try await f.app.database.discussion(id: resource.discussionId!)))).status == .ok)
            let found = try await browser.get("/search?q=wombatfile", headers: [.accept: "application/json"])
            #expect(found.body.contains("\"resource_id\":\(resource.id!)"))
        }
        let log = try await f.app.logRows()
        #expect(log.map(\.action) == [.approveResource])
        #expect(log.first?.targetType == .resource)
        #expect(log.first?.targetId == resource.id)
        #expect(try await f.app.database.discussion(id: resource.discussionId!)?.isHeld == false)
    }

    @Test("declining archives the resource with the reason its sharer sees; a reason is required; moderators are never held")
    func decline() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.requireApproval(in: f.community)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.newResource(f.community), Self.fields).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let own = try await browser.post(Paths.newResource(f.community), [("title", "Moderator's own")] + Self.fields.dropFirst())
            #expect(own.status == .seeOther)
        }
        let resources = try await rf.resources()
        #expect(resources.map(\.isHeld) == [true, false])
        let held = resources[0]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let byMember = try await f.app.expectNoWrite { try await browser.post(Paths.declineResource(f.community, held.id!), [("reason", "no")]) }
            #expect(byMember.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let noReason = try await f.app.expectNoWrite { try await browser.post(Paths.declineResource(f.community, held.id!), [("reason", " ")]) }
            #expect(noReason.status == .badRequest)
            #expect(try await f.app.logCount() == 0)
            let declined = try await browser.post(Paths.declineResource(f.community, held.id!), [("reason", "Please link the official version")])
            #expect(declined.status == .seeOther)
            let queue = try await browser.get(Paths.modQueue(f.community))
            #expect(!queue.body.contains("wombatfile"))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.resource(held.id!))
            #expect(page.status == .ok)
            #expect(page.body.contains("A moderator did not approve this resource: Please link the official version"))
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get(Paths.resource(held.id!)).status == .notFound)
        }
        let after = try #require(try await f.app.database.resource(id: held.id!)).resource
        #expect(after.isArchived)
        #expect(try await f.app.database.discussion(id: held.discussionId!)?.isHidden == true)
        let log = try await f.app.logRows()
        #expect(log.map(\.action) == [.declineResource])
        #expect(log.first?.reason == "Please link the official version")
    }
}
