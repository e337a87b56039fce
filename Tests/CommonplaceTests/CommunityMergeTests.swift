import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

fileprivate func loggedActions(_ app: TestApp) async throws -> [ModerationAction] {
    try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
}

@Suite("Merging communities")
struct CommunityMergeTests {
    /// Privacy (to be merged into Finance) with a second board whose address Finance also uses, a discussion, a moderator
    /// who is already a plain member of Finance, join requests, an open invitation and a screening question.
    static func privacyAboutToMerge() async throws -> (ForumFixture, Discussion, User) {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        _ = try await db.createBoard(Board(communityId: f.community.id!, slug: "general", name: "General", position: 0, createdAt: now))
        let (question, _) = try await f.question(title: "Phishing simulation results from March", replies: 1)
        try await db.addMember(communityID: f.otherCommunity.id!, userID: f.moderator.id!, now: now)
        try await db.setRole(communityID: f.community.id!, userID: f.author.id!, role: .moderator)
        let applicant = try await db.createUser(User(handle: "applicant", email: "applicant@example.org", displayName: "Applicant",
                                                     passwordHash: "x", createdAt: now, updatedAt: now))
        for (community, user) in [(f.community, f.outsider), (f.community, applicant), (f.otherCommunity, applicant), (f.community, f.otherModerator)] {
            _ = try await db.createJoinRequest(JoinRequest(communityId: community.id!, userId: user.id!, message: "Hello", createdAt: now))
        }
        _ = try await db.createInvitation(Invitation(communityId: f.community.id!, invitedBy: f.moderator.id, inviteeEmail: "new@example.org",
                                                     tokenHash: "open", createdAt: now, expiresAt: now.addingTimeInterval(3600)))
        try await db.setJoinQuestions(communityID: f.community.id!, ["Where do you work?"])
        return (f, question, applicant)
    }

    @Test("a site admin merges Privacy into Finance: boards, discussions, members, requests and invitations move in one logged action")
    func merge() async throws {
        let (f, question, applicant) = try await Self.privacyAboutToMerge()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let confirm = try await browser.get("/admin/communities/privacy/merge")
            #expect(confirm.status == .ok)
            #expect(confirm.body.contains("2 boards"))
            #expect(confirm.body.contains("1 discussion,"))
            #expect(confirm.body.contains("4 members"))
            #expect(confirm.body.contains("someone already in it keeps the role they have there"))
            let r = try await browser.post("/admin/communities/privacy/merge", [("into", "finance")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/c/finance")
        }
        let db = f.app.database
        let privacy = try #require(try await db.community(slug: "privacy"))
        #expect(privacy.status == .inactive && privacy.mergedIntoId == f.otherCommunity.id && privacy.archivedAt == f.app.clock.now)
        let boards = try await db.boards(communityID: f.otherCommunity.id!).map(\.board.slug)
        #expect(boards == ["general", "questions", "general-privacy"])
        #expect(try await db.boards(communityID: f.community.id!).isEmpty)
        let moved = try #require(try await db.discussion(id: question.id!))
        #expect(moved.communityId == f.otherCommunity.id && moved.boardId == f.board.id)

        func role(_ user: User) async throws -> Membership.Role? { try await db.membership(communityID: f.otherCommunity.id!, userID: user.id!)?.role }
        #expect(try await role(f.member) == .member)
        #expect(try await role(f.author) == .moderator)
        #expect(try await role(f.moderator) == .member)
        #expect(try await role(f.otherModerator) == .moderator)
        #expect(try await db.memberCount(communityID: f.community.id!) == 0)

        let requests = try await db.reader.read { db in try JoinRequest.order(Column("id")).fetchAll(db) }
        #expect(requests.map(\.communityId) == [f.otherCommunity.id!, f.community.id!, f.otherCommunity.id!, f.community.id!])
        #expect(requests.map(\.status) == [.pending, .declined, .pending, .declined])
        #expect(requests[1].userId == applicant.id && requests[1].reason == "Merged into Finance.")
        #expect(try await db.openInvitations(communityID: f.otherCommunity.id!, now: f.app.clock.now).count == 1)
        #expect(try await db.joinQuestions(communityID: f.community.id!).count == 1)

        // The setup's invitation was logged as its moderator's action; the merge adds exactly one row.
        let log = try await loggedActions(f.app).filter { $0.action != .invite }
        #expect(log.count == 1)
        #expect(log.first?.action == .mergeCommunity)
        #expect(log.first?.communityId == f.otherCommunity.id && log.first?.targetId == f.community.id)
    }

    @Test("after a merge the old pages answer 301 at the same place in the new community, search finds the discussions there, and the directory says where it went")
    func redirectsAndDirectory() async throws {
        let (f, question, _) = try await Self.privacyAboutToMerge()
        try await f.app.database.mergeCommunity(sourceID: f.community.id!, into: f.otherCommunity.id!, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.run { browser in
            for (old, new) in [("/c/privacy", "/c/finance"), ("/c/privacy/members", "/c/finance/members"),
                               ("/c/privacy/b/questions", "/c/finance/b/questions"), ("/c/privacy/b/general", "/c/finance/b/general-privacy"),
                               ("/c/privacy/join", "/c/finance/join")] {
                let r = try await browser.get(old)
                #expect(r.status == .movedPermanently, "\(old)")
                #expect(r.location == new, "\(old)")
            }
            #expect(try await browser.get("/c/privacy/b/nothing").status == .notFound)
            let found = try await browser.get("/search?q=phishing+in:finance")
            #expect(found.body.contains("Phishing simulation results from March"))
            let page = try await browser.get(Paths.discussion(question))
            #expect(page.status == .ok)
            #expect(page.body.contains("Finance"))
            let home = try await browser.get("/")
            let inactive = try #require(home.body.range(of: "Inactive communities"))
            let merged = try #require(home.body.range(of: "Merged into <a href=\"/c/finance\">Finance</a>"))
            #expect(merged.lowerBound > inactive.lowerBound)
            #expect(!home.body.contains("<a href=\"/c/privacy\">"))
        }
    }

    @Test("a community merged earlier follows its host's later merge, board addresses included")
    func chainedMerge() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        try await db.mergeCommunity(sourceID: f.privateCommunity.id!, into: f.community.id!, actorID: f.admin.id!, now: f.app.clock.now)
        try await db.mergeCommunity(sourceID: f.community.id!, into: f.otherCommunity.id!, actorID: f.admin.id!, now: f.app.clock.now)
        #expect(try await db.community(slug: "security")?.mergedIntoId == f.otherCommunity.id)
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let board = try await browser.get("/c/security/b/general")
            #expect(board.status == .movedPermanently)
            #expect(board.location == "/c/finance/b/general-privacy")
            #expect(try await browser.get("/c/security").location == "/c/finance")
        }
    }

