import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Limits against storms: the mention cap, one notification per post, edits, never to oneself, and each member's settings.
@Suite("Notifications: limits and settings")
struct NotificationLimitTests {
    /// `count` members of the fixture's public community, `handle1` … `handleN`.
    static func members(_ f: ForumFixture, _ count: Int, prefix: String = "reader") async throws -> [User] {
        var users: [User] = []
        for n in 1...count { users.append(try await f.app.member("\(prefix)\(n)", of: f.community)) }
        return users
    }

    /// `n` approved posts by `user`, so they count as an established member.
    static func establish(_ f: ForumFixture, _ user: User, posts n: Int, in discussion: Discussion) async throws {
        for i in 0..<n {
            _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: user.id!, body: .from("Note \(i)"), now: f.app.clock.now)
        }
    }

    @Test("a post mentioning twelve members notifies the first ten (the named limit)")
    func mentionCap() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await Self.establish(f, f.member, posts: NotificationLimits().newMemberPosts, in: discussion)
        let readers = try await Self.members(f, 12)
        try await f.app.deliverNotifications()
        let before = try await f.app.notificationCount()
        let body = readers.map { "@\($0.handle)" }.joined(separator: " ")
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from(body), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(NotificationLimits().mentionsPerPost == 10)
        var notified: [String] = []
        for reader in readers where try await f.app.notificationKinds(of: reader) == [.mention] { notified.append(reader.handle) }
        #expect(notified == readers.prefix(10).map(\.handle))
        #expect(try await f.app.notificationCount() == before + 10 + 1, "ten mentions and the author's reply")
    }

    @Test("a member with fewer approved posts than the threshold notifies at most three mentions per post")
    func newMemberMentionCap() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let readers = try await Self.members(f, 6)
        let newcomer = try await f.app.member("newcomer", of: f.community)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: newcomer.id!,
                                           body: .from(readers.map { "@\($0.handle)" }.joined(separator: ", ")), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        var notified = 0
        for reader in readers where try await !f.app.notifications(of: reader).isEmpty { notified += 1 }
        #expect(notified == NotificationLimits().newMemberMentionsPerPost)
        #expect(notified == 3)
    }

    @Test("the limits are settings: a smaller cap is honoured")
    func configuredCap() async throws {
        let f = try await ForumFixture.make { $0.notificationLimits.mentionsPerPost = 2; $0.notificationLimits.newMemberPosts = 0 }
        let (discussion, _) = try await f.question()
        let readers = try await Self.members(f, 4)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from(readers.map { "@\($0.handle)" }.joined(separator: " ")), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        var notified = 0
        for reader in readers where try await !f.app.notifications(of: reader).isEmpty { notified += 1 }
        #expect(notified == 2)
    }

    @Test("mentioning oneself, replying in one's own discussion and quoting oneself notify no one")
    func neverToOneself() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let quoted = Markdown.quote("What does PHIPA allow?", author: "author", link: Paths.post(discussion, number: 1))
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.author.id!, body: .from(quoted + "Also, @author here."),
                                           now: f.app.clock.now)
        #expect(try await f.app.deliverNotifications() == 0)
        #expect(try await f.app.notificationCount() == 0)
    }

    @Test("editing a post to add a mention notifies only the newly mentioned, once; a mention added to a post already notified upgrades it")
    func editAddsMention() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let (ana, ben) = (try await f.app.member("ana", of: f.community), try await f.app.member("ben", of: f.community))
        let post = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Hello @ana"),
                                                  now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: ana) == [.mention])
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
        try await f.app.database.markNotificationsRead(userID: ana.id!, now: f.app.clock.now)
        // When the member edits the post to mention ben and the author as well
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let edited = try await browser.post(Paths.editPost(post.id!), [("body", "Hello @ana, @ben and @author")])
            #expect(edited.status == .seeOther)
        }
        try await f.app.deliverNotifications()
        // Then ben hears of it; ana does not again; the author's reply becomes an unread mention
        #expect(try await f.app.notificationKinds(of: ben) == [.mention])
        let anas = try await f.app.notifications(of: ana)
        #expect(anas.count == 1 && anas[0].readAt != nil)
        let authors = try await f.app.notifications(of: f.author)
        #expect(authors.map(\.kind) == [.mention])
        #expect(authors[0].readAt == nil)
        // And an edit with the same mentions notifies nobody
        let before = try await f.app.notificationCount()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.editPost(post.id!), [("body", "Hello again @ana, @ben and @author")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationCount() == before)
        #expect(try await f.app.notificationKinds(of: ben) == [.mention])
    }

    @Test("a member who turned mentions off hears of a reply to their discussion as a reply; with both off, nothing")
    func preferences() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get(Paths.settingsNotifications)
            #expect(page.status == .ok)
            #expect(page.body.contains("value=\"mention\" checked"))
            #expect(!page.body.contains("value=\"mod_flag\""), "moderators' kinds only for moderators")
            let kinds = NotificationKind.allCases.filter { !$0.isForModerators && $0 != .mention }.map { ("kinds[]", $0.rawValue) }
            #expect(try await browser.post(Paths.settingsNotifications, kinds).status == .seeOther)
            #expect(try await browser.get(Paths.settingsNotifications).body.contains("value=\"mention\">"))
        }
        #expect(try await f.app.database.disabledNotificationKinds(userID: f.author.id!) == [.mention])
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@author see this"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.settingsNotifications, [("kinds[]", "accepted")]).status == .seeOther)
        }
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("@author again"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
    }

    @Test("a moderator can turn off the moderators' kinds: a new flag then notifies nobody")
    func moderatorPreferences() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get(Paths.settingsNotifications)
            #expect(page.body.contains("In communities I moderate"))
            #expect(page.body.contains("value=\"mod_flag\" checked"))
            let kinds = NotificationKind.allCases.filter { $0 != .modFlag }.map { ("kinds[]", $0.rawValue) }
            #expect(try await browser.post(Paths.settingsNotifications, kinds).status == .seeOther)
        }
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, flaggerId: f.member.id!,
                                                     reason: .spam, createdAt: f.app.clock.now))
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.moderator).isEmpty)
    }

    @Test("the settings form refuses unknown kinds (400), moderators' kinds from a member (403) and a suspended account (403), writing nothing")
    func settingsRefusals() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            try await f.app.expectNoWrite {
                let unknown = try await browser.post(Paths.settingsNotifications, [("kinds[]", "everything")])
                #expect(unknown.status == .badRequest)
                #expect(unknown.body.contains("There is no kind of notification “everything”."))
                let moderators = try await browser.post(Paths.settingsNotifications, [("kinds[]", "mod_flag")])
                #expect(moderators.status == .forbidden)
                let noToken = try await browser.post(Paths.settingsNotifications, [("kinds[]", "mention")], csrf: "")
                #expect(noToken.status == .forbidden)
            }
            browser.clearCookies()
            try await f.app.startSession(for: f.suspended, in: browser)
            try await f.app.expectNoWrite {
                let suspended = try await browser.post(Paths.settingsNotifications, [("kinds[]", "mention")])
                #expect(suspended.status == .forbidden)
                #expect(suspended.body.contains("suspended"))
            }
            browser.clearCookies()
            try await f.app.expectNoWrite {
                let anonymous = try await browser.post(Paths.settingsNotifications, [("kinds[]", "mention")])
                #expect(anonymous.status == .seeOther || anonymous.status == .forbidden)
                #expect(try await browser.get(Paths.settingsNotifications).status == .seeOther)
                #expect(try await browser.get(Paths.notifications).status == .seeOther)
            }
        }
        #expect(try await f.app.database.disabledNotificationKinds(userID: f.member.id!).isEmpty)
    }
}
