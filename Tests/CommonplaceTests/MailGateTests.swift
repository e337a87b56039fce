import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The send-time check (`MailGate`): right before sending, each message other than account mail is dropped when its
/// recipient may no longer have it, with the reason kept on the row; account mail always goes.
@Suite("Mail: the send-time check")
struct MailGateTests {
    /// Delivers to a throwaway `.eml` folder and returns each row's status and last reply.
    static func deliver(_ app: TestApp, dailyCap: Int = 20) async throws -> MailService.Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await app.mailService(FolderTransport(directory: folder), dailyCap: dailyCap).runOnce()
    }

    @Test("each reason to drop: left the community, post hidden, suspended, unverified, address changed, read in the site, active since; the rest is sent")
    func reasons() async throws {
        // Given verified members, and a post in the members-only community and one in the public community
        let f = try await ForumFixture.make()
        let app = f.app, now = app.clock.now
        for user in [f.member, f.author, f.moderator, f.otherModerator, f.admin, f.suspended] { try await app.verifyEmail(user) }
        let (secret, _) = try await f.question(title: "A members-only question", in: f.privateBoard)
        let (open, _) = try await f.question(title: "A public question")
        let openPost = try await app.database.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM post WHERE discussion_id = ? AND number = 1", arguments: [open.id])!
        }
        let notifications = try await app.database.writer.write { db in
            try [true, false].map { read in
                try db.execute(sql: """
                    INSERT INTO notification (user_id, kind, dedupe_key, community_id, discussion_id, created_at, read_at)
                    VALUES (?, 'reply', ?, ?, ?, ?, ?)
                    """, arguments: [f.moderator.id, "reply:\(read)", f.community.id, open.id, now, read ? now : nil])
                return db.lastInsertedRowID
            }
        }
        func about(_ d: Discussion, post: Int64? = nil) -> (Int64?, Int64?, Int64?) { (d.communityId, d.id, post) }
        func queue(_ user: User, _ name: String, _ target: (Int64?, Int64?, Int64?), notification: Int64? = nil,
                   skipIfActive: Bool = false) async throws -> Int64 {
            try await app.queue(TestMail.notification(to: user, object: name, discussionID: target.1, communityID: target.0,
                                                      postID: target.2, notificationID: notification, skipIfActive: skipIfActive))
        }
        let left = try await queue(f.author, "left", about(secret))
        let hidden = try await queue(f.member, "hidden", about(open, post: openPost))
        let suspended = try await queue(f.suspended, "suspended", about(open))
        let unverified = try await queue(f.outsider, "unverified", about(open))
        let moved = try await queue(f.otherModerator, "moved", about(open))
        let read = try await queue(f.moderator, "read", about(open), notification: notifications[0])
        let unread = try await queue(f.moderator, "unread", about(open), notification: notifications[1])
        let active = try await queue(f.admin, "active", about(open), skipIfActive: true)
        let visible = try await queue(f.author, "visible", about(open, post: openPost))
        let account = try await app.queue(TestMail.account(to: f.outsider.email, userID: f.outsider.id))
        // When, after queueing, the author leaves the members-only community, the public post is hidden, one
        // address changes, and the admin uses the site
        app.clock.advance(by: 60)
        let later = app.clock.now
        try await app.database.writer.write { db in
            try db.execute(sql: "DELETE FROM membership WHERE user_id = ? AND community_id = ?", arguments: [f.author.id, f.privateCommunity.id])
            try db.execute(sql: "UPDATE post SET hidden_at = ?, hidden_by = ? WHERE id = ?", arguments: [later, f.moderator.id, openPost])
            try db.execute(sql: "UPDATE user SET email = 'new@example.org' WHERE id = ?", arguments: [f.otherModerator.id])
            try db.execute(sql: """
                INSERT INTO session (user_id, token_hash, created_at, last_seen_at, expires_at) VALUES (?, 'h', ?, ?, ?)
                """, arguments: [f.admin.id, later, later, later.addingTimeInterval(86_400)])
        }
        let report = try await Self.deliver(app)
        // Then each message is dropped for its reason, and the others are sent
        #expect(report == MailService.Report(sent: 3, dropped: 7))
        let expected: [(Int64, OutboxMessage.Status, String)] = [
            (left, .dropped, MailGate.Reason.cannotSee), (hidden, .dropped, MailGate.Reason.cannotSee),
            (suspended, .dropped, MailGate.Reason.suspended), (unverified, .dropped, MailGate.Reason.unverified),
            (moved, .dropped, MailGate.Reason.addressChanged), (read, .dropped, MailGate.Reason.read),
            (active, .dropped, MailGate.Reason.active),
        ]
        for (id, status, reply) in expected {
            let row = try await app.outboxRow(id)
            #expect(row.status == status && row.lastReply == reply, "\(row.subject) \(row.lastReply)")
        }
        // …the author's about their own post too: the Guardian lets an author see their hidden post
        for id in [unread, visible, account] { #expect(try await app.outboxRow(id).status == .sent) }
        #expect(try await app.outboxRow(hidden).attempts == 0)
    }

    @Test("the daily cap: past it, a member's emails are dropped for 24 hours; account mail is never capped")
    func dailyCap() async throws {
        let app = try TestApp()
        let member = try await app.createUser(handle: "member")
        try await app.verifyEmail(member)
        for n in 1...3 { try await app.queue(TestMail.notification(to: member, object: "post:\(n)")) }
        try await app.queue(TestMail.account(to: member.email, userID: member.id))
        #expect(try await Self.deliver(app, dailyCap: 2) == MailService.Report(sent: 3, dropped: 1))
        let dropped = try await app.database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT dedupe_key || ' ' || last_reply FROM mail_outbox WHERE status = 'dropped'")
        }
        #expect(dropped == ["notification:reply/post:3 " + MailGate.Reason.cap(2)])
        // …and a day later there is room again
        app.clock.advance(by: 86_401)
        try await app.queue(TestMail.notification(to: member, object: "post:4"))
        #expect(try await Self.deliver(app, dailyCap: 2) == MailService.Report(sent: 1))
    }

    @Test("a message whose account was deleted is dropped; one not yet due waits")
    func goneAndNotDue() async throws {
        let app = try TestApp()
        let member = try await app.createUser(handle: "member")
        try await app.verifyEmail(member)
        var later = TestMail.notification(to: member, object: "later")
        later.notBefore = app.clock.now.addingTimeInterval(600)
        let waiting = try await app.queue(later)
        var orphan = TestMail.notification(to: member, object: "orphan")
        orphan.userID = nil
        let gone = try await app.queue(orphan)
        #expect(try await Self.deliver(app) == MailService.Report(dropped: 1))
        #expect(try await app.outboxRow(gone).lastReply == MailGate.Reason.noAccount)
        #expect(try await app.outboxRow(waiting).status == .queued)
        app.clock.advance(by: 600)
        #expect(try await Self.deliver(app) == MailService.Report(sent: 1))
    }
}
