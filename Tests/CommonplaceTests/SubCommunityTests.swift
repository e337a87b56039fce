import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

fileprivate func loggedActions(_ app: TestApp) async throws -> [ModerationAction] {
    try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
}

@Suite("Sub-communities")
struct SubCommunityTests {
    /// A members-only sub-community of public Privacy, with `othermod` as its own moderator, `author` as a member,
    /// a board and a question by `author`.
    static func membersOnlyChild() async throws -> (ForumFixture, Community, Discussion) {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        var child = Community(slug: "privacy-youth", name: "Privacy for Youth Services", summary: "Youth privacy.", description: "d",
                              visibility: .members, joinPolicy: .invite, createdAt: now, updatedAt: now)
        child.parentId = f.community.id
        child.kinds = [.exchange]
        child = try await db.createCommunity(child)
        let board = try await db.createBoard(Board(communityId: child.id!, slug: "general", name: "General", position: 0, createdAt: now))
        try await db.addMember(communityID: child.id!, userID: f.author.id!, now: now)
        try await db.addMember(communityID: child.id!, userID: f.otherModerator.id!, role: .moderator, now: now)
        let (question, _) = try await f.question(title: "Consent forms for youth drop-ins", in: board)
        return (f, child, question)
    }

    @Test("the directory nests the seeded sub-communities under Social Prescribing, as a labelled list")
    func directoryTree() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/")
            let parent = try #require(page.body.range(of: "<a href=\"/c/social-prescribing\">Social Prescribing</a>"))
            let nested = try #require(page.body.range(of: "<ul class=\"sub-communities\" aria-labelledby=\"within-social-prescribing\">"))
            let canadian = try #require(page.body.range(of: "<a href=\"/c/canadian-social-prescribing\">"))
            let ontario = try #require(page.body.range(of: "<a href=\"/c/ontario-social-prescribing\">"))
            #expect(parent.lowerBound < nested.lowerBound && nested.lowerBound < canadian.lowerBound && nested.lowerBound < ontario.lowerBound)
            #expect(page.body.contains("id=\"within-social-prescribing\">Communities within Social Prescribing:"))
            #expect(page.body.components(separatedBy: "<h4><a href=\"/c/canadian-social-prescribing\">").count == 2)
            #expect(!page.body.contains("<h3><a href=\"/c/canadian-social-prescribing\">"))
        }
    }

    @Test("a moderator of the parent sees a members-only sub-community, hides a post in it and manages its boards")
    func parentModerator() async throws {
        let (f, child, question) = try await Self.membersOnlyChild()
        let post = try #require(try await f.app.database.post(discussionID: question.id!, number: 1)?.post)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get("/c/privacy-youth").status == .ok)
            #expect(try await browser.get(Paths.discussion(question)).status == .ok)
            #expect(try await browser.get("/communities").body.contains("<a href=\"/c/privacy-youth\">"))
            let hide = try await browser.post(Paths.hidePost(post.id!), [("reason", "Names a client")])
            #expect(hide.status == .seeOther)
            let board = try await browser.post("/c/privacy-youth/boards/new", [("name", "Resources"), ("slug", "resources")])
            #expect(board.status == .seeOther)
        }
        #expect(try await f.app.database.post(discussionID: question.id!, number: 1)?.post.hiddenAt != nil)
        #expect(try await f.app.database.board(communityID: child.id!, slug: "resources") != nil)
    }

    @Test("an outsider gets 404 on a members-only sub-community of a public parent, and sees only its name in the directory")
    func outsiderRefused() async throws {
        let (f, _, question) = try await Self.membersOnlyChild()
        try await f.app.run { browser in
            #expect(try await browser.get("/c/privacy-youth").status == .notFound)
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get("/c/privacy").status == .ok)
            #expect(try await browser.get("/c/privacy-youth").status == .notFound)
            #expect(try await browser.get("/c/privacy-youth/b/general").status == .notFound)
            #expect(try await browser.get(Paths.discussion(question)).status == .notFound)
            let home = try await browser.get("/communities")
            #expect(home.body.contains("Privacy for Youth Services"))
            #expect(!home.body.contains("href=\"/c/privacy-youth\""))
            // A member of the parent is not a member of the child.
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/c/privacy-youth").status == .notFound)
        }
    }

    @Test("a moderator of only the sub-community does not moderate its parent")
    func childModeratorOnly() async throws {
        let (f, child, _) = try await Self.membersOnlyChild()
        let (parentQuestion, _) = try await f.question(title: "A question in the parent")
        let post = try #require(try await f.app.database.post(discussionID: parentQuestion.id!, number: 1)?.post)
        let guardian = try await f.guardian(f.otherModerator)
        #expect(guardian.isModerator(of: child))
        #expect(!guardian.isModerator(of: f.community))
        try await f.app.run { browser in
            try await browser.signIn(email: "othermod@example.org")
            #expect(try await browser.get("/c/privacy-youth/boards").status == .ok)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.hidePost(post.id!), [("reason", "Off topic")]) }
            #expect(refused1.status == .forbidden)
            let refused2 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/boards/new", [("name", "Ideas"), ("slug", "ideas")]) }
            #expect(refused2.status == .forbidden)
            #expect(try await browser.get("/c/privacy/requests").status == .forbidden)
        }
        #expect(try await f.app.database.post(discussionID: parentQuestion.id!, number: 1)?.post.hiddenAt == nil)
        #expect(try await f.app.database.board(communityID: f.community.id!, slug: "ideas") == nil)
    }

    @Test("the SQL visibility filter agrees with canSee for a members-only sub-community, for every actor")
    func listsAgree() async throws {
        let (f, _, _) = try await Self.membersOnlyChild()
        for user in [nil, f.outsider, f.member, f.author, f.moderator, f.otherModerator, f.admin, f.suspended] as [User?] {
            let guardian = try await f.guardian(user)
            let all = try await f.app.database.communities()
            let listed = try await f.app.database.reader.read { db in
                try guardian.visibleCommunities(Community.all()).fetchAll(db).map(\.slug)
            }
            #expect(Set(listed) == Set(all.filter(guardian.canSee).map(\.slug)), "\(user?.handle ?? "anonymous")")
        }
    }

    /// The admin community form's fields with `parent` chosen.
    static func fields(name: String, slug: String, parent: String) -> [(String, String)] {
        AdminCommunityTests.fields(name: name, slug: slug).map { $0.0 == "parent" ? ("parent", parent) : $0 }
    }

    @Test("the admin form refuses a community as its own parent, a sub-community as a parent, and a parent as a sub-community (400, nothing saved)")
    func parentValidation() async throws {
        let app = try TestApp()
        try await app.seed()
        let seeded = try await loggedActions(app).count  // the demo data's own curation
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            var r = try await browser.post("/admin/communities/social-prescribing/edit",
                                           Self.fields(name: "Social Prescribing", slug: "social-prescribing", parent: "social-prescribing"))
            #expect(r.status == .badRequest)
            #expect(r.body.contains("A community cannot be its own parent."))
            r = try await app.expectNoWrite { try await browser.post("/admin/communities/privacy/edit", Self.fields(name: "Privacy", slug: "privacy", parent: "ontario-social-prescribing")) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("Ontario Social Prescribing is itself part of another community"))
            r = try await browser.post("/admin/communities/social-prescribing/edit",
                                       Self.fields(name: "Social Prescribing", slug: "social-prescribing", parent: "privacy"))
            #expect(r.status == .badRequest)
            #expect(r.body.contains("has sub-communities of its own"))
            r = try await app.expectNoWrite { try await browser.post("/admin/communities/new", Self.fields(name: "Grandchild", slug: "grandchild", parent: "canadian-social-prescribing")) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("is itself part of another community"))
            r = try await app.expectNoWrite { try await browser.post("/admin/communities/new", Self.fields(name: "Nested", slug: "nested", parent: "nowhere")) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("Choose a listed community as the parent"))
            r = try await browser.post("/admin/communities/new", Self.fields(name: "Youth", slug: "privacy-youth", parent: "privacy"))
            #expect(r.status == .seeOther)
        }
        #expect(try await app.database.community(slug: "social-prescribing")?.parentId == nil)
        #expect(try await app.database.community(slug: "privacy")?.parentId == nil)
        #expect(try await app.database.community(slug: "grandchild") == nil)
        let privacy = try #require(try await app.database.community(slug: "privacy"))
        #expect(try await app.database.community(slug: "privacy-youth")?.parentId == privacy.id)
        #expect(try await loggedActions(app).dropFirst(seeded).map(\.action) == [.createCommunity])
    }
}
