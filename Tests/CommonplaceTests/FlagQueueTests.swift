import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Flags: the moderators' queue")
struct FlagQueueTests {
    /// A reply by member, flagged by author (spam) and moderator (private data).
    private func flaggedReply(_ f: ForumFixture, body: String = "Reply with zanzibarword") async throws -> (Discussion, Post, [Flag]) {
        let (discussion, _) = try await f.question()
        let post = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from(body), now: f.app.clock.now)
        var flags: [Flag] = []
        for (user, reason, note) in [(f.author, Flag.Reason.spam, "Selling something"), (f.moderator, .privateData, "")] {
            _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: post.id,
                                                         flaggerId: user.id!, reason: reason, note: note, createdAt: f.app.clock.now))
            f.app.clock.advance(by: 60)
        }
        flags = try await f.app.database.reader.read { db in try Flag.order(Column("id")).fetchAll(db) }
        return (discussion, post, flags)
    }

    @Test("an empty queue says so")
    func emptyQueue() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get(Paths.modFlags(f.community))
            #expect(page.status == .ok)
            #expect(page.body.contains("No open flags."))
        }
        #expect(try await f.app.database.openFlagCount(communityID: f.community.id!) == 0)
    }

    @Test("the queue groups a post's flags: target, escaped excerpt, author, how many flagged, each reason, note and flagger, one resolve form")
    func groupedQueue() async throws {
        let f = try await ForumFixture.make()
        let (discussion, post, flags) = try await flaggedReply(f, body: "Tom & Jerry <b>bold</b> and **PHIPA** zanzibarword")
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get(Paths.modFlags(f.community))
            #expect(page.status == .ok)
            #expect(page.body.contains("href=\"\(Paths.post(discussion, number: 2))\""))
            #expect(page.body.contains("Tom &amp; Jerry"))
            #expect(page.body.contains("PHIPA zanzibarword"))
            #expect(!page.body.contains("<b>bold"))
            #expect(page.body.contains("2 members flagged this"))
            #expect(page.body.contains(Flag.Reason.spam.label))
            #expect(page.body.contains(Flag.Reason.privateData.label))
            #expect(page.body.contains("Selling something"))
            #expect(page.body.contains(">Author</a>") && page.body.contains(">Moderator</a>") && page.body.contains(">Member</a>"))
            #expect(page.body.contains("action=\"\(Paths.resolveFlag(f.community, flags[0].id!))\""))
            #expect(!page.body.contains(Paths.resolveFlag(f.community, flags[1].id!) + "\""))
            #expect(page.body.contains("href=\"\(Paths.editPost(post.id!))\""))
        }
        #expect(try await f.app.database.openFlagCount(communityID: f.community.id!) == 1)
    }

    @Test("hide resolves every open flag on the post at once, hides it with the note, logs once; the flaggers see the outcome and note")
    func resolveHide() async throws {
        let f = try await ForumFixture.make()
        let (discussion, post, flags) = try await flaggedReply(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let r = try await browser.post(Paths.resolveFlag(f.community, flags[1].id!), [("outcome", "hide"), ("note", "Removed the client's details")])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.modFlags(f.community) + "?notice=resolved")
            let queue = try await browser.get(Paths.modFlags(f.community) + "?notice=resolved")
            #expect(queue.body.contains("No open flags."))
            #expect(queue.body.contains("Recently resolved"))
            #expect(queue.body.contains("Removed the client&#39;s details"))
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.resolveFlag(f.community, flags[0].id!), [("outcome", "dismiss"), ("note", "x")]) }
            #expect(refused1.status == .conflict)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let mine = try await browser.get(Paths.myFlags)
            #expect(mine.body.contains("A moderator hid it"))
            #expect(mine.body.contains("The moderator wrote: Removed the client&#39;s details"))
            #expect(!mine.body.contains("href=\"\(Paths.post(discussion, number: 2))\""), "no link to a post they can no longer see")
        }
        let resolved = try await f.app.database.reader.read { db in try Flag.fetchAll(db) }
        #expect(resolved.allSatisfy { $0.status == .hidden && $0.resolvedBy == f.moderator.id && $0.resolutionNote == "Removed the client's details" })
        let hidden = try #require(try await f.app.database.post(id: post.id!))
        #expect(hidden.isHidden && hidden.hiddenBy == f.moderator.id && hidden.hiddenReason == "Removed the client's details")
        let log = try await f.flagLog(.resolveFlag)
        #expect(log.count == 1)
        #expect(log.first?.reason == "hide: Removed the client's details" && log.first?.targetType == .post && log.first?.targetId == post.id)
        #expect(try await f.flagRowCount("moderation_action") == 1)
    }

    @Test("dismissing the flags on an automatically hidden post shows it again and returns it to search; one log row")
    func dismissRestores() async throws {
        let f = try await ForumFixture.make()
        try await f.setFlagHideThreshold(2)
        let (discussion, post, flags) = try await flaggedReply(f)
        #expect(try await f.app.database.post(id: post.id!)?.isHidden == true)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let queue = try await browser.get(Paths.modFlags(f.community))
            #expect(queue.body.contains("Hidden automatically"))
            #expect(queue.body.contains("zanzibarword"), "moderators see the hidden text")
            let r = try await browser.post(Paths.resolveFlag(f.community, flags[0].id!), [("outcome", "dismiss"), ("note", "It is a fair question")])
            #expect(r.status == .seeOther)
            browser.clearCookies()
            #expect(try await browser.get(Paths.discussion(discussion)).body.contains("zanzibarword"))
            #expect(try await browser.searchHitIDs("zanzibarword") == [Int(discussion.id!)])
            try await browser.signIn(email: "author@example.org")
            let mine = try await browser.get(Paths.myFlags)
            #expect(mine.body.contains("A moderator reviewed it and left it as it was"))
            #expect(mine.body.contains("It is a fair question"))
        }
        #expect(try await f.app.database.post(id: post.id!)?.isHidden == false)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 1)
        #expect(try await f.flagLog(.resolveFlag).count == 1)
        #expect(try await f.flagRowCount("moderation_action") == 2, "the automatic hide and the resolution")
        // A dismissed flag no longer blocks flagging again.
        #expect(try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: post.id,
                                                         flaggerId: f.author.id!, reason: .spam, createdAt: f.app.clock.now)) == .recorded)
    }

    @Test("hide on an automatically hidden post keeps it hidden on the moderator's word; edited records the edit")
    func hideAutoHiddenAndEdited() async throws {
        let f = try await ForumFixture.make()
        try await f.setFlagHideThreshold(2)
        let (_, post, flags) = try await flaggedReply(f)
        let (discussion, _) = try await f.question(title: "Another question")
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, flaggerId: f.member.id!,
                                                     reason: .offTopic, createdAt: f.app.clock.now))
        let discussionFlag = try #require(try await f.app.database.reader.read { db in try Flag.filter(Column("post_id") == nil).fetchOne(db) })
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.resolveFlag(f.community, flags[0].id!), [("outcome", "hide"), ("note", "Spam")]).status == .seeOther)
            #expect(try await browser.post(Paths.resolveFlag(f.community, discussionFlag.id!), [("outcome", "edited"), ("note", "Retitled it")]).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.myFlags).body.contains("A moderator edited it"))
        }
        let hidden = try #require(try await f.app.database.post(id: post.id!))
        #expect(hidden.isHidden && hidden.hiddenBy == f.moderator.id && hidden.hiddenReason == "Spam")
        #expect(try await f.app.database.reader.read { db in try Flag.fetchOne(db, key: discussionFlag.id!) }?.status == .edited)
        let log = try await f.flagLog(.resolveFlag)
        #expect(log.map(\.reason) == ["hide: Spam", "edited: Retitled it"])
        #expect(log.last?.targetType == .discussion && log.last?.targetId == discussion.id)
    }

    @Test("resolving is refused: member 403, another community's moderator 403 (404 on a members-only one), anonymous to sign-in, another community's flag 404, bad input 400; nothing written")
    func resolveRefusals() async throws {
        let f = try await ForumFixture.make()
        let (_, _, flags) = try await flaggedReply(f)
        let (secret, _) = try await f.question(title: "Pen-test findings", in: f.privateBoard)
        _ = try await f.app.database.createFlag(Flag(communityId: f.privateCommunity.id!, discussionId: secret.id!, flaggerId: f.member.id!,
                                                     reason: .spam, createdAt: f.app.clock.now))
        let secretFlag = try #require(try await f.app.database.reader.read { db in try Flag.filter(Column("discussion_id") == secret.id!).fetchOne(db) })
        let action = Paths.resolveFlag(f.community, flags[0].id!)
        let fields = [("outcome", "hide"), ("note", "Spam")]
        try await f.app.run { browser in
            let refused1 = try await f.app.expectNoWrite { try await browser.post(action, fields) }
            #expect(refused1.status == .forbidden, "a POST without an account is refused")
            #expect(try await browser.get(Paths.modFlags(f.community)).location?.hasPrefix(Paths.signIn) == true)

            try await browser.signIn(email: "member@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(action, fields) }
            #expect(refused2.status == .forbidden)
            #expect(try await browser.get(Paths.modFlags(f.community)).status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "othermod@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post(action, fields) }
            #expect(refused3.status == .forbidden)
            #expect(try await browser.get(Paths.modFlags(f.community)).status == .forbidden)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.resolveFlag(f.privateCommunity, secretFlag.id!), fields) }
            #expect(refused4.status == .notFound)
            #expect(try await browser.get(Paths.modFlags(f.privateCommunity)).status == .notFound)
            browser.clearCookies()

            try await browser.signIn(email: "moderator@example.org")
            let refused5 = try await f.app.expectNoWrite { try await browser.post(Paths.resolveFlag(f.community, secretFlag.id!), fields) }
            #expect(refused5.status == .notFound)
            let refused6 = try await f.app.expectNoWrite { try await browser.post(Paths.resolveFlag(f.community, 999_999), fields) }
            #expect(refused6.status == .notFound)
            let noNote = try await f.app.expectNoWrite { try await browser.post(action, [("outcome", "hide"), ("note", " ")]) }
            #expect(noNote.status == .badRequest)
            #expect(noNote.body.contains("Write a short note"))
            #expect(noNote.body.contains("2 members flagged this"), "the queue is shown again")
            let badOutcome = try await f.app.expectNoWrite { try await browser.post(action, [("outcome", "delete"), ("note", "Kept text")]) }
            #expect(badOutcome.status == .badRequest)
            #expect(badOutcome.body.contains("Choose an outcome"))
            #expect(badOutcome.body.contains("Kept text</textarea>"))
            let long = try await f.app.expectNoWrite { try await browser.post(action, [("outcome", "hide"), ("note", String(repeating: "x", count: Flag.maxNoteLength + 1))]) }
            #expect(long.status == .badRequest)
        }
        #expect(try await f.flagRowCount("moderation_action") == 0)
        #expect(try await f.flagRowCount("flag", where: "status = 'open'") == 3)
        #expect(try await f.app.database.post(id: flags[0].postId!)?.isHidden == false)
    }

    @Test("the moderator of a members-only community reviews its flags")
    func privateQueue() async throws {
        let f = try await ForumFixture.make()
        let (secret, _) = try await f.question(title: "Pen-test findings", in: f.privateBoard)
        _ = try await f.app.database.createFlag(Flag(communityId: f.privateCommunity.id!, discussionId: secret.id!, flaggerId: f.member.id!,
                                                     reason: .spam, createdAt: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get(Paths.modFlags(f.privateCommunity))
            #expect(page.status == .ok)
            #expect(page.body.contains("Pen-test findings"))
            #expect(!(try await browser.get(Paths.modFlags(f.community)).body.contains("Pen-test findings")))
        }
    }
}

@Suite("Posts: the moderation log")
struct PostModerationLogTests {
    @Test("hiding, restoring and a moderator's edit of someone else's post each write one log row; an author's own edit writes none")
    func postActionsLogged() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        let id = posts[0].id!
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.editPost(id), [("body", "My own correction")]).status == .seeOther)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.hidePost(id), [("reason", "x")]) }
            #expect(refused1.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.hidePost(id), [("reason", "x")]) }
            #expect(refused2.status == .forbidden)
            let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.editPost(id), [("body", "Hijacked")]) }
            #expect(refused3.status == .forbidden)
            browser.clearCookies()
            #expect(try await f.flagRowCount("moderation_action") == 0)

            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.hidePost(id), [("reason", "Names a client")]).status == .seeOther)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.hidePost(id), [("reason", "Again")]) }
            #expect(refused4.status == .conflict)
            #expect(try await browser.post(Paths.restorePost(id), []).status == .seeOther)
            let refused5 = try await f.app.expectNoWrite { try await browser.post(Paths.restorePost(id), []) }
            #expect(refused5.status == .conflict)
            #expect(try await browser.post(Paths.editPost(id), [("body", "Tidied by a moderator")]).status == .seeOther)
        }
        let log = try await f.app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
        #expect(log.map(\.action) == [.hidePost, .restorePost, .editPost])
        #expect(log.allSatisfy { $0.actorId == f.moderator.id && $0.targetId == id && $0.communityId == f.community.id && $0.targetType == .post })
        #expect(log.first?.reason == "Names a client")
        #expect(log.first?.targetLabel.hasPrefix("Post #2 in") == true)
    }
}
