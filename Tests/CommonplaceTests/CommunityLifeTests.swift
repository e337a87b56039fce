import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The moderation log's rows, to check that an action logged exactly once and a refusal not at all.
fileprivate func loggedActions(_ app: TestApp) async throws -> [ModerationAction] {
    try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
}

@Suite("Archiving and reactivating communities")
struct CommunityLifeTests {
    @Test("a site admin archives a community naming a successor: inactive from today, a banner linking the successor, one log row")
    func archive() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let form = try await browser.get("/admin/communities/privacy/archive")
            #expect(form.status == .ok)
            #expect(form.body.contains("<option value=\"finance\">Finance</option>"))
            #expect(!form.body.contains("<option value=\"privacy\""))
            let edit = try await browser.get("/admin/communities/privacy/edit")
            #expect(edit.body.contains("href=\"/admin/communities/privacy/archive\""))
            #expect(edit.body.contains("href=\"/admin/communities/privacy/merge\""))

            let r = try await browser.post("/admin/communities/privacy/archive", [("successor", "finance")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/c/privacy")
            let page = try await browser.get("/c/privacy")
            #expect(page.body.contains("This community is inactive since"))
            #expect(page.body.contains("Its work continues in <a href=\"/c/finance\">Finance</a>."))
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(board.body.contains("Its work continues in <a href=\"/c/finance\">Finance</a>."))
            let members = try await browser.get("/c/privacy/members")
            #expect(members.body.contains("This community is inactive since"))
            let edited = try await browser.get("/admin/communities/privacy/edit")
            #expect(edited.body.contains("Reactivate"))
        }
        let community = try #require(try await f.app.database.community(slug: "privacy"))
        #expect(community.status == .inactive)
        #expect(community.archivedAt == f.app.clock.now)
        #expect(community.inactiveSince == Formatting.isoDay(f.app.clock.now))
        #expect(community.successorId == f.otherCommunity.id)
        let log = try await loggedActions(f.app)
        #expect(log.count == 1)
        #expect(log.first?.action == .archiveCommunity)
        #expect(log.first?.communityId == f.community.id)
        #expect(log.first?.actorId == f.admin.id)
    }

