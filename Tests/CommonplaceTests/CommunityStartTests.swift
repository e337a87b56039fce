import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The community page's latest discussions and its "Ask a question" button; a new community's first steps.
@Suite("Community page and set-up")
struct CommunityStartTests {
    @Test("the community page lists its latest discussions, and a member asks a question from it, choosing the board")
    func askFromCommunityPage() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Latest on retention schedules")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get("/c/privacy")
            #expect(page.body.contains("Latest on retention schedules"))
            #expect(page.body.contains("href=\"/c/privacy/new?kind=question\">Ask a question</a>"))
            #expect(page.body.contains("href=\"/c/privacy/new?kind=conversation\">Start a discussion</a>"))
            // One board: straight to its form.
            let one = try await browser.get("/c/privacy/new?kind=question")
            #expect(one.status == .seeOther)
            #expect(one.location == "/c/privacy/b/questions/new?kind=question")
        }
        _ = try await f.app.database.createBoard(Board(communityId: f.community.id!, slug: "general", name: "General", position: 1,
                                                       createdAt: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let chooser = try await browser.get("/c/privacy/new?kind=question")
            #expect(chooser.status == .ok)
            #expect(chooser.body.contains("Which board is it for?"))
            #expect(chooser.body.contains("value=\"questions\" checked"))
            let chosen = try await browser.get("/c/privacy/new?kind=question&board=general")
            #expect(chosen.location == "/c/privacy/b/general/new?kind=question")
            #expect(try await browser.get("/c/privacy/new?kind=question&board=nowhere").status == .badRequest)
            #expect(try await browser.get("/c/privacy/new?kind=poem").status == .badRequest)
        }
    }

    @Test("only members start discussions: an outsider is told to join, anonymous visitors to sign in")
    func startRefused() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            #expect(try await browser.get("/c/privacy/new?kind=question").location?.hasPrefix("/signin") == true)
            try await browser.signIn(email: "outsider@example.org")
            #expect(!(try await browser.get("/c/privacy").body.contains("Ask a question")))
            let refused = try await browser.get("/c/privacy/new?kind=question")
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("Join the community first"))
            #expect(try await browser.get("/c/security/new?kind=question").status == .notFound)
        }
    }

    @Test("a site admin creating a community is led to appoint its first moderator and create its first boards")
    func setUpNewCommunity() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let created = try await browser.post("/admin/communities/new", AdminCommunityTests.fields())
            #expect(created.location == "/admin/communities/quality-improvement/setup")
            let setup = try await browser.get(created.location!)
            #expect(setup.body.contains("Appoint its first moderator"))
            #expect(setup.body.contains("value=\"general\" checked") && setup.body.contains("value=\"resources\" checked"))
            #expect(try await browser.get("/c/quality-improvement").body.contains("Finish setting it up"))
            let unknown = try await browser.post("/admin/communities/quality-improvement/setup/moderator", [("handle", "nobody")])
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("There is no member with the handle"))
            let appointed = try await browser.post("/admin/communities/quality-improvement/setup/moderator", [("handle", "@member")])
            #expect(appointed.location == "/admin/communities/quality-improvement/setup?notice=appointed")
            let boards = try await browser.post("/admin/communities/quality-improvement/setup/boards",
                                                [("board[]", "general"), ("board[]", "questions"), ("board[]", "resources")])
            #expect(boards.status == .seeOther)
            let community = try await browser.get("/c/quality-improvement")
            #expect(!community.body.contains("Finish setting it up"))
            #expect(community.body.contains("href=\"/c/quality-improvement/b/questions\""))
        }
        let community = try #require(try await f.app.database.community(slug: "quality-improvement"))
        #expect(try await f.app.database.membership(communityID: community.id!, userID: f.member.id!)?.role == .moderator)
        #expect(try await f.app.database.boards(communityID: community.id!).map(\.board.slug) == ["general", "questions", "resources"])
    }

    @Test("only site admins set up a community, and a refused set-up writes nothing")
    func setUpRefused() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get("/admin/communities/privacy/setup").status == .forbidden)
            let refused = try await f.app.expectNoWrite {
                try await browser.post("/admin/communities/privacy/setup/moderator", [("handle", "member")])
            }
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("Only site admins set up communities."))
            let boards = try await f.app.expectNoWrite {
                try await browser.post("/admin/communities/privacy/setup/boards", [("board[]", "general")])
            }
            #expect(boards.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let bogus = try await f.app.expectNoWrite {
                try await browser.post("/admin/communities/privacy/setup/boards", [("board[]", "lounge")])
            }
            #expect(bogus.status == .badRequest)
        }
    }
}
