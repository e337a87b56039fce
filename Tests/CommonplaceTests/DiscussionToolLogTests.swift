import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Discussion tools: hide, restore, and the log of locks, pins and accepted answers")
struct DiscussionToolLogTests {
    @Test("a hidden discussion leaves the board, the home page and search, and is 404 for others; its author sees the reason; restoring brings it back")
    func hideAndRestore() async throws {
        let f = try await ForumFixture.make()
        let (d, _) = try await f.question(title: "Kangarooword budget thread", replies: 1)
        /// Whether the board, the home page and search list it (each list answered 200: an error page lists nothing), and its page opens.
        @Sendable func visibleEverywhere(_ browser: Browser) async throws -> [Bool] {
            var listed: [Bool] = []
            for path in ["/c/privacy/b/questions", "/", "/search?q=kangarooword"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                listed.append(page.body.contains("Kangarooword budget thread"))
            }
            return listed + [try await browser.get(Paths.discussion(d)).status == .ok]
        }
        try await f.app.run { browser in
            #expect(try await visibleEverywhere(browser) == [true, true, true, true])
            try await browser.signIn(email: "moderator@example.org")
            let hidden = try await browser.post(Paths.hideDiscussion(d), [("reason", "Names a patient in the title")])
            #expect(hidden.status == .seeOther && hidden.location == Paths.discussion(d))
            let moderatorView = try await browser.get(Paths.discussion(d))
            #expect(moderatorView.status == .ok && moderatorView.body.contains("Names a patient in the title"))
            #expect(try await browser.get("/c/privacy/b/questions").body.contains("Kangarooword budget thread"), "moderators still list it")
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), [("reason", "Again")]) }
            #expect(refused1.status == .conflict)
            for email in [nil, "member@example.org", "othermod@example.org"] as [String?] {
                browser.clearCookies()
                if let email { try await browser.signIn(email: email) }
                #expect(try await visibleEverywhere(browser) == [false, false, false, false], "\(email ?? "anonymous")")
                #expect(try await browser.get("/d/\(d.id!)").status == .notFound)
            }
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let authorView = try await browser.get(Paths.discussion(d))
            #expect(authorView.status == .ok && authorView.body.contains("A moderator hid this discussion: Names a patient in the title"))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.restoreDiscussion(d), []).status == .seeOther)
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.restoreDiscussion(d), []) }
            #expect(refused2.status == .conflict)
            browser.clearCookies()
            #expect(try await visibleEverywhere(browser) == [true, true, true, true])
        }
        let saved = try #require(try await f.app.database.discussion(id: d.id!))
        #expect(saved.hiddenAt == nil && saved.hiddenBy == nil && saved.hiddenReason.isEmpty)
        let log = try await f.logRows()
        #expect(log.map(\.action) == [.hideDiscussion, .restoreDiscussion])
        #expect(log.first?.reason == "Names a patient in the title" && log.first?.targetId == d.id && log.first?.actorId == f.moderator.id)
    }

    @Test("for every actor the board list's SQL filter agrees with canSee on listed, hidden and held discussions")
    func listAgreesWithRule() async throws {
        let f = try await ForumFixture.make()
        let (listed, _) = try await f.question(title: "A listed question")
        let (hidden, _) = try await f.question(title: "A hidden question")
        let (held, _) = try await f.question(title: "A held question")
        try await f.app.database.setDiscussionHidden(id: hidden.id!, hidden: true, reason: "Off-topic",
                                                     by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET held_at = ? WHERE id = ?", arguments: [f.app.clock.now, held.id])
        }
        var all: [Discussion] = []
        for d in [listed, hidden, held] { all.append(try #require(try await f.app.database.discussion(id: d.id!))) }
        for user in [nil, f.outsider, f.member, f.author, f.moderator, f.otherModerator, f.admin, f.suspended] as [User?] {
            let guardian = try await f.guardian(user)
            let rows = try await f.app.database.boardPage(boardID: f.board.id!, listed: guardian.listedDiscussionSQL(in: f.community), filter: .all, page: 1).rows
            #expect(Set(rows.map(\.discussion.id)) == Set(all.filter { guardian.canSee($0, in: f.community) }.map(\.id)), "\(user?.handle ?? "anonymous")")
        }
    }

    @Test("hiding is refused without a reason or with one too long (400), to members and other moderators (403, 404 on a members-only community), anonymous visitors, gone discussions")
    func hideRefusals() async throws {
        let f = try await ForumFixture.make()
        let (d, _) = try await f.question()
        let (secret, _) = try await f.question(title: "A members-only question", in: f.privateBoard)
        try await f.app.run { browser in
            let reason = [("reason", "Off-topic")]
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), reason) }
            #expect(refused1.status == .forbidden)
            try await browser.signIn(email: "member@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), reason) }
            #expect(refused2.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), reason) }
            #expect(refused3.status == .forbidden)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(secret), reason) }
            #expect(refused4.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let refused5 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), [("reason", "  ")]) }
            #expect(refused5.status == .badRequest)
            let long = String(repeating: "x", count: Discussion.maxReasonCharacters + 1)
            let refused6 = try await f.app.expectNoWrite { try await browser.post(Paths.hideDiscussion(d), [("reason", long)]) }
            #expect(refused6.status == .badRequest)
            let refused7 = try await f.app.expectNoWrite { try await browser.post(Paths.restoreDiscussion(d), []) }
            #expect(refused7.status == .conflict)
            let refused8 = try await f.app.expectNoWrite { try await browser.post("/d/999999/hide", reason) }
            #expect(refused8.status == .notFound)
            let refused9 = try await f.app.expectNoWrite { try await browser.post("/d/999999/restore", []) }
            #expect(refused9.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let refused10 = try await f.app.expectNoWrite { try await browser.post(Paths.restoreDiscussion(d), []) }
            #expect(refused10.status == .forbidden)
        }
        #expect(try await f.app.database.discussion(id: d.id!)?.isHidden == false)
        #expect(try await f.logRows().isEmpty)
    }

    @Test("lock, unlock, pin and unpin are logged once each with the reason; doing it twice is 409 and logs nothing")
    func lockAndPinLogged() async throws {
        let f = try await ForumFixture.make()
        let (d, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.lock(d), [("locked", "true"), ("reason", "x")]) }
            #expect(refused1.status == .forbidden)
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.pin(d), [("pinned", "true")]) }
            #expect(refused2.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.lock(d), [("locked", "true"), ("reason", "x")]) }
            #expect(refused3.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.lock(d), [("locked", "false")]) }
            #expect(refused4.status == .conflict)
            #expect(try await browser.post(Paths.lock(d), [("locked", "true"), ("reason", "Answered at the meeting")]).status == .seeOther)
            let refused5 = try await f.app.expectNoWrite { try await browser.post(Paths.lock(d), [("locked", "true"), ("reason", "Again")]) }
            #expect(refused5.status == .conflict)
            #expect(try await browser.post(Paths.lock(d), [("locked", "false")]).status == .seeOther)
            let refused6 = try await f.app.expectNoWrite { try await browser.post(Paths.pin(d), [("pinned", "false")]) }
            #expect(refused6.status == .conflict)
            #expect(try await browser.post(Paths.pin(d), [("pinned", "true")]).status == .seeOther)
            let refused7 = try await f.app.expectNoWrite { try await browser.post(Paths.pin(d), [("pinned", "true")]) }
            #expect(refused7.status == .conflict)
            #expect(try await browser.post(Paths.pin(d), [("pinned", "false")]).status == .seeOther)
        }
        let log = try await f.logRows()
        #expect(log.map(\.action) == [.lockDiscussion, .unlockDiscussion, .pinDiscussion, .unpinDiscussion])
        #expect(log.first?.reason == "Answered at the meeting")
        #expect(log.allSatisfy { $0.communityId == f.community.id && $0.targetId == d.id && $0.actorId == f.moderator.id })
        let saved = try #require(try await f.app.database.discussion(id: d.id!))
        #expect(!saved.isLocked && !saved.pinned)
    }

    @Test("an answer accepted by a moderator for the asker is logged; one accepted by the asker is not")
    func acceptLogged() async throws {
        let f = try await ForumFixture.make()
        let (d, posts) = try await f.question(replies: 2)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.accept(d), [("post_id", "\(posts[0].id!)")]).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.accept(d), [("post_id", "\(posts[1].id!)")]).status == .seeOther)
        }
        let log = try await f.logRows()
        #expect(log.count == 1)
        #expect(log.first?.action == .acceptAnswer && log.first?.actorId == f.moderator.id && log.first?.reason == "Accepted post #3 as the answer")
        #expect(try await f.app.database.discussion(id: d.id!)?.acceptedPostId == posts[1].id)
    }
}

private extension ForumFixture {
    /// Every moderation log row, oldest first.
    func logRows() async throws -> [ModerationAction] {
        try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
    }
}
