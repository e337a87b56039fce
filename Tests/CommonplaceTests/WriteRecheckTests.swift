import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 1: a rule checked before a write holds when the write commits. Each test commits a change (a lock,
/// a hide, a silence …) exactly between a request's check and its write, through the database's `WriteBarrier`
/// (deterministic, not by timing), and expects the same refusal as when the change came before the request, with
/// nothing written.
@Suite("Rules taken again inside the write")
struct WriteRecheckTests {
    /// What a moderator (or an admin) changes while a member's request is on its way.
    enum Change: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case lockDiscussion, hideDiscussion, holdDiscussion, archiveBoard, deactivateCommunity, removeMembership, silence, suspend

        var testDescription: String { rawValue }

        /// Commits the change on `db` (to the discussion `discussionID` and the member `userID`).
        func commit(_ f: ForumFixture, discussionID: Int64, userID: Int64) async throws {
            let now = f.app.clock.now
            let later = now.addingTimeInterval(86_400)
            try await f.app.database.writer.write { db in
                switch self {
                case .lockDiscussion:
                    try db.execute(sql: "UPDATE discussion SET locked_at = ?, lock_reason = 'Closed at the meeting' WHERE id = ?",
                                   arguments: [now, discussionID])
                case .hideDiscussion:
                    try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_reason = 'Off topic' WHERE id = ?", arguments: [now, discussionID])
                case .holdDiscussion:
                    try db.execute(sql: "UPDATE discussion SET held_at = ? WHERE id = ?", arguments: [now, discussionID])
                case .archiveBoard:
                    try db.execute(sql: "UPDATE board SET archived_at = ? WHERE id = (SELECT board_id FROM discussion WHERE id = ?)",
                                   arguments: [now, discussionID])
                case .deactivateCommunity:
                    try db.execute(sql: "UPDATE community SET status = 'inactive' WHERE id = (SELECT community_id FROM discussion WHERE id = ?)",
                                   arguments: [discussionID])
                case .removeMembership:
                    try db.execute(sql: "DELETE FROM membership WHERE user_id = ?", arguments: [userID])
                case .silence:
                    try db.execute(sql: "UPDATE membership SET silenced_until = ? WHERE user_id = ?", arguments: [later, userID])
                case .suspend:
                    try db.execute(sql: "UPDATE user SET suspended_until = ?, suspension_reason = 'Spam' WHERE id = ?", arguments: [later, userID])
                }
            }
        }
    }

    /// The status and the message a member sees.
    typealias Refusal = WriteRace.Refusal

    /// Posts `path` as `email` twice on fresh forums: once after `change` has committed, and once with `change`
    /// committed between the check and the write. Returns both refusals and the post and discussion counts after each.
    private func race(_ change: Change, as email: String = "member@example.org",
                      request: @escaping @Sendable (Browser, Discussion, [Post]) async throws -> Browser.Page)
        async throws -> (before: Refusal, racing: Refusal, written: [Int]) {
        var refusals: [Refusal] = []
        var written: [Int] = []
        for racing in [false, true] {
            let f = try await ForumFixture.make()
            let (discussion, posts) = try await f.question(replies: 1)
            let userID = email.hasPrefix("moderator") ? f.moderator.id! : (email.hasPrefix("author") ? f.author.id! : f.member.id!)
            let counts = { @Sendable in
                try await f.app.database.reader.read { db in
                    try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM post) * 1000 + (SELECT COUNT(*) FROM discussion) * 100 + (SELECT COUNT(*) FROM post_revision) * 10 + (SELECT COUNT(*) FROM moderation_action)")!
                }
            }
            let before = try await counts()
            let page = try await f.app.run { browser in
                try await browser.signIn(email: email)
                if racing {
                    f.app.database.writeBarrier.once { try await change.commit(f, discussionID: discussion.id!, userID: userID) }
                } else {
                    try await change.commit(f, discussionID: discussion.id!, userID: userID)
                }
                return try await request(browser, discussion, posts)
            }
            refusals.append(Refusal(page))
            written.append(try await counts() - before)
        }
        return (refusals[0], refusals[1], written)
    }

    @Test("a reply is refused when the discussion, board, community or member changes between its check and its write",
          arguments: Change.allCases)
    func reply(_ change: Change) async throws {
        let result = try await race(change) { browser, discussion, _ in
            try await browser.post(Paths.reply(discussion), [("body", "Our policy says to ask for a warrant first.")])
        }
        #expect(result.before.status == 403 || result.before.status == 404, "\(result.before)")
        #expect(result.racing == result.before)
        #expect(result.written == [0, 0])
    }

    @Test("a new discussion is refused when the board, community or member changes between its check and its write",
          arguments: [Change.archiveBoard, .deactivateCommunity, .removeMembership, .silence, .suspend])
    func startDiscussion(_ change: Change) async throws {
        let result = try await race(change) { browser, _, _ in
            try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "Consent for photos at events?"),
                                                                  ("body", "Do we need written consent?")])
        }
        #expect(result.before.status == 403, "\(result.before)")
        #expect(result.racing == result.before)
        #expect(result.written == [0, 0])
    }

    @Test("an edit of one's post is refused when the member is removed, silenced or suspended in between",
          arguments: [Change.deactivateCommunity, .removeMembership, .silence, .suspend])
    func edit(_ change: Change) async throws {
        let result = try await race(change) { browser, _, posts in
            try await browser.post(Paths.editPost(posts[0].id!), [("body", "Edited after all.")])
        }
        #expect(result.before.status == 403, "\(result.before)")
        #expect(result.racing == result.before)
        #expect(result.written == [0, 0])
    }

    @Test("a moderator who loses the role (or is suspended) between check and write cannot lock or hide",
          arguments: [Change.removeMembership, .suspend])
    func moderatorActions(_ change: Change) async throws {
        let lock = try await race(change, as: "moderator@example.org") { browser, discussion, _ in
            try await browser.post("/d/\(discussion.id!)/lock", [("locked", "true"), ("reason", "Resolved")])
        }
        #expect(lock.before.status == 403, "\(lock.before)")
        #expect(lock.racing == lock.before)
        #expect(lock.written == [0, 0])
        let hide = try await race(change, as: "moderator@example.org") { browser, _, posts in
            try await browser.post("/p/\(posts[0].id!)/hide", [("reason", "Off topic")])
        }
        #expect(hide.before.status == 403, "\(hide.before)")
        #expect(hide.racing == hide.before)
        #expect(hide.written == [0, 0])
    }

    @Test("without a change in between, the same requests are allowed (positive control)")
    func allowedWithoutChange() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            f.app.database.writeBarrier.once {}  // the barrier itself changes nothing
            #expect(try await browser.post(Paths.reply(discussion), [("body", "Ask for a warrant.")]).status == .seeOther)
            #expect(try await browser.post(Paths.editPost(posts[0].id!), [("body", "Edited.")]).status == .seeOther)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.postCount == 3)
    }
}
