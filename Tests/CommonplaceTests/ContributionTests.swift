import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("All teach, all learn: profile contributions")
struct ContributionTests {
    /// The member's contributions: in the public community a question (with their own reply to it), an accepted answer
    /// marked helpful, a hidden reply, a lesson, a resource marked helpful and a held one; in the members-only community
    /// a question, an accepted answer marked helpful and a resource.
    static func make() async throws -> ForumFixture {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let (_, answer) = try await f.answered("Where do we log PHI disclosures?", by: f.member, helpfulFrom: [f.author])
        let (own, _) = try await f.ask("How long do we keep audit logs?", by: f.member)
        _ = try await db.reply(discussionID: own.id!, authorID: f.member.id!, body: .from("Adding detail to my own question."), now: f.app.clock.now)
        let hidden = try await db.reply(discussionID: answer.discussionId, authorID: f.member.id!, body: .from("Off topic"), now: f.app.clock.now)
        try await db.setHelpful(.post(hidden.id!), userID: f.moderator.id!, marked: true, now: f.app.clock.now)
        try await db.hidePost(id: hidden.id!, moderatorID: f.moderator.id!, reason: "Off topic", now: f.app.clock.now)
        _ = try await db.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .lesson, title: "What our breach drill taught us", authorID: f.member.id!,
            body: .from("Summary"), lesson: ["Context", "What happened", "What we learned", "Recommendation"].map(RenderedText.from),
            createdAt: f.app.clock.now))
        let guide = try await f.shareResource("Disclosure log template", by: f.member)
        try await db.setHelpful(.resource(guide.id!), userID: f.author.id!, marked: true, now: f.app.clock.now)
        _ = try await f.shareResource("Unapproved draft", by: f.member, held: true)
        _ = try await f.ask("Pen-test vendors?", by: f.member, in: f.privateBoard)
        try await f.answered("Who signs off pen-test scope?", by: f.member, helpfulFrom: [f.moderator], in: f.privateBoard)
        _ = try await f.shareResource("Pen-test checklist", by: f.member, in: f.privateCommunity)
        return f
    }

    static func figure(_ label: String, _ value: Int) -> String { "<dt>\(label)</dt><dd>\(value)</dd>" }

    @Test("a profile counts questions, answers, accepted answers, lessons, resources and helpful marks; hidden posts and held resources never count")
    func figures() async throws {
        let f = try await Self.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let body = try await browser.get(Paths.user("member")).body
            #expect(body.contains(Self.figure("Questions asked", 2)))
            #expect(body.contains(Self.figure("Answers given", 2)), "replies to others' questions, not to one's own")
            #expect(body.contains(Self.figure("Answers accepted", 2)))
            #expect(body.contains(Self.figure("Lessons learned shared", 1)))
            #expect(body.contains(Self.figure("Resources shared", 2)))
            #expect(body.contains(Self.figure("Helpful marks received", 3)))
            #expect(body.contains(">Privacy</a>") && body.contains(">Security</a>"))
        }
    }

    @Test("a viewer who cannot see a members-only community sees none of it in any figure or list")
    func membersOnlyExcluded() async throws {
        let f = try await Self.make()
        try await f.app.run { browser in
            for email in [nil, "outsider@example.org", "othermod@example.org"] as [String?] {
                if let email { try await browser.signIn(email: email) }
                let body = try await browser.get(Paths.user("member")).body
                let who = email ?? "anonymous"
                #expect(body.contains(Self.figure("Questions asked", 1)), "\(who)")
                #expect(body.contains(Self.figure("Answers given", 1)), "\(who)")
                #expect(body.contains(Self.figure("Answers accepted", 1)), "\(who)")
                #expect(body.contains(Self.figure("Lessons learned shared", 1)), "\(who)")
                #expect(body.contains(Self.figure("Resources shared", 1)), "\(who)")
                #expect(body.contains(Self.figure("Helpful marks received", 2)), "\(who)")
                #expect(body.contains(">Privacy</a>"), "\(who)")
                #expect(!body.contains("Security") && !body.contains("Pen-test"), "\(who)")
                browser.clearCookies()
            }
        }
    }

    @Test("the moderator badge shows beside communities a member moderates")
    func roles() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let body = try await browser.get(Paths.user("moderator")).body
            #expect(body.contains(">Privacy</a> <span class=\"badge\">Moderator</span>"))
            #expect(!body.contains(">Security</a>"), "anonymous visitors do not see the members-only community")
        }
    }
}
