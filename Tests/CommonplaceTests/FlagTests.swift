import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Rows in a table (optionally matching a condition), to check what a request wrote.
private func count(_ f: ForumFixture, _ table: String, where condition: String = "1") async throws -> Int {
    try await f.app.database.reader.read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0
    }
}

/// The moderation log's rows of one kind.
private func logged(_ f: ForumFixture, _ kind: ModerationAction.Kind) async throws -> [ModerationAction] {
    try await f.app.database.reader.read { db in
        try ModerationAction.filter(Column("action") == kind.rawValue).order(Column("id")).fetchAll(db)
    }
}

/// More members of the public community, to reach a flag threshold.
private func extraMembers(_ f: ForumFixture, _ handles: [String]) async throws -> [User] {
    var users: [User] = []
    for handle in handles {
        let user = try await f.app.createUser(handle: handle)
        try await f.app.database.addMember(communityID: f.community.id!, userID: user.id!, now: f.app.clock.now)
        users.append(user)
    }
    return users
}

private func setThreshold(_ f: ForumFixture, _ threshold: Int) async throws {
    try await f.app.database.writer.write { db in
        try db.execute(sql: "UPDATE community SET flag_hide_threshold = ? WHERE id = ?", arguments: [threshold, f.community.id])
    }
}

/// The discussion ids `/search?q=` finds, as JSON, for the signed-in visitor.
private func searchHits(_ browser: Browser, _ word: String) async throws -> [Int] {
    let response = try await browser.get("/search?q=\(word)", headers: [.accept: "application/json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
    return (object["results"] as? [[String: Any]] ?? []).compactMap { $0["discussion_id"] as? Int }
}

@Suite("Flags: flagging")
struct FlagTests {
    @Test("a member flags a reply with a reason; their flags page shows it waiting; nothing is logged yet")
    func flagAPost() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let form = try await browser.get(Paths.flagPost(posts[0].id!))
            #expect(form.status == .ok)
            #expect(form.body.contains("Flag post #2"))
            #expect(form.body.contains(discussion.title))
            #expect(form.body.contains("Reply 1"))
            for reason in Flag.Reason.allCases { #expect(form.body.contains("value=\"\(reason.rawValue)\"")) }
            #expect(form.body.contains("Contains personal health information or other private data"))
            let r = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "private_data"), ("note", "It names a client.")])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.myFlags + "?notice=flagged")
            let mine = try await browser.get(Paths.myFlags + "?notice=flagged")
            #expect(mine.body.contains("your flag was sent"))
            #expect(mine.body.contains("Post #2 in"))
            #expect(mine.body.contains("Waiting for a moderator"))
            #expect(mine.body.contains("It names a client."))
            #expect(mine.body.contains("href=\"\(Paths.post(discussion, number: 2))\""))
        }
        let flags = try await f.app.database.reader.read { db in try Flag.fetchAll(db) }
        #expect(flags.count == 1)
        #expect(flags.first?.postId == posts[0].id && flags.first?.reason == .privateData && flags.first?.flaggerId == f.author.id)
        #expect(try await count(f, "moderation_action") == 0)
        #expect(try await f.app.database.openFlagCount(communityID: f.community.id!) == 1)
    }

    @Test("a member flags a discussion as a whole; the flag has no post")
    func flagADiscussion() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let form = try await browser.get(Paths.flagDiscussion(discussion))
            #expect(form.status == .ok)
            #expect(form.body.contains("Flag this discussion"))
            #expect(form.body.contains("What does PHIPA allow?"))
            let r = try await browser.post(Paths.flagDiscussion(discussion), [("reason", "off_topic"), ("note", "")])
            #expect(r.status == .seeOther)
            #expect(try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]).status == .conflict)
        }
        let flag = try #require(try await f.app.database.reader.read { db in try Flag.fetchOne(db) })
        #expect(flag.postId == nil && flag.discussionId == discussion.id && flag.reason == .offTopic)
    }

    @Test("flagging is refused: own post 403, non-member 403, another community's moderator 403, suspended 403, members-only community 404, anonymous to sign-in")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        let (secret, _) = try await f.question(title: "Pen-test findings", in: f.privateBoard)
        let secretOpening = try #require(try await f.app.database.post(discussionID: secret.id!, number: 1)).post
        try await f.app.run { browser in
            let anonymous = try await browser.get(Paths.flagPost(posts[0].id!))
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix(Paths.signIn) == true)
            #expect(try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")]).status == .forbidden, "a POST without an account is refused")

            try await browser.signIn(email: "member@example.org")
            let own = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")])
            #expect(own.status == .forbidden)
            #expect(own.body.contains("You cannot flag your own post."))
            #expect(try await browser.get(Paths.flagPost(posts[0].id!)).status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]).status == .forbidden)
            browser.clearCookies()

            for email in ["outsider@example.org", "othermod@example.org", "suspended@example.org"] {
                try await browser.signIn(email: email)
                let r = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")])
                #expect(r.status == .forbidden, "\(email)")
                #expect(try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]).status == .forbidden, "\(email)")
                browser.clearCookies()
            }
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.flagPost(secretOpening.id!)).status == .notFound)
            #expect(try await browser.post(Paths.flagPost(secretOpening.id!), [("reason", "spam")]).status == .notFound)
            #expect(try await browser.post(Paths.flagDiscussion(secret), [("reason", "spam")]).status == .notFound)
            #expect(try await browser.post("/p/999999/flag", [("reason", "spam")]).status == .notFound)
        }
        #expect(try await count(f, "flag") == 0)
        #expect(try await count(f, "moderation_action") == 0)
    }

    @Test("an unknown reason, a missing note for “other” and an overlong note are refused (400) with the form shown again")
    func validation() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let unknown = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "boring"), ("note", "Kept note")])
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("Choose what is wrong with this post."))
            #expect(unknown.body.contains("Kept note</textarea>"))
            let missing = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "other"), ("note", "  ")])
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("the moderators need it"))
            #expect(missing.body.contains("value=\"other\" required checked"))
            let long = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam"), ("note", String(repeating: "x", count: Flag.maxNoteLength + 1))])
            #expect(long.status == .badRequest)
            #expect(long.body.contains("at most \(Flag.maxNoteLength) characters"))
            #expect(try await browser.post(Paths.flagPost(posts[0].id!), [("note", "no reason")]).status == .badRequest)
        }
        #expect(try await count(f, "flag") == 0)
    }

    @Test("flagging the same post twice while the flag is open is a conflict (409); a hidden or deleted post cannot be flagged (409)")
    func conflicts() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 3)
        try await f.app.database.hidePost(id: posts[1].id!, moderatorID: f.moderator.id!, reason: "Off-topic", now: f.app.clock.now)
        try await f.app.database.deletePost(id: posts[2].id!, now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")]).status == .seeOther)
            let twice = try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "disrespectful")])
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("already flagged this post"))
            #expect(try await browser.get(Paths.flagPost(posts[0].id!)).status == .conflict)
            #expect(try await browser.post(Paths.flagPost(posts[1].id!), [("reason", "spam")]).status == .conflict)
            #expect(try await browser.post(Paths.flagPost(posts[2].id!), [("reason", "spam")]).status == .conflict)
        }
        #expect(try await count(f, "flag") == 1)
        // The partial unique index backs the check up.
        await #expect(throws: AppError.self) {
            _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: posts[0].discussionId,
                                                         postId: posts[0].id, flaggerId: f.author.id!, reason: .spam, createdAt: f.app.clock.now))
        }
    }

    @Test("the flags page needs an account and shows only the member's own flags")
    func myFlagsPage() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: posts[0].discussionId, postId: posts[0].id,
                                                     flaggerId: f.author.id!, reason: .spam, note: "Author's own note", createdAt: f.app.clock.now))
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.myFlags).location?.hasPrefix(Paths.signIn) == true)
            try await browser.signIn(email: "moderator@example.org")
            let other = try await browser.get(Paths.myFlags)
            #expect(other.status == .ok)
            #expect(other.body.contains("You have not flagged anything."))
            #expect(!other.body.contains("Author&#39;s own note"))
        }
    }
}

