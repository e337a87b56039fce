import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("All teach, all learn: helpful marks")
struct HelpfulTests {
    @Test("a member marks a post helpful, sees the count, and takes the mark back; the counter follows the marks")
    func markAndTakeBack() async throws {
        let f = try await ForumFixture.make()
        let (question, posts) = try await f.question(replies: 1)
        let opening = try #require(try await f.app.database.post(discussionID: question.id!, number: 1)).post
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.discussion(question))
            #expect(page.body.contains("action=\"\(Paths.helpfulPost(opening.id!))\""), "the author's post has a Helpful button")
            #expect(!page.body.contains("action=\"\(Paths.helpfulPost(posts[0].id!))\""), "not the member's own reply")

            let r = try await browser.post(Paths.helpfulPost(opening.id!), [("helpful", "true")])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.post(question, number: 1))
            let after = try await browser.get(Paths.discussion(question))
            #expect(after.body.contains("1 member found this helpful"))
            #expect(after.body.contains("Marked helpful"))

            let again = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(opening.id!), []) }
            #expect(again.status == .conflict)
            #expect(again.body.contains("You have already marked this post helpful"))
            #expect(try await f.app.database.helpfulCounter(.post(opening.id!)) == 1)

            let back = try await browser.post(Paths.helpfulPost(opening.id!), [("helpful", "false")])
            #expect(back.status == .seeOther)
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains("found this helpful")))
            let twice = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(opening.id!), [("helpful", "false")]) }
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("You have not marked this post helpful"))
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(opening.id!), [("helpful", "maybe")]) }
            #expect(refused1.status == .badRequest)
        }
        #expect(try await f.app.database.helpfulCounter(.post(opening.id!)) == 0)
        #expect(try await f.app.database.helpfulMarkCount(.post(opening.id!)) == 0)
    }

    @Test("several members' marks add up, and each member's mark is theirs alone")
    func counts() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        let opening = try #require(try await f.app.database.post(discussionID: question.id!, number: 1)).post
        try await f.app.run { browser in
            for email in ["member@example.org", "moderator@example.org", "admin@example.org"] {
                try await browser.signIn(email: email)
                #expect(try await browser.post(Paths.helpfulPost(opening.id!), []).status == .seeOther, "\(email)")
                browser.clearCookies()
            }
            #expect(try await browser.get(Paths.discussion(question)).body.contains("3 members found this helpful"), "anonymous visitors see the count")
        }
        #expect(try await f.app.database.helpfulCounter(.post(opening.id!)) == 3)
        #expect(try await f.app.database.helpfulMarkCount(.post(opening.id!)) == 3)
    }

    @Test("helpful is refused: one's own post 403, non-members and another community's moderator 403, suspended 403, anonymous 403, members-only 404; nothing written")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let (question, posts) = try await f.question(replies: 1)
        let opening = try #require(try await f.app.database.post(discussionID: question.id!, number: 1)).post
        let (_, secret) = try await f.ask("Pen-test scope?", in: f.privateBoard)
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(opening.id!), []) }
            #expect(anonymous.status == .forbidden)

            try await browser.signIn(email: "author@example.org")
            let own = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(opening.id!), []) }
            #expect(own.status == .forbidden)
            #expect(own.body.contains("You cannot mark your own post helpful."))
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains("action=\"\(Paths.helpfulPost(opening.id!))\"")))
            browser.clearCookies()

            for email in ["outsider@example.org", "othermod@example.org"] {
                try await browser.signIn(email: email)
                let r = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(posts[0].id!), []) }
                #expect(r.status == .forbidden, "\(email)")
                #expect(r.body.contains("Only members of Privacy can mark its posts helpful."), "\(email)")
                let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(secret.id!), []) }
                #expect(refused1.status == .notFound, "\(email): members-only")
                browser.clearCookies()
            }
            try await f.signIn(browser, "suspended@example.org")
            let suspended = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(posts[0].id!), []) }
            #expect(suspended.status == .forbidden)
            #expect(suspended.body.contains("suspended"))
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(999_999), []) }
            #expect(refused2.status == .notFound)
        }
        #expect(try await f.learningRows("helpful_mark") == 0)
        #expect(try await f.learningRows("post", where: "helpful_count <> 0") == 0)
    }

    @Test("hidden and deleted posts cannot be marked (409); a post in a held discussion is 404 for other members")
    func notVisible() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 2)
        try await f.app.database.hidePost(id: posts[0].id!, moderatorID: f.moderator.id!, reason: "Off topic", now: f.app.clock.now)
        try await f.app.database.deletePost(id: posts[1].id!, now: f.app.clock.now)
        let held = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Held question", authorID: f.member.id!,
            body: .from("Waiting"), createdAt: f.app.clock.now, holdFirst: 5))
        let heldOpening = try #require(try await f.app.database.post(discussionID: held.id!, number: 1)).post
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            for post in posts {
                let r = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(post.id!), []) }
                #expect(r.status == .conflict)
                #expect(r.body.contains("Only visible posts can be marked helpful"))
            }
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(heldOpening.id!), []) }
            #expect(refused1.status == .conflict, "moderators see it, but it is not listed")
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulPost(heldOpening.id!), []) }
            #expect(refused2.status == .notFound)
        }
        #expect(try await f.learningRows("helpful_mark") == 0)
    }

    @Test("a member marks a resource helpful; its author cannot; twice is 409; a held resource is 404 to others and 409 to moderators")
    func resources() async throws {
        let f = try await ForumFixture.make()
        let guide = try await f.shareResource("Breach response checklist", by: f.author)
        let held = try await f.shareResource("Draft consent template", by: f.author, held: true)
        let secret = try await f.shareResource("Pen-test report template", by: f.author, in: f.privateCommunity)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let r = try await browser.post(Paths.helpfulResource(guide.id!), [])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.resource(guide.id!))
            let again = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(guide.id!), []) }
            #expect(again.status == .conflict)
            #expect(again.body.contains("You have already marked this resource helpful"))
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(held.id!), []) }
            #expect(refused1.status == .notFound)
            browser.clearCookies()

            try await browser.signIn(email: "author@example.org")
            let own = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(guide.id!), []) }
            #expect(own.status == .forbidden)
            #expect(own.body.contains("You cannot mark your own resource helpful."))
            browser.clearCookies()

            try await browser.signIn(email: "moderator@example.org")
            let pending = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(held.id!), []) }
            #expect(pending.status == .conflict)
            #expect(pending.body.contains("This resource is awaiting a moderator"))
            browser.clearCookies()

            try await browser.signIn(email: "outsider@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(secret.id!), []) }
            #expect(refused2.status == .notFound)
            let refused3 = try await f.app.expectNoWrite { try await browser.post(Paths.helpfulResource(guide.id!), []) }
            #expect(refused3.status == .forbidden)
        }
        #expect(try await f.app.database.helpfulCounter(.resource(guide.id!)) == 1)
        #expect(try await f.learningRows("helpful_mark") == 1)
        #expect(try await f.learningRows("resource", where: "helpful_count <> 0") == 1)
    }

    @Test("the resource page's helpful control says what the viewer may do")
    func resourceControl() async throws {
        let f = try await ForumFixture.make()
        let guide = try await f.shareResource("Breach response checklist", by: f.author)
        try await f.app.database.setHelpful(.resource(guide.id!), userID: f.member.id!, marked: true, now: f.app.clock.now)
        let state = try await f.app.database.helpfulState(resourceID: guide.id!, userID: f.member.id!)
        let member = HelpfulControl.resource(guide, in: f.community, state: state, guardian: try await f.guardian(f.member))
        #expect(member.canMark && member.marked && member.countLabel == "1 member found this helpful")
        let author = HelpfulControl.resource(guide, in: f.community, state: (1, false), guardian: try await f.guardian(f.author))
        #expect(!author.canMark)
        let anonymous = HelpfulControl.resource(guide, in: f.community, state: (0, false), guardian: try await f.guardian(nil))
        #expect(!anonymous.canMark && anonymous.countLabel == nil)
    }
}
