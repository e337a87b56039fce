import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Approval queue")
struct ApprovalQueueTests {
    static let word = "quokkaqueue"

    @Test("a new member's held reply is seen only by them and the moderators, on no list, count or search, until approved")
    func heldReplyInvisibleUntilApproved() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.holdFirstPosts(1, in: f.community)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.post(Paths.reply(discussion), [("body", "My first reply about \(Self.word)")])
            #expect(posted.status == .seeOther)
            let own = try await browser.get(Paths.discussion(discussion))
            #expect(own.body.contains(Self.word))
            #expect(own.body.contains("Awaiting approval"))
            browser.clearCookies()
            // Others: not on the page, not counted, not searchable.
            try await browser.signIn(email: "author@example.org")
            let other = try await browser.get(Paths.discussion(discussion))
            #expect(!other.body.contains(Self.word))
            #expect(other.body.contains("0 replies"))
            let search = try await browser.get("/search?q=\(Self.word)", headers: [.accept: "application/json"])
            #expect(search.body.contains("\"results\":[]"))
            browser.clearCookies()
            let anonymous = try await browser.get(Paths.discussion(discussion))
            #expect(!anonymous.body.contains(Self.word))
            // The moderator sees it in the queue and approves it.
            try await browser.signIn(email: "moderator@example.org")
            let queue = try await browser.get("/mod/privacy/queue")
            #expect(queue.status == .ok)
            #expect(queue.body.contains(Self.word))
        }
        let held = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 2))
        #expect(held.post.isHeld)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 0)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let approved = try await browser.post("/mod/privacy/queue/\(held.post.id!)/approve", [])
            #expect(approved.status == .seeOther)
            browser.clearCookies()
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains(Self.word))
            #expect(page.body.contains("1 reply"))
            let search = try await browser.get("/search?q=\(Self.word)", headers: [.accept: "application/json"])
            #expect(!search.body.contains("\"results\":[]"))
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 1)
        let log = try await f.app.logRows()
        #expect(log.count == 1)
        #expect(log.first?.action == .approvePost)
        #expect(log.first?.actorId == f.moderator.id)
    }

    @Test("a held new discussion is absent from the board and home page for others; declining hides it with the reason")
    func heldDiscussionDeclined() async throws {
        let f = try await ForumFixture.make()
        try await f.app.holdFirstPosts(2, in: f.community)
        let location = try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let created = try await browser.post("/c/privacy/b/questions/new", [
                ("title", "Is a \(Self.word) allowed in the clinic?"), ("kind", "question"), ("body", "Asking for a friend."),
            ])
            #expect(created.status == .seeOther)
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(board.body.contains(Self.word))
            #expect(board.body.contains("Awaiting approval"))
            return created.location ?? ""
        }
        let discussion = try #require(try await f.app.database.reader.read { db in
            try Discussion.filter(Column("title").like("%\(Self.word)%")).fetchOne(db)
        })
        #expect(discussion.isHeld)
        let opening = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 1))
        try await f.app.run { browser in
            for email in ["author@example.org", ""] {
                browser.clearCookies()
                if !email.isEmpty { try await browser.signIn(email: email) }
                let board = try await browser.get("/c/privacy/b/questions")
                #expect(!board.body.contains(Self.word))
                let home = try await browser.get("/")
                #expect(!home.body.contains(Self.word))
                let page = try await browser.get(location)
                #expect(page.status == .notFound)
            }
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let empty = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(opening.post.id!)/decline", [("reason", "")]) }
            #expect(empty.status == .badRequest)
            let declined = try await browser.post("/mod/privacy/queue/\(opening.post.id!)/decline", [("reason", "Please search first")])
            #expect(declined.status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(opening.post.id!)/decline", [("reason", "Twice")]) }
            #expect(again.status == .conflict)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let own = try await browser.get(location)
            #expect(own.status == .ok)
            #expect(own.body.contains("Not approved: Please search first"))
        }
        let after = try #require(try await f.app.database.discussion(id: discussion.id!))
        #expect(!after.isHeld && after.isHidden)
        let log = try await f.app.logRows()
        #expect(log.map(\.action) == [.declineDiscussion])
    }

    @Test("moderators' posts are never held, and a member's posts stop being held once enough are approved")
    func holdOnlyNewMembers() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.holdFirstPosts(1, in: f.community)
        let now = f.app.clock.now
        let byModerator = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.moderator.id!,
                                                         body: .from("From the moderator"), now: now, holdFirst: 0)
        #expect(!byModerator.isHeld)
        let first = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                                   body: .from("First"), now: now, holdFirst: 1)
        #expect(first.isHeld)
        try await f.app.database.approvePost(id: first.id!, communityID: f.community.id!, moderatorID: f.moderator.id!, now: now)
        let second = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                                    body: .from("Second"), now: now, holdFirst: 1)
        #expect(!second.isHeld)
    }

    @Test("only this community's moderators approve: a member gets 403, another community's moderator 403, and nothing changes")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let held = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                                  body: .from("Held"), now: f.app.clock.now, holdFirst: 1)
        let (otherDiscussion, otherPosts) = try await f.question(replies: 1)
        _ = otherDiscussion
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(held.id!)/approve", []) }
            #expect(anonymous.status == .forbidden)
            try await browser.signIn(email: "author@example.org")
            let member = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(held.id!)/approve", []) }
            #expect(member.status == .forbidden)
            let memberQueue = try await browser.get("/mod/privacy/queue")
            #expect(memberQueue.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let other = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(held.id!)/approve", []) }
            #expect(other.status == .forbidden)
            let viaOwn = try await f.app.expectNoWrite { try await browser.post("/mod/finance/queue/\(held.id!)/approve", []) }
            #expect(viaOwn.status == .notFound)
            let hidden = try await browser.get("/mod/security/queue")
            #expect(hidden.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let notHeld = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/\(otherPosts[0].id!)/approve", []) }
            #expect(notHeld.status == .conflict)
            let gone = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/queue/999999/approve", []) }
            #expect(gone.status == .notFound)
        }
        #expect(try await f.app.database.post(id: held.id!)?.isHeld == true)
        #expect(try await f.app.logCount() == 0)
    }
}
