import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The fan-out worker: events recorded with their cause, delivered after a restart, never twice, in batches, and woken
/// by the commit that recorded them.
@Suite("Notifications: the fan-out worker")
struct NotificationFanOutTests {
    static func temporaryPath() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-fanout-\(UUID().uuidString)")
        return folder.appendingPathComponent("forum.sqlite").path
    }

    @Test("events are recorded in the transaction of their cause: a refused reply records none")
    func recordedWithCause() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.database.setLocked(discussionID: discussion.id!, locked: true, reason: "Done",
                                           by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        let before = try await f.app.eventKinds()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            try await f.app.expectNoWrite("a reply to a locked discussion") {
                let answer = try await browser.post(Paths.reply(discussion), [("body", "@author hello")]).status
                #expect(answer == .forbidden)
            }
        }
        #expect(try await f.app.eventKinds() == before)
    }

    @Test("events written and not yet fanned out are delivered by a fresh app on the same database; running twice writes nothing twice")
    func restartWithPendingEvents() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        // Given a server that recorded replies and stopped before its fan-out ran
        do {
            let first = try TestApp(database: AppDatabase.open(path: path))
            let author = try await first.createUser(handle: "author")
            let member = try await first.createUser(handle: "member")
            let now = first.clock.now
            let community = try await first.database.createCommunity(Community(
                slug: "privacy", name: "Privacy", summary: "About privacy.", description: "All about privacy.",
                visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now))
            let board = try await first.database.createBoard(Board(communityId: community.id!, slug: "q", name: "Q", position: 0, createdAt: now))
            for user in [author, member] { try await first.database.addMember(communityID: community.id!, userID: user.id!, now: now) }
            let discussion = try await first.database.createDiscussion(NewDiscussion(
                communityID: community.id!, boardID: board.id!, kind: .question, title: "Retention periods", authorID: author.id!,
                body: .from("How long?"), createdAt: now))
            try await first.run { browser in
                try await browser.signIn(email: "member@example.org")
                #expect(try await browser.post(Paths.reply(discussion), [("body", "Seven years, @author.")]).status == .seeOther)
            }
            #expect(try await first.database.pendingEventCount() == 2)
            #expect(try await first.notificationCount() == 0)
            try (first.database.writer as? DatabasePool)?.close()
        }
        // When a fresh app opens the same file and its worker runs
        let second = try TestApp(database: AppDatabase.open(path: path))
        #expect(try await second.database.pendingEventCount() == 2)
        #expect(try await second.deliverNotifications() == 1)
        // Then the author has their notification, and nothing is pending
        let author = try #require(try await second.database.user(handle: "author"))
        #expect(try await second.notificationKinds(of: author) == [.mention])
        #expect(try await second.database.pendingEventCount() == 0)
        // And running again (or replaying an event already delivered) writes nothing twice
        try await second.expectNoWrite("a second pass") {
            let answer = try await second.deliverNotifications()
            #expect(answer == 0)
        }
        try await second.database.writer.write { db in try db.execute(sql: "UPDATE event SET fanned_out_at = NULL") }
        try await second.deliverNotifications()
        #expect(try await second.notificationCount() == 1)
    }

    @Test("a large audience is written in batches of the configured size, and the event is done only with the last one")
    func batches() async throws {
        let f = try await ForumFixture.make { $0.notificationLimits.batchSize = 2; $0.notificationLimits.mentionsPerPost = 50 }
        let (discussion, _) = try await f.question()
        try await NotificationLimitTests.establish(f, f.member, posts: 5, in: discussion)
        try await f.app.deliverNotifications()
        let readers = try await NotificationLimitTests.members(f, 5)
        let before = try await f.app.notificationCount()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from(readers.map { "@\($0.handle)" }.joined(separator: " ")), now: f.app.clock.now)
        let event = try #require(try await f.app.database.pendingEvents(limit: 1).first)
        // A crash after the first batch: two rows written, the event still pending
        let plan = try await f.app.database.reader.read { db in
            var planner = FanOutPlanner(db, event: event, limits: f.app.config.notificationLimits, now: f.app.clock.now)
            return try planner.plan()
        }
        #expect(plan.deliveries.count == 6, "five mentions and the author's reply")
        let firstBatch = Array(plan.deliveries.prefix(2))
        try await f.app.database.writer.write { db in
            for delivery in firstBatch { try AppDatabase.insert(db, delivery, eventID: event.id!, createdAt: event.createdAt) }
        }
        #expect(try await f.app.database.pendingEventCount() == 1)
        // The retry completes it without duplicating the first batch
        #expect(try await f.app.deliverNotifications() == 6)
        #expect(try await f.app.notificationCount() == before + 6)
        #expect(try await f.app.database.pendingEventCount() == 0)
    }

    @Test("a late pass does not tell of a post someone replied after, nor count a watch chosen after the post; mentions stay")
    func latePass() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        // Given a reply mentioning the moderator, fanned out only after the moderator replied and the outsider began to watch
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Hi @moderator"),
                                           now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        try await f.app.database.setWatch(userID: f.outsider.id!, target: .discussion, id: discussion.id!, level: .watching,
                                          now: f.app.clock.now)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.author.id!, body: .from("Thanks"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        // Then the author (who replied since) hears nothing of the first reply, the outsider hears only of the second,
        // the moderator still of the mention, and the member (watching since their reply) of the author's
        #expect(try await f.app.notificationKinds(of: f.author).isEmpty)
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.watching])
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.mention])
        #expect(try await f.app.notificationKinds(of: f.member) == [.watching])
    }

    @Test("the service wakes on the commit that records an event and fans it out, with no timer")
    func serviceWakesOnCommit() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let service = NotificationFanOut(database: f.app.database, limits: f.app.config.notificationLimits, clock: f.app.clock.appClock,
                                         interval: nil)
        let running = Task { try await service.run() }
        defer { running.cancel() }
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Hello"), now: f.app.clock.now)
        var delivered: [NotificationKind] = []
        for _ in 0..<200 where delivered.isEmpty {
            try await Task.sleep(for: .milliseconds(25))
            delivered = try await f.app.notificationKinds(of: f.author)
        }
        #expect(delivered == [.reply])
        #expect(try await f.app.database.pendingEventCount() == 0)
    }

    @Test("every write that records an event records the kind the worker expects")
    func eventKinds() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        let now = f.app.clock.now
        try await f.app.database.setAcceptedAnswer(discussionID: discussion.id!, postID: posts[0].id!)
        try await f.app.database.setHelpful(.post(posts[0].id!), userID: f.author.id!, marked: true, now: now)
        try await f.app.database.editPost(id: posts[0].id!, PostEdit(body: .from("Edited, @author"), editorID: f.member.id!, now: now))
        try await f.app.database.editPost(id: posts[0].id!, PostEdit(body: .from("Edited again, no mention"), editorID: f.member.id!, now: now))
        try await f.app.database.hidePost(id: posts[0].id!, moderatorID: f.moderator.id!, reason: "No", now: now)
        #expect(try await f.app.eventKinds() == [.postCreated, .postCreated, .answerAccepted, .helpfulMarked, .postEdited, .postHidden])
        try await f.app.deliverNotifications()
        #expect(try await f.app.database.pendingEventCount() == 0)
    }
}
