import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Posts")
struct PostTests {
    @Test("an author edits their post; the edit keeps a revision anyone who can see the post can read")
    func editAndHistory() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/p/\(posts[0].id!)/edit").status == .ok)
            let saved = try await browser.post("/p/\(posts[0].id!)/edit", [("body", "Reply 1, corrected with **PHIPA s. 40**")])
            #expect(saved.location == Paths.post(discussion, number: 2))
            browser.clearCookies()
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains("PHIPA s. 40"))
            #expect(page.body.contains(">edited</a>"))
            let history = try await browser.get("/p/\(posts[0].id!)/history")
            #expect(history.status == .ok)
            #expect(history.body.contains("Member"))
            #expect(history.body.contains("Removed: </span>Reply 1"))
            #expect(history.body.contains("Added: </span>Reply 1, corrected with **PHIPA s. 40**"))
        }
        #expect(try await f.app.database.revisions(postID: posts[0].id!).count == 1)
    }

    @Test("the author edits the title of their discussion through its first post; the history records it")
    func editTitle() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let first = try #require(try await f.app.database.post(discussionID: discussion.id!, number: 1))
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let saved = try await browser.post("/p/\(first.post.id!)/edit", [("title", "Disclosing PHI to police: what PHIPA allows"), ("body", "What does **PHIPA** allow?")])
            #expect(saved.status == .seeOther)
            let history = try await browser.get("/p/\(first.post.id!)/history")
            #expect(history.body.contains("Title changed from “How do we disclose PHI to police?”"))
            let bad = try await f.app.expectNoWrite { try await browser.post("/p/\(first.post.id!)/edit", [("title", "x"), ("body", "Still here")]) }
            #expect(bad.status == .badRequest)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.title == "Disclosing PHI to police: what PHIPA allows")
    }

    @Test("editing someone else's post is refused (403) and nothing changes; a moderator may edit it")
    func editOthers() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get("/p/\(posts[0].id!)/edit").status == .forbidden)
            let byAuthor = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[0].id!)/edit", [("body", "Hijacked")]) }
            #expect(byAuthor.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let byOtherModerator = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[0].id!)/edit", [("body", "Hijacked")]) }
            #expect(byOtherModerator.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post("/p/\(posts[0].id!)/edit", [("body", "Tidied by a moderator")]).status == .seeOther)
        }
        #expect(try await f.app.database.post(id: posts[0].id!)?.bodyMarkdown == "Tidied by a moderator")
    }

    @Test("deleting one's own post keeps it as 'deleted by author'; later posts keep their numbers; counts drop")
    func deleteOwn() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 3)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let byOther = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[0].id!)/delete", []) }
            #expect(byOther.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post("/p/\(posts[0].id!)/delete", []).status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[0].id!)/delete", []) }
            #expect(again.status == .conflict)
            browser.clearCookies()
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains("This post was deleted by its author."))
            #expect(!page.body.contains("Reply 1<"))
            #expect(page.body.contains("id=\"p4\""))
            #expect(try await browser.get("/p/\(posts[0].id!)/history").status == .notFound)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 2)
    }

    @Test("a moderator hides a post with a reason the author sees; others see a placeholder; counts and lists leave it out; restore brings it back")
    func hideAndRestore() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 2)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let byMember = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[1].id!)/hide", [("reason", "x")]) }
            #expect(byMember.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let noReason = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[1].id!)/hide", [("reason", "")]) }
            #expect(noReason.status == .badRequest)
            #expect(try await browser.post("/p/\(posts[1].id!)/hide", [("reason", "Contains a client's name")]).status == .seeOther)
            browser.clearCookies()
            let anonymous = try await browser.get(Paths.discussion(discussion))
            #expect(anonymous.body.contains("This post was hidden by a moderator."))
            #expect(!anonymous.body.contains("Reply 2"))
            #expect(!anonymous.body.contains("Contains a client's name"))
            #expect(anonymous.body.contains("1 reply"))
            #expect(try await browser.get("/c/privacy/b/questions").body.contains("1 reply"))
            try await browser.signIn(email: "member@example.org")
            let author = try await browser.get(Paths.discussion(discussion))
            #expect(author.body.contains("Contains a client&#39;s name"))
            #expect(author.body.contains("Reply 2"))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post("/p/\(posts[1].id!)/restore", []).status == .seeOther)
            let restoredTwice = try await f.app.expectNoWrite { try await browser.post("/p/\(posts[1].id!)/restore", []) }
            #expect(restoredTwice.status == .conflict)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 2)
    }

    @Test("page views are gathered in memory and saved in batches without losing concurrent views")
    func viewCounting() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let counter = ViewCounter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<1000 { group.addTask { counter.record(discussion.id!) } }
            group.addTask { try? await counter.flush(to: f.app.database) }
        }
        try await counter.flush(to: f.app.database)
        #expect(counter.unsaved(discussion.id!) == 0)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.viewCount == 1000)
        // Viewing a page writes nothing at once but shows the up-to-date count (to a signed-in member: a signed-out
        // visitor may be given a page kept from a moment ago, see PageCacheTests).
        try await f.app.run { browser in
            try await browser.signIn(email: f.member.email)
            _ = try await browser.get(Paths.discussion(discussion))
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains("1002 views"))
        }
    }
}