    @Test("an inactive community refuses new discussions, replies, edits, joins, join requests and board changes, saying why")
    func readOnly() async throws {
        let f = try await ForumFixture.make()
        let (question, replies) = try await f.question(replies: 1)
        try await f.app.database.archiveCommunity(id: f.community.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.database.archiveCommunity(id: f.otherCommunity.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        let logged = try await loggedActions(f.app).count
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            var r = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "A perfectly fine title"), ("body", "Hi")]) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("Privacy is inactive"))
            #expect(try await browser.get("/c/privacy/b/questions/new").status == .forbidden)
            r = try await f.app.expectNoWrite { try await browser.post(Paths.reply(question), [("body", "One more reply")]) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("inactive"))
            r = try await f.app.expectNoWrite { try await browser.post(Paths.editPost(replies[0].id!), [("body", "Edited")]) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("inactive"))

            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            r = try await f.app.expectNoWrite { try await browser.post("/c/privacy/join", [("message", "I work on privacy.")]) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("no longer takes new members"))
            r = try await f.app.expectNoWrite { try await browser.post("/c/finance/join", []) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("no longer takes new members"))

            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            r = try await f.app.expectNoWrite { try await browser.post("/c/privacy/boards/new", [("name", "Ideas"), ("slug", "ideas")]) }
            #expect(r.status == .forbidden)
            #expect(r.body.contains("Privacy is inactive"))
            r = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/archive", [("archived", "true")]) }
            #expect(r.status == .forbidden)
            r = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/edit", [("name", "Renamed"), ("slug", "questions")]) }
            #expect(r.status == .forbidden)
        }
        let counts = try await f.app.database.reader.read { db in
            [try Discussion.fetchCount(db), try Post.fetchCount(db), try Board.fetchCount(db),
             try JoinRequest.fetchCount(db), try Membership.filter(Column("user_id") == f.outsider.id!).fetchCount(db)]
        }
        #expect(counts == [1, 2, 3, 0, 0])
        #expect(try await f.app.database.post(discussionID: question.id!, number: 2)?.post.bodyMarkdown == "Reply 1")
        #expect(try await f.app.database.board(id: f.board.id!)?.name == "Questions")
        #expect(try await loggedActions(f.app).count == logged)
    }

    @Test("an inactive community stays browsable and searchable by whoever could see it before, and by no one else")
    func stillReadable() async throws {
        let f = try await ForumFixture.make()
        let (open, _) = try await f.question(title: "Reminder texts naming the clinic")
        let (closed, _) = try await f.question(title: "Phishing drills for reception staff", in: f.privateBoard)
        for community in [f.community, f.privateCommunity] {
            try await f.app.database.archiveCommunity(id: community.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        }
        try await f.app.run { browser in
            #expect(try await browser.get("/c/privacy").status == .ok)
            #expect(try await browser.get("/c/privacy/b/questions").body.contains("Reminder texts naming the clinic"))
            #expect(try await browser.get(Paths.discussion(open)).status == .ok)
            #expect(try await browser.get("/search?q=reminder").body.contains("Reminder texts naming the clinic"))
            #expect(try await browser.get("/c/security").status == .notFound)
            let anonymousSearch = try await browser.get("/search?q=phishing")
            #expect(anonymousSearch.status == .ok && !anonymousSearch.body.contains("Phishing drills"))

            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/c/security").status == .ok)
            #expect(try await browser.get(Paths.discussion(closed)).status == .ok)
            #expect(try await browser.get("/search?q=phishing").body.contains("Phishing drills for reception staff"))

            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.discussion(closed)).status == .notFound)
            let outsiderSearch = try await browser.get("/search?q=phishing")
            #expect(outsiderSearch.status == .ok && !outsiderSearch.body.contains("Phishing drills"))
        }
    }

    @Test("reactivating opens the community again, logged once; archiving an inactive or reactivating an active one is 409 and logs nothing")
    func reactivate() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            var r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/reactivate", []) }
            #expect(r.status == .conflict)
            #expect(r.body.contains("Privacy is already active"))
            #expect(try await browser.post("/admin/communities/privacy/archive", []).status == .seeOther)
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/archive", []) }
            #expect(r.status == .conflict)
            #expect(r.body.contains("Privacy is already inactive"))
            #expect(try await browser.get("/admin/communities/privacy/archive").status == .conflict)
            r = try await browser.post("/admin/communities/privacy/reactivate", [])
            #expect(r.status == .seeOther)
            #expect(r.location == "/c/privacy")
            #expect(!(try await browser.get("/c/privacy").body.contains("This community is inactive")))
        }
        let community = try #require(try await f.app.database.community(slug: "privacy"))
        #expect(community.status == .active)
        #expect(community.archivedAt == nil && community.inactiveSince == nil && community.successorId == nil)
        #expect(try await loggedActions(f.app).map(\.action) == [.archiveCommunity, .reactivateCommunity])
    }

    @Test("archive refusals: members and moderators 403, anonymous refused, unknown community 404, unknown or own successor 400; nothing written or logged")
    func archiveRefusals() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/archive", []) }
            #expect(anonymous.status == .forbidden)
            #expect(try await browser.get("/admin/communities/privacy/archive").status == .seeOther)
            for handle in ["member", "moderator"] {
                browser.clearCookies()
                try await browser.signIn(email: "\(handle)@example.org")
                let r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/archive", []) }
                #expect(r.status == .forbidden, "\(handle)")
                #expect(r.body.contains("Only site admins archive"), "\(handle)")
                let refused1 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/reactivate", []) }
                #expect(refused1.status == .forbidden)
                #expect(try await browser.get("/admin/communities/privacy/archive").status == .forbidden)
            }
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/nowhere/archive", []) }
            #expect(refused2.status == .notFound)
            var r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/archive", [("successor", "nowhere")]) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("Choose an active community as the successor"))
            #expect(r.body.contains("<select id=\"successor\""))
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/archive", [("successor", "privacy")]) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("cannot be its own successor"))
        }
        #expect(try await f.app.database.community(slug: "privacy")?.status == .active)
        #expect(try await loggedActions(f.app).isEmpty)
    }

    @Test("an inactive community that was archived without a successor shows no successor; a successor only members can see is named, not linked")
    func successorVisibility() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.archiveCommunity(id: f.community.id!, successorID: f.privateCommunity.id!, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.database.archiveCommunity(id: f.otherCommunity.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.run { browser in
            let privacy = try await browser.get("/c/privacy")
            #expect(privacy.body.contains("Its work continues in Security."))
            #expect(!privacy.body.contains("href=\"/c/security\""))
            #expect(!(try await browser.get("/c/finance").body.contains("Its work continues")))
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/c/privacy").body.contains("Its work continues in <a href=\"/c/security\">Security</a>."))
        }
    }
}
