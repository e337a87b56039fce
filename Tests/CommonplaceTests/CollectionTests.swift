import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Collections: ordered lists of resources made by moderators")
struct CollectionTests {
    @Test("a moderator creates a collection: its introduction rendered, linked from the list and the community page, logged once")
    func create() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get("/c/privacy/collections/new")
            #expect(form.status == .ok && form.body.contains(#"name="introduction""#))
            let created = try await browser.post("/c/privacy/collections/new", [
                ("title", "Start here"), ("slug", ""), ("introduction", "New to privacy work? Read these **first**."),
            ])
            #expect(created.status == .seeOther && created.location == "/c/privacy/collections/start-here")
            browser.clearCookies()
            let page = try await browser.get("/c/privacy/collections/start-here")
            #expect(page.status == .ok)
            #expect(page.body.contains("<strong>first</strong>"))
            #expect(!page.body.contains("Add a resource"))
            let list = try await browser.get("/c/privacy/collections")
            #expect(list.body.contains(#"<a href="/c/privacy/collections/start-here">Start here</a>"#))
            #expect(list.body.contains("0 resources"))
            let community = try await browser.get("/c/privacy")
            #expect(community.body.contains(#"<a href="/c/privacy/collections">Collections</a>"#))
        }
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.createCollection])
        #expect(rows[0].targetType == .collection && rows[0].targetLabel == "Start here" && rows[0].targetId != nil)
    }

    @Test("a collection needs a title and a free, valid address: 400 with the form again, nothing written")
    func createRefused() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.collection()
        let before = try await f.app.logCount()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let cases: [([(String, String)], String)] = [
                ([("title", ""), ("slug", "x-y")], "Give the collection a title"),
                ([("title", "Start here"), ("slug", "start-here")], "already has a collection at that address"),
                ([("title", "New"), ("slug", "new")], "taken by the site itself"),
                ([("title", "Bad slug"), ("slug", "Bad Slug!")], "lowercase letters"),
                ([("title", String(repeating: "t", count: 121)), ("slug", "long")], "at most 120 characters"),
                ([("title", "Long intro"), ("slug", "long-intro"), ("introduction", String(repeating: "i", count: 10_001))], "An introduction can be at most"),
            ]
            for (fields, message) in cases {
                let refused = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/new", fields) }
                #expect(refused.status == .badRequest, "\(message)")
                #expect(refused.body.contains(message), "\(message)")
                #expect(refused.body.contains("Nothing was saved yet."))
            }
        }
        #expect(try await f.app.logCount() == before)
        #expect(try await f.app.database.collectionCount(communityID: f.community.id!) == 1)
    }

    @Test("adding resources by number or address puts them at the end; twice is 409; unknown or unreadable is 400")
    func add() async throws {
        let f = try await ForumFixture.make()
        let (a, b, c) = (try await f.resource("Alpha guide"), try await f.resource("Beta template"), try await f.resource("Gamma policy"))
        let collection = try await f.collection()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            for typed in ["\(a.id!)", "/r/\(b.id!)", "https://commonplace.example/r/\(c.id!)/curate"] {
                let added = try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", typed)])
                #expect(added.status == .seeOther && added.location == "/c/privacy/collections/start-here", "\(typed)")
            }
            let twice = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "\(a.id!)")]) }
            #expect(twice.status == .conflict && twice.body.contains("already in this collection"))
            let unknown = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "999999")]) }
            #expect(unknown.status == .badRequest && unknown.body.contains("There is no resource 999999"))
            let garbage = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "the guide")]) }
            #expect(garbage.status == .badRequest && garbage.body.contains("Give the number or the address of a resource"))
            let page = try await browser.get("/c/privacy/collections/start-here")
            let positions = ["Alpha guide", "Beta template", "Gamma policy"].compactMap { page.body.range(of: $0)?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted())
        }
        #expect(try await f.items(collection).map(\.0) == [a.id!, b.id!, c.id!])
        #expect(try await f.items(collection).map(\.1) == [1, 2, 3])
        #expect(try await f.app.logRows().map(\.action) == Array(repeating: .addToCollection, count: 3))
    }

    @Test("a collection with a resource from another community is refused: 400 “That resource is not in this community”, nothing written")
    func otherCommunity() async throws {
        let f = try await ForumFixture.make()
        let finance = try await f.resource("Year-end close checklist", in: f.otherCommunity)
        let own = try await f.resource("Own guide")
        let collection = try await f.collection(resources: [own])
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "\(finance.id!)")]) }
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("That resource is not in this community."))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let moderator = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "/r/\(finance.id!)")]) }
            #expect(moderator.status == .badRequest && moderator.body.contains("That resource is not in this community."))
        }
        #expect(try await f.items(collection).map(\.0) == [own.id!])
        #expect(try await f.app.logCount() == 0)
        // The database refuses it too, for seeders: the whole collection is not written.
        await #expect(throws: AppError.badRequest(CollectionMessages.otherCommunity)) {
            try await f.collection("Mixed", slug: "mixed", resources: [own, finance])
        }
        #expect(try await f.app.database.collection(communityID: f.community.id!, slug: "mixed") == nil)
    }

    @Test("archived and held resources cannot be added (409)")
    func addRefusedByState() async throws {
        let f = try await ForumFixture.make()
        let archived = try await f.resource("Archived guide")
        let held = try await f.resource("Held guide")
        try await f.setResource(archived, "archived_at = created_at")
        try await f.setResource(held, "held_at = created_at")
        let collection = try await f.collection()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let a = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "\(archived.id!)")]) }
            #expect(a.status == .conflict && a.body.contains("unarchive it"))
            let h = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "\(held.id!)")]) }
            #expect(h.status == .conflict && h.body.contains("awaiting approval"))
        }
        #expect(try await f.items(collection).isEmpty)
        #expect(try await f.app.logCount() == 0)
    }

    @Test("moving up and down swaps neighbours, removing closes the gap: positions stay 1, 2, 3 …; edges are 409, unknown items 404")
    func reorder() async throws {
        let f = try await ForumFixture.make()
        let rs = [try await f.resource("One"), try await f.resource("Two"), try await f.resource("Three"), try await f.resource("Four")]
        let ids = rs.map { $0.id! }
        let collection = try await f.collection(resources: rs)
        let base = "/c/privacy/collections/start-here/items"
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post("\(base)/\(ids[2])/move", [("direction", "up")]).status == .seeOther)
            #expect(try await f.items(collection).map(\.0) == [ids[0], ids[2], ids[1], ids[3]])
            #expect(try await browser.post("\(base)/\(ids[0])/move", [("direction", "down")]).status == .seeOther)
            #expect(try await f.items(collection).map(\.0) == [ids[2], ids[0], ids[1], ids[3]])
            let top = try await f.app.expectNoWrite { try await browser.post("\(base)/\(ids[2])/move", [("direction", "up")]) }
            #expect(top.status == .conflict && top.body.contains("already first"))
            let bottom = try await f.app.expectNoWrite { try await browser.post("\(base)/\(ids[3])/move", [("direction", "down")]) }
            #expect(bottom.status == .conflict && bottom.body.contains("already last"))
            let sideways = try await f.app.expectNoWrite { try await browser.post("\(base)/\(ids[1])/move", [("direction", "left")]) }
            #expect(sideways.status == .badRequest)
            let removed = try await browser.post("\(base)/\(ids[0])/remove", [])
            #expect(removed.status == .seeOther)
            #expect(try await f.items(collection).map(\.0) == [ids[2], ids[1], ids[3]])
            #expect(try await f.items(collection).map(\.1) == [1, 2, 3])
            let refused1 = try await f.app.expectNoWrite { try await browser.post("\(base)/\(ids[0])/remove", []) }
            #expect(refused1.status == .notFound)
            let refused2 = try await f.app.expectNoWrite { try await browser.post("\(base)/\(ids[0])/move", [("direction", "up")]) }
            #expect(refused2.status == .notFound)
            let refused3 = try await f.app.expectNoWrite { try await browser.post("\(base)/999999/remove", []) }
            #expect(refused3.status == .notFound)
            let fromPanel = try await browser.post("\(base)/\(ids[1])/remove", [("return_to", "curate")])
            #expect(fromPanel.location == "/r/\(ids[1])/curate")
        }
        #expect(try await f.items(collection).map(\.1) == [1, 2])
        #expect(try await f.app.logRows().map(\.action) == [.reorderCollection, .reorderCollection, .removeFromCollection, .removeFromCollection])
    }

    @Test("members see a collection's resources in order without archived or held ones; moderators see them marked; outdated ones carry their warning")
    func show() async throws {
        let f = try await ForumFixture.make()
        let current = try await f.resource("Current guide")
        let outdated = try await f.resource("Outdated guide")
        let archived = try await f.resource("Archived guide")
        let held = try await f.resource("Held guide")
        _ = try await f.collection(resources: [current, outdated, archived, held])
        try await f.setResource(outdated, "outdated_at = created_at, outdated_note = 'Replaced by the 2026 act'")
        try await f.setResource(archived, "archived_at = created_at")
        try await f.setResource(held, "held_at = created_at")
        try await f.app.run { browser in
            for email in [nil, "member@example.org", "author@example.org"] as [String?] {
                browser.clearCookies()
                if let email { try await f.signIn(browser, email) }
                let page = try await browser.get("/c/privacy/collections/start-here")
                #expect(page.body.contains("Current guide") && page.body.contains("Outdated guide"))
                #expect(page.body.contains("Replaced by the 2026 act"))
                #expect(!page.body.contains("Archived guide") && !page.body.contains("Held guide"), "\(email ?? "anonymous")")
                let list = try await browser.get("/c/privacy/collections")
                #expect(list.body.contains("2 resources"))
            }
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get("/c/privacy/collections/start-here")
            #expect(page.body.contains("Archived guide") && page.body.contains("Archived: moderators only"))
            #expect(page.body.contains("Held guide") && page.body.contains("Awaiting approval"))
            #expect(page.body.contains("Move up") && page.body.contains("Add a resource"))
            #expect(try await browser.get("/c/privacy/collections").body.contains("4 resources"))
        }
    }

    @Test("editing changes the title, address and introduction (the old address is gone); deleting keeps the resources; each logged once")
    func editAndDelete() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        _ = try await f.collection(resources: [resource])
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get("/c/privacy/collections/start-here/edit")
            #expect(form.status == .ok && form.body.contains("Read these **first**.") && form.body.contains("Delete collection"))
            let bad = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/start-here/edit", [("title", ""), ("slug", "start-here"), ("introduction", "")]) }
            #expect(bad.status == .badRequest)
            let saved = try await browser.post("/c/privacy/collections/start-here/edit", [
                ("title", "Templates for year-end"), ("slug", "year-end"), ("introduction", "For the *close*."),
            ])
            #expect(saved.status == .seeOther && saved.location == "/c/privacy/collections/year-end")
            #expect(try await browser.get("/c/privacy/collections/start-here").status == .notFound)
            let page = try await browser.get("/c/privacy/collections/year-end")
            #expect(page.body.contains("<em>close</em>") && page.body.contains("Breach response template"))
            let deleted = try await browser.post("/c/privacy/collections/year-end/delete", [])
            #expect(deleted.status == .seeOther && deleted.location == "/c/privacy/collections")
            #expect(try await browser.get("/c/privacy/collections/year-end").status == .notFound)
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/collections/year-end/delete", []) }
            #expect(refused1.status == .notFound)
        }
        #expect(try await f.app.database.resource(id: resource.id!) != nil)
        let itemCount = try await f.app.database.reader.read { db in try CollectionItem.fetchCount(db) }
        #expect(itemCount == 0)
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.editCollection, .deleteCollection])
        #expect(rows[1].targetLabel == "Templates for year-end")
    }

    @Test("collections are managed only by the community's moderators: members and other moderators 403, hidden communities 404, visitors; nothing written")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        let collection = try await f.collection(resources: [resource])
        let other = try await f.resource("Second")
        _ = try await f.collection("Private start", slug: "private-start", in: f.privateCommunity)
        let base = "/c/privacy/collections/start-here"
        let posts: [(String, [(String, String)])] = [
            ("/c/privacy/collections/new", [("title", "Mine"), ("slug", "mine")]),
            ("\(base)/edit", [("title", "Renamed"), ("slug", "renamed")]),
            ("\(base)/delete", []),
            ("\(base)/items", [("resource_id", "\(other.id!)")]),
            ("\(base)/items/\(resource.id!)/remove", []),
            ("\(base)/items/\(resource.id!)/move", [("direction", "down")]),
        ]
        try await f.app.run { browser in
            #expect(try await browser.get("/c/privacy/collections/new").status == .seeOther)
            #expect(try await browser.get("/c/security/collections").status == .notFound)
            #expect(try await browser.get("/c/security/collections/private-start").status == .notFound)
            for (path, fields) in posts {
                let refused1 = try await f.app.expectNoWrite { try await browser.post(path, fields) }
                #expect(refused1.status == .forbidden, "anonymous \(path)")
            }
            for email in ["member@example.org", "othermod@example.org", "suspended@example.org"] {
                browser.clearCookies()
                try await f.signIn(browser, email)
                #expect(try await browser.get("/c/privacy/collections/new").status == .forbidden, "\(email)")
                #expect(try await browser.get("\(base)/edit").status == .forbidden, "\(email)")
                for (path, fields) in posts {
                    let refused2 = try await f.app.expectNoWrite { try await browser.post(path, fields) }
                    #expect(refused2.status == .forbidden, "\(email) \(path)")
                }
            }
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            #expect(try await browser.get("/c/security/collections/private-start").status == .notFound)
            let refused3 = try await f.app.expectNoWrite { try await browser.post("/c/security/collections/private-start/delete", []) }
            #expect(refused3.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get("/c/privacy/collections/start-here").status == .ok)
            #expect(try await browser.get("/c/security/collections").status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get("/c/privacy/collections/no-such-thing").status == .notFound)
        }
        #expect(try await f.items(collection).map(\.0) == [resource.id!])
        #expect(try await f.app.database.collectionCount(communityID: f.community.id!) == 1)
        #expect(try await f.app.logCount() == 0)
    }

    @Test("the curation panel adds a resource to a collection and back again")
    func fromPanel() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        let collection = try await f.collection()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let panel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(panel.body.contains("Add<span class=\"visually-hidden\"> to Start here</span>"))
            let added = try await browser.post("/c/privacy/collections/start-here/items", [("resource_id", "\(resource.id!)"), ("return_to", "curate")])
            #expect(added.location == "/r/\(resource.id!)/curate")
            let after = try await browser.get("/r/\(resource.id!)/curate")
            #expect(after.body.contains("Remove<span class=\"visually-hidden\"> from Start here</span>"))
        }
        #expect(try await f.items(collection).map(\.0) == [resource.id!])
    }
}
