import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Notifications from watching: every new post where one watches, new discussions where one watches them, and muting.
@Suite("Notifications: watching")
struct NotificationWatchingTests {
    @Test("a member watching a discussion hears of each new post, grouped in the list as “3 new posts in …”")
    func watchingDiscussion() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        f.app.clock.advance(by: 60)
        try await f.app.database.setWatch(userID: f.outsider.id!, target: .discussion, id: discussion.id!, level: .watching, now: f.app.clock.now)
        for n in 1...3 {
            f.app.clock.advance(by: 60)
            _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Answer \(n)"), now: f.app.clock.now)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.watching, .watching, .watching])
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("3 new posts in “How do we disclose PHI to police?”"))
            #expect(list.body.contains("href=\"\(Paths.post(discussion, number: 2))\""), "links to the first unread post")
            #expect(list.unreadBadge == "3")
        }
    }

    @Test("watching new discussions of a board notifies the first post of each new discussion, not its replies")
    func newDiscussions() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.setWatch(userID: f.outsider.id!, target: .board, id: f.board.id!, level: .newDiscussions, now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let created = try await browser.post(Paths.newDiscussion(f.community, f.board),
                                                 [("title", "Breach notification timelines"), ("kind", "question"), ("body", "How fast?")])
            #expect(created.status == .seeOther)
        }
        let discussion = try #require(try await f.app.database.reader.read { db in try Discussion.fetchOne(db) })
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Within 72 hours"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.newDiscussion])
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.notifications).body.contains("Author started “Breach notification timelines” in Privacy"))
        }
    }

    @Test("a muted discussion gives nothing, not even replies to one's own post, except direct mentions")
    func muted() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.database.setWatch(userID: f.author.id!, target: .discussion, id: discussion.id!, level: .muted, now: f.app.clock.now)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("A reply"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.author).isEmpty)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@author, this one is for you"),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author) == [.mention])
    }

    @Test("a muted community silences its discussions' new posts even for members watching its board; a discussion's own level wins")
    func mutedCommunity() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.database.setWatch(userID: f.outsider.id!, target: .community, id: f.community.id!, level: .muted, now: f.app.clock.now)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("One"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.outsider).isEmpty)
        try await f.app.database.setWatch(userID: f.outsider.id!, target: .discussion, id: discussion.id!, level: .watching, now: f.app.clock.now)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Two"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.watching])
    }

    @Test("watchers who may not see the discussion are not notified: a members-only community's watcher who left hears nothing")
    func watcherWhoLeft() async throws {
        let f = try await ForumFixture.make()
        let discussion = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.privateCommunity.id!, boardID: f.privateBoard.id!, kind: .conversation, title: "Incident response drills",
            authorID: f.author.id!, body: .from("How often?"), createdAt: f.app.clock.now))
        try await f.app.database.setWatch(userID: f.member.id!, target: .discussion, id: discussion.id!, level: .watching, now: f.app.clock.now)
        try await f.app.database.removeMember(communityID: f.privateCommunity.id!, userID: f.member.id!)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.moderator.id!, body: .from("Quarterly"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.member).isEmpty)
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
    }

    @Test("a discussion watched by 2,000 members: one notification each, in batches, and a second pass writes none")
    func largeAudience() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let now = f.app.clock.now
        try await f.app.database.writer.write { db in
            for n in 1...2000 {
                try db.execute(sql: """
                    INSERT INTO user (handle, email, display_name, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)
                    """, arguments: ["watcher\(n)", "watcher\(n)@example.org", "Watcher \(n)", now, now])
                let id = db.lastInsertedRowID
                try db.execute(sql: "INSERT INTO membership (community_id, user_id, role, created_at) VALUES (?, ?, 'member', ?)",
                               arguments: [f.community.id, id, now])
                try db.execute(sql: "INSERT INTO watch (user_id, target_type, target_id, level, updated_at) VALUES (?, 'discussion', ?, 'watching', ?)",
                               arguments: [id, discussion.id, now])
            }
        }
        try await f.app.deliverNotifications()
        let post = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("News"), now: now)
        #expect(try await f.app.deliverNotifications() == 2001, "2,000 watchers and the author")
        let rows = try await f.app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT user_id) FROM notification WHERE post_id = ?", arguments: [post.id])
        }
        #expect(rows == 2001)
        try await f.app.expectNoWrite {
            let written = try await f.app.deliverNotifications()
            #expect(written == 0)
        }
    }
}