@Suite("Flags: hidden automatically")
struct FlagAutoHideTests {
    @Test("at the default threshold of 3 the third member's flag hides the post: a placeholder for others, gone from search, logged once by no one")
    func thresholdThree() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let post = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                                  body: .from("Call me about zanzibarword"), now: f.app.clock.now)
        _ = try await extraMembers(f, ["third"])
        try await f.app.run { browser in
            #expect(try await searchHits(browser, "zanzibarword") == [Int(discussion.id!)])
            for (n, email) in ["author@example.org", "moderator@example.org"].enumerated() {
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.flagPost(post.id!), [("reason", "spam")]).status == .seeOther)
                browser.clearCookies()
                #expect(try await count(f, "moderation_action") == 0, "after \(n + 1) flags")
            }
            #expect(try await browser.get(Paths.discussion(discussion)).body.contains("zanzibarword"))
            try await browser.signIn(email: "third@example.org")
            #expect(try await browser.post(Paths.flagPost(post.id!), [("reason", "other"), ("note", "Advertising")]).status == .seeOther)
            let third = try await browser.get(Paths.discussion(discussion))
            #expect(third.body.contains("This post was hidden"))
            #expect(!third.body.contains("zanzibarword"))
            #expect(try await searchHits(browser, "zanzibarword").isEmpty)
            browser.clearCookies()
            #expect(!(try await browser.get(Paths.discussion(discussion)).body.contains("zanzibarword")))
            #expect(try await searchHits(browser, "zanzibarword").isEmpty)
            try await browser.signIn(email: "member@example.org")
            let author = try await browser.get(Paths.discussion(discussion))
            #expect(author.body.contains("Hidden automatically after 3 members flagged it; a moderator will review it."))
        }
        let hidden = try #require(try await f.app.database.post(id: post.id!))
        #expect(hidden.isHidden && hidden.hiddenBy == nil)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 0)
        let log = try await logged(f, .autoHidePost)
        #expect(log.count == 1)
        #expect(log.first?.actorId == nil && log.first?.targetId == post.id && log.first?.communityId == f.community.id)
        #expect(try await count(f, "moderation_action") == 1)
    }

    @Test("with a threshold of 2 two members' flags hide the post; flags on other posts do not count")
    func thresholdTwo() async throws {
        let f = try await ForumFixture.make()
        try await setThreshold(f, 2)
        let (_, posts) = try await f.question(replies: 2)
        _ = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: posts[0].discussionId, postId: posts[1].id,
                                                     flaggerId: f.author.id!, reason: .spam, createdAt: f.app.clock.now))
        let first = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: posts[0].discussionId, postId: posts[0].id,
                                                             flaggerId: f.author.id!, reason: .spam, createdAt: f.app.clock.now))
        #expect(first == .recorded)
        #expect(try await f.app.database.post(id: posts[0].id!)?.isHidden == false)
        let second = try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: posts[0].discussionId, postId: posts[0].id,
                                                              flaggerId: f.moderator.id!, reason: .disrespectful, createdAt: f.app.clock.now))
        #expect(second == .autoHidden)
        #expect(try await f.app.database.post(id: posts[0].id!)?.hiddenReason == "Hidden automatically after 2 members flagged it; a moderator will review it.")
        #expect(try await f.app.database.post(id: posts[1].id!)?.isHidden == false)
        #expect(try await logged(f, .autoHidePost).count == 1)
    }

    @Test("a discussion flagged by enough members is hidden: boards and search leave it out for others, one log row")
    func discussionHidden() async throws {
        let f = try await ForumFixture.make()
        try await setThreshold(f, 2)
        let (discussion, _) = try await f.question(title: "Quokkaword giveaway, click here")
        try await f.app.run { browser in
            for email in ["member@example.org", "moderator@example.org"] {
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]).status == .seeOther)
                browser.clearCookies()
            }
            #expect(try await searchHits(browser, "quokkaword").isEmpty)
            #expect(!(try await browser.get(Paths.board(f.community, f.board)).body.contains("Quokkaword")))
            try await browser.signIn(email: "member@example.org")
            #expect(!(try await browser.get(Paths.board(f.community, f.board)).body.contains("Quokkaword")))
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get(Paths.board(f.community, f.board)).body.contains("Quokkaword"), "its author still sees it")
        }
        let hidden = try #require(try await f.app.database.discussion(id: discussion.id!))
        #expect(hidden.isHidden && hidden.hiddenBy == nil && hidden.hiddenReason.hasPrefix("Hidden automatically after 2 members"))
        #expect(!(try await f.guardian(f.member)).canSee(hidden, in: f.community), "the discussion page answers 404 to others")
        let log = try await logged(f, .autoHideDiscussion)
        #expect(log.count == 1 && log.first?.actorId == nil && log.first?.targetId == discussion.id)
        #expect(try await count(f, "moderation_action") == 1)
    }
}

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
            #expect(try await browser.post(Paths.resolveFlag(f.community, flags[0].id!), [("outcome", "dismiss"), ("note", "x")]).status == .conflict)
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
        let log = try await logged(f, .resolveFlag)
        #expect(log.count == 1)
        #expect(log.first?.reason == "hide: Removed the client's details" && log.first?.targetType == .post && log.first?.targetId == post.id)
        #expect(try await count(f, "moderation_action") == 1)
    }

    @Test("dismissing the flags on an automatically hidden post shows it again and returns it to search; one log row")
    func dismissRestores() async throws {
        let f = try await ForumFixture.make()
        try await setThreshold(f, 2)
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
            #expect(try await searchHits(browser, "zanzibarword") == [Int(discussion.id!)])
            try await browser.signIn(email: "author@example.org")
            let mine = try await browser.get(Paths.myFlags)
            #expect(mine.body.contains("A moderator reviewed it and left it as it was"))
            #expect(mine.body.contains("It is a fair question"))
        }
        #expect(try await f.app.database.post(id: post.id!)?.isHidden == false)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 1)
        #expect(try await logged(f, .resolveFlag).count == 1)
        #expect(try await count(f, "moderation_action") == 2, "the automatic hide and the resolution")
        // A dismissed flag no longer blocks flagging again.
        #expect(try await f.app.database.createFlag(Flag(communityId: f.community.id!, discussionId: discussion.id!, postId: post.id,
                                                         flaggerId: f.author.id!, reason: .spam, createdAt: f.app.clock.now)) == .recorded)
    }

    @Test("hide on an automatically hidden post keeps it hidden on the moderator's word; edited records the edit")
    func hideAutoHiddenAndEdited() async throws {
        let f = try await ForumFixture.make()
        try await setThreshold(f, 2)
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
        let log = try await logged(f, .resolveFlag)
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
            #expect(try await browser.post(action, fields).status == .forbidden, "a POST without an account is refused")
            #expect(try await browser.get(Paths.modFlags(f.community)).location?.hasPrefix(Paths.signIn) == true)

            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(action, fields).status == .forbidden)
            #expect(try await browser.get(Paths.modFlags(f.community)).status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "othermod@example.org")
            #expect(try await browser.post(action, fields).status == .forbidden)
            #expect(try await browser.get(Paths.modFlags(f.community)).status == .forbidden)
            #expect(try await browser.post(Paths.resolveFlag(f.privateCommunity, secretFlag.id!), fields).status == .notFound)
            #expect(try await browser.get(Paths.modFlags(f.privateCommunity)).status == .notFound)
            browser.clearCookies()

            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.resolveFlag(f.community, secretFlag.id!), fields).status == .notFound)
            #expect(try await browser.post(Paths.resolveFlag(f.community, 999_999), fields).status == .notFound)
            let noNote = try await browser.post(action, [("outcome", "hide"), ("note", " ")])
            #expect(noNote.status == .badRequest)
            #expect(noNote.body.contains("Write a short note"))
            #expect(noNote.body.contains("2 members flagged this"), "the queue is shown again")
            let badOutcome = try await browser.post(action, [("outcome", "delete"), ("note", "Kept text")])
            #expect(badOutcome.status == .badRequest)
            #expect(badOutcome.body.contains("Choose an outcome"))
            #expect(badOutcome.body.contains("Kept text</textarea>"))
            let long = try await browser.post(action, [("outcome", "hide"), ("note", String(repeating: "x", count: Flag.maxNoteLength + 1))])
            #expect(long.status == .badRequest)
        }
        #expect(try await count(f, "moderation_action") == 0)
        #expect(try await count(f, "flag", where: "status = 'open'") == 3)
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
            #expect(try await browser.post(Paths.hidePost(id), [("reason", "x")]).status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            #expect(try await browser.post(Paths.hidePost(id), [("reason", "x")]).status == .forbidden)
            #expect(try await browser.post(Paths.editPost(id), [("body", "Hijacked")]).status == .forbidden)
            browser.clearCookies()
            #expect(try await count(f, "moderation_action") == 0)

            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(Paths.hidePost(id), [("reason", "Names a client")]).status == .seeOther)
            #expect(try await browser.post(Paths.hidePost(id), [("reason", "Again")]).status == .conflict)
            #expect(try await browser.post(Paths.restorePost(id), []).status == .seeOther)
            #expect(try await browser.post(Paths.restorePost(id), []).status == .conflict)
            #expect(try await browser.post(Paths.editPost(id), [("body", "Tidied by a moderator")]).status == .seeOther)
        }
        let log = try await f.app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
        #expect(log.map(\.action) == [.hidePost, .restorePost, .editPost])
        #expect(log.allSatisfy { $0.actorId == f.moderator.id && $0.targetId == id && $0.communityId == f.community.id && $0.targetType == .post })
        #expect(log.first?.reason == "Names a client")
        #expect(log.first?.targetLabel.hasPrefix("Post #2 in") == true)
    }
}
