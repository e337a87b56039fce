import Foundation
import GRDB
import Testing
@testable import Commonplace

/// What the notification fan-out queues by email: read from the `mail_outbox` rows (the delivery branch sends them).
@Suite("Notification emails")
struct NotificationEmailTests {
    @Test("a reply queues one email to the discussion's author: subject, the post in both parts, the button, the footer, threading and targets")
    func replyEmail() async throws {
        // Given a question by the author, whose address is verified
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author, f.member)
        let (discussion, _) = try await f.question()
        // When the member replies, and the fan-out runs
        let reply = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                                   body: .from("Ask the **privacy office** first."), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        // Then one email is queued for the author, and none for the member who acted
        let mails = try await f.app.queuedMail()
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        let notification = try #require(try await f.app.notifications(of: f.author).first)
        #expect(mail.userID == f.author.id && mail.to == "author@example.org")
        #expect(mail.kind == "notification:reply" && mail.dedupeKey == "notification:reply/notification:\(notification.id!)")
        #expect(mail.subject == "[Privacy] How do we disclose PHI to police?")
        #expect(mail.text.contains("Member replied to your discussion “How do we disclose PHI to police?”"))
        #expect(mail.text.contains("> Ask the **privacy office** first."))
        #expect(mail.html.contains("<blockquote><p>Ask the <strong>privacy office</strong> first.</p>\n</blockquote>")
                || mail.html.contains("<strong>privacy office</strong>"))
        let base = f.app.config.publicBaseURL
        #expect(mail.text.contains("Read the post: \(base)\(Paths.post(discussion, number: 2))"))
        #expect(mail.html.contains("href=\"\(base)\(Paths.post(discussion, number: 2))\""))
        let unsubscribe = try #require(mail.unsubscribeURL)
        #expect(unsubscribe.hasPrefix(base + "/unsubscribe/\(f.author.id!).reply."))
        #expect(mail.text.contains("You get this email because someone replied in a discussion you started in Privacy."))
        #expect(mail.text.contains("Turn off these emails: \(unsubscribe)"))
        #expect(mail.text.contains("Email settings: \(base)/settings/email"))
        // (one signature separator for the two footer lines)
        #expect(mail.text.components(separatedBy: "-- \n").count == 2)
        #expect(mail.threadKey == "discussion-\(discussion.id!)")
        #expect(mail.communityID == f.community.id && mail.discussionID == discussion.id && mail.postID == reply.id)
        #expect(mail.notificationID == notification.id)
        #expect(mail.skipIfActive)
        // …and it waits the quiet minutes
        #expect(mail.nextAttemptAt == f.app.clock.now.addingTimeInterval(Double(f.app.config.mail.quietMinutes * 60)))
        // And a second pass queues nothing more
        try await f.app.deliverNotifications()
        #expect(try await f.app.queuedMail().count == 1)
    }

    @Test("with 0 quiet minutes the email may go at once")
    func noQuietMinutes() async throws {
        let f = try await ForumFixture.make { $0.mail.quietMinutes = 0 }
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Hi"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.queuedMail().map(\.nextAttemptAt) == [f.app.clock.now])
    }

    @Test("the mode decides: 'never' and 'digest' queue no email (the notification is still written); 'immediately' does")
    func modes() async throws {
        // Given three verified members watching a discussion: one with watching emails at once, one never, one by default (digest)
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.deliverNotifications()
        let eager = try await f.addMember("eager"), quiet = try await f.addMember("quiet"), plain = try await f.addMember("plain")
        try await f.app.verifyEmail(eager, quiet, plain, f.author)
        for user in [eager, quiet, plain] {
            try await f.app.database.setWatch(userID: user.id!, target: .discussion, id: discussion.id!, level: .watching, now: f.app.clock.now)
        }
        f.app.clock.advance(by: 60)
        try await f.app.setEmailModes(eager, [.watching: .immediately])
        try await f.app.setEmailModes(quiet, [.watching: .never])
        try await f.app.setEmailModes(f.author, [.reply: .never])
        // When the member replies
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("News"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        // Then all four are notified in the site, and only the eager one gets an email
        for user in [eager, quiet, plain, f.author] {
            let kinds = try await f.app.notificationKinds(of: user)
            #expect(kinds == [user == f.author ? .reply : .watching], "\(user.handle): \(kinds)")
        }
        #expect(try await f.app.queuedMail().map(\.userID) == [eager.id])
        #expect(try await f.app.queuedMail().first?.kind == "notification:watching")
    }

    @Test("an unverified address gets no notification email")
    func unverified() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Hi"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.author).count == 1)
        #expect(try await f.app.queuedMail().isEmpty)
    }

    @Test("one email per post per recipient: mentioned, replied to, quoted and watching is one email; a later edit's mention adds none")
    func onePerPost() async throws {
        // Given the author of a question who watches it, mentioned and quoted in one reply
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author, f.moderator)
        let (discussion, _) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        let before = try await f.app.queuedMail(of: f.author).count
        try await f.app.database.setWatch(userID: f.author.id!, target: .discussion, id: discussion.id!, level: .watching, now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        let quoted = Markdown.quote("What does PHIPA allow?", author: "author", link: Paths.post(discussion, number: 1))
            + "@author what do you think?"
        let reply = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from(quoted), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        // Then the author gets one email for it, as a mention
        let mails = try await f.app.queuedMail(of: f.author).dropFirst(before)
        #expect(mails.map(\.kind) == ["notification:mention"])
        #expect(mails.map(\.postID) == [reply.id])
        // When the reply is edited to mention the moderator and the author again
        try await f.app.database.editPost(id: reply.id!, PostEdit(body: .from(quoted + " cc @moderator"), editorID: f.member.id!, now: f.app.clock.now))
        try await f.app.deliverNotifications()
        // Then the moderator gets one email, the author no second one
        #expect(try await f.app.queuedMail(of: f.author).count == before + 1)
        #expect(try await f.app.queuedMail(of: f.moderator).map(\.kind) == ["notification:mention"])
    }

    @Test("a hostile discussion title and post are escaped in the HTML part, the subject kept on one line")
    func hostileTitle() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question(title: "<script>alert(1)</script> & \"friends\"\nBcc: x@evil.example")
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from("<img src=x onerror=alert(2)> <b>bold</b>"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        let mail = try #require(try await f.app.queuedMail().first)
        #expect(!mail.html.contains("<script>"))
        #expect(!mail.html.contains("<img"))
        #expect(!mail.html.contains("onerror=alert"))
        #expect(mail.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"))
        #expect(!mail.subject.contains("\n"))
        #expect(mail.subject.hasPrefix("[Privacy] <script>alert(1)</script> & \"friends\""))
    }

    @Test("moderators' kinds email no one by default; a moderator who opts in gets one email per flagged target, not per flag")
    func moderatorOptIn() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.moderator, f.admin)
        let (discussion, posts) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        let flaggers = try await f.addFlaggers(["ann", "bob"])
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: posts[0].id,
                                                     flaggerId: flaggers[0].id!, reason: .spam, createdAt: f.app.clock.now))
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.moderator) == [.modFlag])
        #expect(try await f.app.queuedMail().isEmpty)
        // When the moderator opts in, and two more flags come
        try await f.app.setEmailModes(f.moderator, [.modFlag: .immediately])
        let second = try await f.addFlaggers(["cy"])[0]
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: posts[0].id,
                                                     flaggerId: second.id!, reason: .spam, createdAt: f.app.clock.now))
        try await f.app.deliverNotifications()
        // Then: the group was still unread, so the earlier (unemailed) notification is refreshed and no email goes…
        #expect(try await f.app.queuedMail(of: f.moderator).isEmpty)
        // …until they have read it: the next flag on it renews it, and one email goes
        _ = try await f.app.database.markNotificationsRead(userID: f.moderator.id!, now: f.app.clock.now)
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: posts[0].id,
                                                     flaggerId: flaggers[1].id!, reason: .spam, createdAt: f.app.clock.now))
        try await f.app.deliverNotifications()
        let mails = try await f.app.queuedMail(of: f.moderator)
        #expect(mails.map(\.kind) == ["notification:mod_flag"])
        #expect(mails.first?.text.contains("Open the flag queue: \(f.app.config.publicBaseURL)\(Paths.modFlags(f.community))") == true)
    }

    @Test("grouped helpful marks send one email for the group, not one per mark")
    func helpfulGrouped() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.member)
        try await f.app.setEmailModes(f.member, [.helpful: .immediately])
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        let markers = try await f.addFlaggers(["ann", "bob", "cy"])
        for marker in markers {
            try await f.app.database.setHelpful(.post(posts[0].id!), userID: marker.id!, marked: true, now: f.app.clock.now)
            try await f.app.deliverNotifications()
        }
        #expect(try await f.app.notifications(of: f.member).first?.count == 3)
        #expect(try await f.app.queuedMail(of: f.member).map(\.kind) == ["notification:helpful"])
    }

    @Test("a moderator who opts in to join requests by email gets one, linking to the requests; the applicant hears of the decision at once by default")
    func joinRequestEmails() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.moderator, f.outsider, f.admin)
        try await f.app.setEmailModes(f.moderator, [.modJoin: .immediately])
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.post(Paths.join(f.community), [("message", "I work in privacy.")]).status == .seeOther)
        }
        try await f.app.deliverNotifications()
        let mail = try #require(try await f.app.queuedMail(of: f.moderator).first)
        #expect(mail.kind == "notification:mod_join")
        #expect(mail.subject == "[Privacy] Outsider asked to join Privacy")
        #expect(mail.text.contains("See the join requests: \(f.app.config.publicBaseURL)\(Paths.joinRequests(f.community))"))
        #expect(mail.text.contains("You get this email because you moderate this community and chose these emails in Privacy."))
        #expect(mail.threadKey == nil && mail.postID == nil)
        let request = try #require(try await f.app.database.latestJoinRequest(communityID: f.community.id!, userID: f.outsider.id!))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let decided = try await browser.post(Paths.decideRequest(f.community, request.id!), [("decision", "approve"), ("reason", "")])
            #expect(decided.status == .seeOther)
        }
        try await f.app.deliverNotifications()
        let decision = try #require(try await f.app.queuedMail(of: f.outsider).first)
        #expect(decision.kind == "notification:join_decided")
        #expect(decision.text.contains("Your request to join Privacy was approved"))
        // Nobody else heard of it by email (the admin did not opt in)
        #expect(try await f.app.queuedMail(of: f.admin).isEmpty)
    }

    @Test("a notification of an event older than a day when fanned out (demo data, a long outage) is shown in the site only")
    func staleEvents() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Old news"), now: f.app.clock.now)
        f.app.clock.advance(by: NotificationMailing.defaultMaxEventAge + 60)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.author) == [.reply])
        #expect(try await f.app.queuedMail().isEmpty)
    }

    @Test("links in the quoted post (a mention, a quote's link back) are absolute in the HTML part")
    func absoluteLinks() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question()
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from("@author see [the rules](/about) and [elsewhere](//evil.example/x)"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        let html = try #require(try await f.app.queuedMail(of: f.author).first).html
        let base = f.app.config.publicBaseURL
        #expect(html.contains("href=\"\(base)/u/author\""))
        #expect(html.contains("href=\"\(base)/about\""))
        #expect(!html.contains("href=\"/u/") && !html.contains("href=\"/about"))
        #expect(!html.contains("\(base)//evil"))
    }
}