    @Test("sub-communities of a merged community join the target when it is top-level, and become top-level when it is not")
    func children() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        func community(_ slug: String, parent: Community?) async throws -> Community {
            var c = Community(slug: slug, name: slug.capitalized, summary: "s", description: "d", visibility: .public, joinPolicy: .open,
                              createdAt: now, updatedAt: now)
            c.parentId = parent?.id
            return try await db.createCommunity(c)
        }
        let kid = try await community("kid", parent: f.community)
        try await db.mergeCommunity(sourceID: f.community.id!, into: f.otherCommunity.id!, actorID: f.admin.id!, now: now)
        #expect(try await db.community(id: kid.id!)?.parentId == f.otherCommunity.id)

        let child = try await community("child", parent: f.otherCommunity)
        let parent = try await community("parent", parent: nil)
        let orphan = try await community("orphan", parent: parent)
        try await db.mergeCommunity(sourceID: parent.id!, into: child.id!, actorID: f.admin.id!, now: now)
        #expect(try await db.community(id: orphan.id!)?.parentId == nil)
    }

    @Test("merge refusals: members and moderators 403, anonymous refused, unknown community 404, itself or an unknown target 400, a merged or inactive target or an already merged community 409; nothing written or logged")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        let db = f.app.database
        try await db.archiveCommunity(id: f.privateCommunity.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        let now = f.app.clock.now
        var gone = Community(slug: "gone", name: "Gone", summary: "s", description: "d", visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now)
        gone = try await db.createCommunity(gone)
        try await db.mergeCommunity(sourceID: gone.id!, into: f.otherCommunity.id!, actorID: f.admin.id!, now: now)
        let logged = try await loggedActions(f.app).count
        try await f.app.run { browser in
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "finance")]) }
            #expect(refused1.status == .forbidden)
            #expect(try await browser.get("/admin/communities/privacy/merge").status == .seeOther)
            for handle in ["member", "moderator"] {
                browser.clearCookies()
                try await browser.signIn(email: "\(handle)@example.org")
                let r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "finance")]) }
                #expect(r.status == .forbidden, "\(handle)")
                #expect(r.body.contains("Only site admins"), "\(handle)")
                #expect(try await browser.get("/admin/communities/privacy/merge").status == .forbidden)
            }
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/nowhere/merge", [("into", "finance")]) }
            #expect(refused2.status == .notFound)
            var r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "privacy")]) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("cannot be merged into itself"))
            #expect(r.body.contains("<select id=\"into\""))
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "nowhere")]) }
            #expect(r.status == .badRequest)
            #expect(r.body.contains("There is no community at “nowhere”"))
            let refused3 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "")]) }
            #expect(refused3.status == .badRequest)
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "gone")]) }
            #expect(r.status == .conflict)
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/merge", [("into", "security")]) }
            #expect(r.status == .conflict)
            #expect(r.body.contains("Security is inactive"))
            r = try await f.app.expectNoWrite { try await browser.post("/admin/communities/gone/merge", [("into", "privacy")]) }
            #expect(r.status == .conflict)
            #expect(r.body.contains("already been merged"))
            #expect(try await browser.get("/admin/communities/gone/merge").status == .conflict)
        }
        #expect(try await db.community(slug: "privacy")?.mergedIntoId == nil)
        #expect(try await db.discussion(id: question.id!)?.communityId == f.community.id)
        #expect(try await loggedActions(f.app).count == logged)
    }
}
