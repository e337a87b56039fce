import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

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
        #expect(try await f.flagRowCount("moderation_action") == 0)
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
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]) }
            #expect(refused1.status == .conflict)
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
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")]) }
            #expect(refused1.status == .forbidden, "a POST without an account is refused")

            try await browser.signIn(email: "member@example.org")
            let own = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")]) }
            #expect(own.status == .forbidden)
            #expect(own.body.contains("You cannot flag your own post."))
            #expect(try await browser.get(Paths.flagPost(posts[0].id!)).status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "author@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]) }
            #expect(refused2.status == .forbidden)
            browser.clearCookies()

            for email in ["outsider@example.org", "othermod@example.org", "suspended@example.org"] {
                try await f.signIn(browser, email)
                let r = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam")]) }
                #expect(r.status == .forbidden, "\(email)")
                let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]) }
                #expect(refused3.status == .forbidden, "\(email)")
                browser.clearCookies()
            }
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.flagPost(secretOpening.id!)).status == .notFound)
            let refused4 = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(secretOpening.id!), [("reason", "spam")]) }
            #expect(refused4.status == .notFound)
            let refused5 = try await f.app.expectNoWrite { try await browser.post(Paths.flagDiscussion(secret), [("reason", "spam")]) }
            #expect(refused5.status == .notFound)
            let refused6 = try await f.app.expectNoWrite { try await browser.post("/p/999999/flag", [("reason", "spam")]) }
            #expect(refused6.status == .notFound)
        }
        #expect(try await f.flagRowCount("flag") == 0)
        #expect(try await f.flagRowCount("moderation_action") == 0)
    }

    @Test("an unknown reason, a missing note for “other” and an overlong note are refused (400) with the form shown again")
    func validation() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let unknown = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "boring"), ("note", "Kept note")]) }
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("Choose what is wrong with this post."))
            #expect(unknown.body.contains("Kept note</textarea>"))
            let missing = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "other"), ("note", "  ")]) }
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("the moderators need it"))
            #expect(missing.body.contains("value=\"other\" required checked"))
            let long = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "spam"), ("note", String(repeating: "x", count: Flag.maxNoteLength + 1))]) }
            #expect(long.status == .badRequest)
            #expect(long.body.contains("at most \(Flag.maxNoteLength) characters"))
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("note", "no reason")]) }
            #expect(refused1.status == .badRequest)
        }
        #expect(try await f.flagRowCount("flag") == 0)
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
            let twice = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[0].id!), [("reason", "disrespectful")]) }
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("already flagged this post"))
            #expect(try await browser.get(Paths.flagPost(posts[0].id!)).status == .conflict)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[1].id!), [("reason", "spam")]) }
            #expect(refused1.status == .conflict)
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.flagPost(posts[2].id!), [("reason", "spam")]) }
            #expect(refused2.status == .conflict)
        }
        #expect(try await f.flagRowCount("flag") == 1)
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
        _ = try await f.addFlaggers(["third"])
        try await f.app.run { browser in
            #expect(try await browser.searchHitIDs("zanzibarword") == [Int(discussion.id!)])
            for (n, email) in ["author@example.org", "moderator@example.org"].enumerated() {
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.flagPost(post.id!), [("reason", "spam")]).status == .seeOther)
                browser.clearCookies()
                #expect(try await f.flagRowCount("moderation_action") == 0, "after \(n + 1) flags")
            }
            #expect(try await browser.get(Paths.discussion(discussion)).body.contains("zanzibarword"))
            try await browser.signIn(email: "third@example.org")
            #expect(try await browser.post(Paths.flagPost(post.id!), [("reason", "other"), ("note", "Advertising")]).status == .seeOther)
            let third = try await browser.get(Paths.discussion(discussion))
            #expect(third.body.contains("This post was hidden"))
            #expect(!third.body.contains("zanzibarword"))
            #expect(try await browser.searchHitIDs("zanzibarword").isEmpty)
            browser.clearCookies()
            #expect(!(try await browser.get(Paths.discussion(discussion)).body.contains("zanzibarword")))
            #expect(try await browser.searchHitIDs("zanzibarword").isEmpty)
            try await browser.signIn(email: "member@example.org")
            let author = try await browser.get(Paths.discussion(discussion))
            #expect(author.body.contains("Hidden automatically after 3 members flagged it; a moderator will review it."))
        }
        let hidden = try #require(try await f.app.database.post(id: post.id!))
        #expect(hidden.isHidden && hidden.hiddenBy == nil)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 0)
        let log = try await f.flagLog(.autoHidePost)
        #expect(log.count == 1)
        #expect(log.first?.actorId == nil && log.first?.targetId == post.id && log.first?.communityId == f.community.id)
        #expect(try await f.flagRowCount("moderation_action") == 1)
    }

    @Test("with a threshold of 2 two members' flags hide the post; flags on other posts do not count")
    func thresholdTwo() async throws {
        let f = try await ForumFixture.make()
        try await f.setFlagHideThreshold(2)
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
        #expect(try await f.flagLog(.autoHidePost).count == 1)
    }

    @Test("a discussion flagged by enough members is hidden: boards and search leave it out for others, one log row")
    func discussionHidden() async throws {
        let f = try await ForumFixture.make()
        try await f.setFlagHideThreshold(2)
        let (discussion, _) = try await f.question(title: "Quokkaword giveaway, click here")
        try await f.app.run { browser in
            for email in ["member@example.org", "moderator@example.org"] {
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.flagDiscussion(discussion), [("reason", "spam")]).status == .seeOther)
                browser.clearCookies()
            }
            #expect(try await browser.searchHitIDs("quokkaword").isEmpty)
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
        let log = try await f.flagLog(.autoHideDiscussion)
        #expect(log.count == 1 && log.first?.actorId == nil && log.first?.targetId == discussion.id)
        #expect(try await f.flagRowCount("moderation_action") == 1)
    }
}
