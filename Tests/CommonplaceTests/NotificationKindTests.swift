import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Each kind of notification, caused through HTTP as a member would, fanned out by the worker, and shown.
@Suite("Notifications: each kind")
struct NotificationKindTests {
    @Test("a reply mentioning two members notifies each of them once, the mention winning over the reply to the author's discussion")
    func mentionAndReply() async throws {
        // Given a question by the author
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        // When the member replies mentioning the author and the moderator
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.post(Paths.reply(discussion), [("body", "Thanks @author; @moderator may know more. @nobody-here")])
            #expect(posted.status == .seeOther)
        }
        #expect(try await f.app.eventKinds() == [.postCreated, .postCreated])
        #expect(try await f.app.deliverNotifications() == 2)
        // Then each hears of it once, as a mention; the member (who acted) hears nothing
        #expect(try await f.app.notificationKinds(of: f.author) == [.mention])
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.mention])
        #expect(try await f.app.notifications(of: f.member).isEmpty)
        // And a second pass writes nothing
        #expect(try await f.app.deliverNotifications() == 0)
        #expect(try await f.app.notificationCount() == 2)
    }

    @Test("a plain reply notifies the discussion's author (kind reply), shown in the header and the list with a link to the post")
    func replyShownAndReadByOpening() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Try the privacy office."),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let home = try await browser.get("/about")
            #expect(home.unreadBadge == "1")
            let list = try await browser.get(Paths.notifications)
            #expect(list.status == .ok)
            #expect(list.body.contains("Member replied to your discussion “How do we disclose PHI to police?”"))
            #expect(list.body.contains("href=\"\(Paths.post(discussion, number: 2))\""))
            #expect(list.body.contains("<span class=\"badge count\">New</span>"))
            // Opening the discussion marks it read
            #expect(try await browser.get(Paths.discussion(discussion)).status == .ok)
            #expect(try await browser.get("/about").unreadBadge == nil)
            let after = try await browser.get(Paths.notifications)
            #expect(!after.body.contains("<span class=\"badge count\">New</span>"))
            #expect(after.body.contains("Member replied to your discussion"))
        }
        #expect(try await f.app.notifications(of: f.author).allSatisfy { $0.readAt != nil })
    }

    @Test("quoting a post notifies its author (kind quote)")
    func quote() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.moderator.id!, body: .from("Ask the office first."),
                                           now: f.app.clock.now)
        try await f.app.deliverNotifications()
        let quoted = Markdown.quote("Ask the office first.", author: "moderator", link: Paths.post(discussion, number: 2))
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.reply(discussion), [("body", quoted + "Agreed.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.quote])
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply, .reply])
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.notifications).body.contains("Member quoted your post in “How do we disclose PHI to police?”"))
        }
    }

    @Test("accepting an answer notifies its author; clearing and accepting it again does not notify twice")
    func accepted() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.accept(discussion), [("post_id", String(posts[0].id!))]).status == .seeOther)
            #expect(try await browser.post(Paths.accept(discussion), [("post_id", "")]).status == .seeOther)
            #expect(try await browser.post(Paths.accept(discussion), [("post_id", String(posts[0].id!))]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.member) == [.accepted])
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("Your answer in “How do we disclose PHI to police?” was accepted"))
            #expect(list.body.contains("href=\"\(Paths.post(discussion, number: 2))\""))
        }
    }

    @Test("helpful marks on one post are grouped: “2 people found your post … helpful”")
    func helpfulGrouped() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            for email in ["author@example.org", "moderator@example.org"] {
                browser.clearCookies()
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.helpfulPost(posts[0].id!), [("helpful", "true")]).status == .seeOther)
                try await f.app.deliverNotifications()
            }
        }
        let notes = try await f.app.notifications(of: f.member)
        #expect(notes.map(\.kind) == [.helpful])
        #expect(notes.first?.count == 2)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.notifications).body.contains("2 people found your post in “How do we disclose PHI to police?” helpful"))
        }
    }

    @Test("asking a member to look at a question notifies them")
    func helpRequest() async throws {
        let f = try await ForumFixture.make()
        try await f.setExpertise(f.member, help: ["privacy"])
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.askForHelp(discussion), [("helper", "member"), ("message", "")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.member) == [.helpRequest])
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.notifications).body.contains("Author asked you to look at “How do we disclose PHI to police?”"))
        }
    }

    @Test("a join request notifies the moderators; the decision notifies the applicant, with the reason")
    func joinRequestAndDecision() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.post(Paths.join(f.community), [("message", "I work in privacy.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.modJoin])
        #expect(try await f.app.notifications(of: f.otherModerator).isEmpty)
        let request = try #require(try await f.app.database.latestJoinRequest(communityID: f.community.id!, userID: f.outsider.id!))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("Outsider asked to join Privacy"))
            #expect(list.body.contains("href=\"\(Paths.joinRequests(f.community))\""))
            let declined = try await browser.post(Paths.decideRequest(f.community, request.id!), [("decision", "decline"), ("reason", "Staff only, sorry.")])
            #expect(declined.status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.joinDecided])
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("Your request to join Privacy was declined"))
            #expect(list.body.contains("Reason: Staff only, sorry."))
            // Shown once as new, a line with nothing to open is read
            #expect(try await browser.get("/about").unreadBadge == nil)
        }
    }

    @Test("a flag notifies the moderators; resolving it by hiding notifies the flagger and the post's author, with the note")
    func flagRaisedAndResolved() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let opening = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 1))
        try await f.app.deliverNotifications()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.flagPost(opening.post.id!), [("reason", "spam"), ("note", "")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.modFlag])
        let flag = try #require(try await f.app.database.reader.read { db in try Flag.fetchOne(db) })
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.notifications).body.contains("Member flagged a post in “How do we disclose PHI to police?”"))
            let resolved = try await browser.post(Paths.resolveFlag(f.community, flag.id!), [("outcome", "hide"), ("note", "An advert.")])
            #expect(resolved.status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.member) == [.flagResolved])
        #expect(try await f.app.notificationKinds(of: f.author) == [.postHidden])
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("Your flag on post #1 in “How do we disclose PHI to police?” was resolved. A moderator hid it."))
            #expect(list.body.contains("Reason: An advert."))
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let own = try await browser.get(Paths.notifications)
            #expect(own.body.contains("A moderator hid your post in “How do we disclose PHI to police?”"))
            #expect(own.body.contains("Reason: An advert."))
        }
    }

    @Test("a moderator hiding a post notifies its author with the reason")
    func hidden() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let opening = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 1))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.hidePost(opening.post.id!), [("reason", "Names a patient.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        let notes = try await f.app.notifications(of: f.author)
        #expect(notes.map(\.kind) == [.postHidden])
        #expect(EventDetail.decode(notes[0].detail).reason == "Names a patient.")
    }

    @Test("a held post notifies its author and the moderators only; approval tells the author and fans it out as new")
    func heldThenApproved() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        try await f.app.holdFirstPosts(1, in: f.community)
        let newcomer = try await f.app.member("newcomer", of: f.community)
        try await f.app.run { browser in
            try await browser.signIn(email: "newcomer@example.org")
            #expect(try await browser.post(Paths.reply(discussion), [("body", "Hello @member, first post.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: newcomer) == [.postHeld])
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.modQueue])
        #expect(try await f.app.notifications(of: f.member).isEmpty, "nobody else hears of a held post")
        #expect(try await f.app.notifications(of: f.author).isEmpty)
        let held = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 2))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("A post by Newcomer in “How do we disclose PHI to police?” awaits approval"))
            #expect(try await browser.post(Paths.approvePost(f.community, held.post.id!), []).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: newcomer) == [.postApproved, .postHeld])
        #expect(try await f.app.notificationKinds(of: f.member) == [.mention])
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
    }

    @Test("a declined post notifies its author with the reason, and no one else")
    func heldThenDeclined() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        try await f.app.holdFirstPosts(1, in: f.community)
        let newcomer = try await f.app.member("newcomer", of: f.community)
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: newcomer.id!, body: .from("Buy now @member"),
                                           now: f.app.clock.now, holdFirst: 1)
        let held = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 2))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.declinePost(f.community, held.post.id!), [("reason", "Advertising.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: newcomer) == [.postDeclined, .postHeld])
        #expect(try await f.app.notifications(of: f.member).isEmpty)
        try await f.app.run { browser in
            try await browser.signIn(email: "newcomer@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("A moderator declined your post in “How do we disclose PHI to police?”"))
            #expect(list.body.contains("Reason: Advertising."))
        }
    }
}
