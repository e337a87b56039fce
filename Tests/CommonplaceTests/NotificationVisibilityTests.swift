import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Permissions at delivery and at display: a notification about something its recipient may not see (now) is neither
/// written, nor shown, nor counted; a mention of someone who cannot see the discussion notifies nobody and tells the author.
@Suite("Notifications: who may see them")
struct NotificationVisibilityTests {
    /// A discussion by the author in the members-only community, with a reply by the moderator mentioning the member.
    static func privateMention(_ f: ForumFixture) async throws -> Discussion {
        let discussion = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.privateCommunity.id!, boardID: f.privateBoard.id!, kind: .conversation, title: "Incident response drills",
            authorID: f.author.id!, body: .from("How often do you drill?"), createdAt: f.app.clock.now))
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.moderator.id!, body: .from("@member runs ours."),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        return discussion
    }

    /// The header's count and the list's lines for `email`, as a browser sees them.
    static func seen(_ f: ForumFixture, _ browser: Browser, as user: User) async throws -> (badge: String?, lines: Int) {
        browser.clearCookies()
        try await f.app.startSession(for: user, in: browser)
        let page = try await browser.get(Paths.notifications)
        #expect(page.status == .ok)
        return (page.unreadBadge, page.body.components(separatedBy: "<li class=\"card").count - 1)
    }

    @Test("a member who leaves a members-only community no longer sees or counts its notifications")
    func leftCommunity() async throws {
        let f = try await ForumFixture.make()
        _ = try await Self.privateMention(f)
        #expect(try await f.app.notificationKinds(of: f.member) == [.mention])
        try await f.app.run { browser in
            let before = try await Self.seen(f, browser, as: f.member)
            #expect(before.badge == "1" && before.lines == 1)
            #expect(try await browser.post(Paths.leave(f.privateCommunity), []).status == .seeOther)
            let after = try await Self.seen(f, browser, as: f.member)
            #expect(after.badge == nil && after.lines == 0)
        }
    }

    @Test("a notification about a post hidden since is neither shown nor counted; restoring the post shows it again")
    func hiddenPost() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let reply = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.moderator.id!, body: .from("@member look"),
                                                   now: f.app.clock.now)
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            #expect(try await Self.seen(f, browser, as: f.member).badge == "1")
            try await f.app.database.hidePost(id: reply.id!, moderatorID: f.moderator.id!, reason: "Off-topic", now: f.app.clock.now)
            let hidden = try await Self.seen(f, browser, as: f.member)
            #expect(hidden.badge == nil && hidden.lines == 0)
            try await f.app.database.restorePost(id: reply.id!, moderatorID: f.moderator.id!, now: f.app.clock.now)
            #expect(try await Self.seen(f, browser, as: f.member).badge == "1")
        }
    }

    @Test("a post hidden before the fan-out runs notifies nobody")
    func hiddenBeforeDelivery() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        let reply = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@moderator spam"),
                                                   now: f.app.clock.now)
        try await f.app.database.hidePost(id: reply.id!, moderatorID: f.moderator.id!, reason: "Spam", now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author).isEmpty)
        #expect(try await f.app.notificationKinds(of: f.moderator).isEmpty)
        #expect(try await f.app.notificationKinds(of: f.member) == [.postHidden])
    }

    @Test("a discussion moved into a members-only community hides its notifications from non-members")
    func movedDiscussion() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@outsider you asked about this"),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.mention], "a public discussion: the outsider may see it")
        try await f.app.run { browser in
            #expect(try await Self.seen(f, browser, as: f.outsider).badge == "1")
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let moved = try await browser.post(Paths.moveDiscussion(discussion), [("board", String(f.privateBoard.id!))])
            #expect(moved.status == .seeOther)
            let after = try await Self.seen(f, browser, as: f.outsider)
            #expect(after.badge == nil && after.lines == 0)
            // The author, a member there, still sees theirs
            #expect(try await Self.seen(f, browser, as: f.author).badge == "1")
        }
    }

    @Test("a suspended account gets no new notifications, and its old ones are neither shown nor counted")
    func suspended() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@suspended and @author"),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.suspended).isEmpty, "suspended at delivery: nothing written")
        try await f.app.run { browser in
            #expect(try await Self.seen(f, browser, as: f.author).badge == "1")
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET suspended_until = ? WHERE id = ?",
                               arguments: [f.app.clock.now.addingTimeInterval(86_400), f.author.id])
            }
            let after = try await Self.seen(f, browser, as: f.author)
            #expect(after.badge == nil && after.lines == 0)
        }
    }

    @Test("a mention of someone who cannot see the discussion notifies nobody and tells its author, and only its author")
    func unreachableMention() async throws {
        let f = try await ForumFixture.make()
        let discussion = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.privateCommunity.id!, boardID: f.privateBoard.id!, kind: .conversation, title: "Incident response drills",
            authorID: f.author.id!, body: .from("How often do you drill?"), createdAt: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.reply(discussion), [("body", "@outsider and @otherMod would know")]).status == .seeOther)
            // Seen before the mentions are delivered: no notice yet (and the page seen is not kept past the delivery)
            #expect(!(try await browser.get(Paths.discussion(discussion))).body.contains("cannot see this discussion"))
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.outsider).isEmpty)
        #expect(try await f.app.notifications(of: f.otherModerator).isEmpty)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let own = try await browser.get(Paths.discussion(discussion))
            #expect(own.body.contains("@othermod and @outsider cannot see this discussion, so were not notified of your mention."))
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let other = try await browser.get(Paths.discussion(discussion))
            #expect(other.status == .ok)
            #expect(!other.body.contains("cannot see this discussion"))
        }
    }

    @Test("opening a discussion with nothing to mark read writes nothing; with unread notifications about it, marks exactly those")
    func openingWritesOnlyWhenNeeded() async throws {
        let f = try await ForumFixture.make()
        let (first, _) = try await f.question()
        let (second, _) = try await f.question(title: "Retention of consent forms")
        for d in [first, second] {
            _ = try await f.app.database.reply(discussionID: d.id!, authorID: f.member.id!, body: .from("An answer"), now: f.app.clock.now)
        }
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get("/about").unreadBadge == "2")
            // The moderator's discussion: nothing to mark
            let (other, _) = try await f.question(title: "Privacy week ideas", kind: .conversation)
            try await f.app.deliverNotifications()
            _ = try await browser.get(Paths.discussion(other))
            try await f.app.expectNoWrite("a discussion without unread notifications") {
                let answer = try await browser.get(Paths.discussion(other)).status
                #expect(answer == .ok)
            }
            #expect(try await browser.get(Paths.discussion(first)).unreadBadge == "1")
            try await f.app.expectNoWrite("the same discussion, already read") {
                let answer = try await browser.get(Paths.discussion(first)).status
                #expect(answer == .ok)
            }
        }
        let notes = try await f.app.notifications(of: f.author)
        #expect(notes.filter { $0.readAt == nil }.map(\.discussionID) == [second.id])
    }

    @Test("mark all read clears the count; it needs the CSRF token and a signed-in member")
    func markAllRead() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@author hi"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await f.app.expectNoWrite("anonymous") {
                let answer = try await browser.post(Paths.notificationsReadAll, []).status
                #expect(answer == .seeOther || answer == .forbidden)
            }
            try await browser.signIn(email: "author@example.org")
            try await f.app.expectNoWrite("without a token") {
                let answer = try await browser.post(Paths.notificationsReadAll, [], csrf: "").status
                #expect(answer == .forbidden)
            }
            #expect(try await browser.get(Paths.notifications).body.contains("Mark all read"))
            let done = try await browser.post(Paths.notificationsReadAll, [])
            #expect(done.status == .seeOther)
            #expect(done.location == Paths.notifications + "?notice=all-read")
            let page = try await browser.get(done.location!)
            #expect(page.unreadBadge == nil)
            #expect(page.body.contains("Every notification is marked read."))
            #expect(!page.body.contains("Mark all read"))
        }
    }

    @Test("the list pages its groups (25 a page) and groups several new posts in one discussion, linking to the first unread")
    func groupingAndPages() async throws {
        let f = try await ForumFixture.make()
        let (busy, _) = try await f.question(title: "A busy discussion")
        for n in 1...4 {
            f.app.clock.advance(by: 60)
            _ = try await f.app.database.reply(discussionID: busy.id!, authorID: f.member.id!, body: .from("Answer \(n)"), now: f.app.clock.now)
        }
        for n in 1...26 {
            f.app.clock.advance(by: 60)
            let (d, _) = try await f.question(title: "Question number \(n)")
            _ = try await f.app.database.reply(discussionID: d.id!, authorID: f.member.id!, body: .from("Answer"), now: f.app.clock.now)
        }
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let first = try await browser.get(Paths.notifications)
            #expect(first.body.components(separatedBy: "<li class=\"card").count - 1 == 25)
            #expect(first.body.contains("Page 1 of 2"))
            #expect(first.unreadBadge == "30")
            let second = try await browser.get(Paths.notifications(page: 2))
            #expect(second.body.contains("4 new posts in “A busy discussion”"))
            #expect(second.body.contains("href=\"\(Paths.post(busy, number: 2))\""))
            #expect(try await browser.get(Paths.notifications(page: 3)).status == .notFound)
            #expect(try await browser.get(Paths.notifications + "?page=0").status == .badRequest)
        }
    }
}
