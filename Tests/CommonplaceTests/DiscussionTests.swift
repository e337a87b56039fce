import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Discussions")
struct DiscussionTests {
    @Test("a member starts a question; it is listed on the board as unanswered")
    func startQuestion() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/c/privacy/b/questions/new").status == .ok)
            let created = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "question"), ("title", "Can reminder texts name the clinic?"), ("body", "We want to add the **clinic name**."),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/d/") && location.hasSuffix("/can-reminder-texts-name-the-clinic"))
            let page = try await browser.get(location)
            #expect(page.body.contains("<strong>clinic name</strong>"))
            #expect(page.body.contains("id=\"p1\""))
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(board.body.contains("Can reminder texts name the clinic?"))
            #expect(board.body.contains("Unanswered"))
        }
    }

    @Test("who may start what: non-members 403, anonymous to sign-in, announcements for moderators only")
    func startRefusals() async throws {
        let f = try await ForumFixture.make()
        let fields = [("kind", "conversation"), ("title", "A perfectly fine title"), ("body", "Hello")]
        try await f.app.run { browser in
            #expect(try await browser.get("/c/privacy/b/questions/new").status == .seeOther)
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", fields) }
            #expect(outsider.status == .forbidden)
            #expect(outsider.body.contains("Join the community first"))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let announcement = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/b/questions/new", [("kind", "announcement"), ("title", "Big news for all"), ("body", "Hi")])
            }
            #expect(announcement.status == .forbidden)
            let poll = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/b/questions/new", [("kind", "poll"), ("title", "Big news for all"), ("body", "Hi")])
            }
            #expect(poll.status == .badRequest)
            browser.clearCookies()
            try await f.app.startSession(for: f.suspended, in: browser)
            let suspended = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", fields) }
            #expect(suspended.status == .forbidden)
            #expect(suspended.body.contains("suspended"))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post("/c/privacy/b/questions/new", [("kind", "announcement"), ("title", "Big news for all"), ("body", "Hi")]).status == .seeOther)
        }
        let count = try await f.app.database.reader.read { db in try Discussion.fetchCount(db) }
        #expect(count == 1)
    }

    @Test("an empty or overlong post, or a bad title, gets 400 with the input kept and nothing written")
    func badPosts() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let empty = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "A good title here"), ("body", "   ")]) }
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("the post is empty"))
            #expect(empty.body.contains("value=\"A good title here\""))
            let long = String(repeating: "a", count: Limits.maxPostCharacters + 1)
            let overlong = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "A good title here"), ("body", long)]) }
            #expect(overlong.status == .badRequest)
            #expect(overlong.body.contains("at most \(Limits.maxPostCharacters) characters"))
            let shortTitle = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "Hm"), ("body", "Body")]) }
            #expect(shortTitle.status == .badRequest)
            let longTitle = try await f.app.expectNoWrite { try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", String(repeating: "t", count: Limits.maxTitleCharacters + 1)), ("body", "Body")]) }
            #expect(longTitle.status == .badRequest)
        }
        #expect(try await f.app.database.reader.read { db in try Discussion.fetchCount(db) } == 0)
    }

    @Test("a lesson learned stores its four sections separately and shows them as sections")
    func lessonLearned() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let incomplete = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "lesson"), ("title", "Year-end audit lessons"), ("body", ""), ("context", "Year end"),
                ("what_happened", ""), ("what_we_learned", "Start early"), ("recommendation", "Checklist"),
            ])
            #expect(incomplete.status == .badRequest)
            #expect(incomplete.body.contains("Fill in all four sections"))
            let created = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "lesson"), ("title", "Year-end audit lessons"), ("body", ""), ("context", "Our **GL** close"),
                ("what_happened", "The auditors found gaps"), ("what_we_learned", "Start reconciliations in October"),
                ("recommendation", "Use a shared checklist"),
            ])
            let page = try await browser.get(try #require(created.location))
            for heading in ["<h2>Context</h2>", "<h2>What happened</h2>", "<h2>What we learned</h2>", "<h2>What we would recommend</h2>"] {
                #expect(page.body.contains(heading))
            }
            #expect(page.body.contains("Our <strong>GL</strong> close"))
        }
        let lesson = try #require(try await f.app.database.reader.read { db in try Discussion.fetchOne(db) })
        #expect(lesson.lessonWhatWeLearned == "Start reconciliations in October")
        #expect(lesson.lessonContextHtml.contains("<strong>GL</strong>"))
    }

    @Test("replies are numbered, counted in the same transaction, and anchored #p{number}")
    func replies() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let first = try await browser.post("/d/\(discussion.id!)/reply", [("body", "First reply mentioning @author")])
            #expect(first.location == Paths.post(discussion, number: 2))
            try await browser.post("/d/\(discussion.id!)/reply", [("body", "Second reply")])
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains("id=\"p3\""))
            #expect(page.body.contains("<a href=\"/u/author\">@author</a>"))
            let empty = try await f.app.expectNoWrite { try await browser.post("/d/\(discussion.id!)/reply", [("body", "")]) }
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("the post is empty"))
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/d/999999/reply", [("body", "Hello")]) }
            #expect(refused1.status == .notFound)
        }
        let saved = try #require(try await f.app.database.discussion(id: discussion.id!))
        #expect(saved.replyCount == 2)
        #expect(saved.postCount == 3)
        #expect(saved.lastPosterId == f.member.id)
    }

    @Test("a locked discussion refuses replies with its reason; an archived board refuses new discussions")
    func lockedAndArchived() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let lockByMember = try await f.app.expectNoWrite { try await browser.post("/d/\(discussion.id!)/lock", [("locked", "true"), ("reason", "x")]) }
            #expect(lockByMember.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post("/d/\(discussion.id!)/lock", [("locked", "true"), ("reason", "Resolved at the meeting")]).status == .seeOther)
            #expect(try await browser.post("/c/privacy/b/questions/archive", [("archived", "true")]).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let reply = try await f.app.expectNoWrite { try await browser.post("/d/\(discussion.id!)/reply", [("body", "One more thing")]) }
            #expect(reply.status == .forbidden)
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.body.contains("Resolved at the meeting"))
            let start = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/b/questions/new", [("kind", "question"), ("title", "Another question"), ("body", "Hi")])
            }
            #expect(start.status == .forbidden)
            #expect(start.body.contains("archived"))
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.postCount == 1)
    }

    @Test("the asker accepts an answer, shown right under the question; others cannot; non-questions cannot")
    func acceptedAnswer() async throws {
        let f = try await ForumFixture.make()
        let (question, posts) = try await f.question(replies: 2)
        let (conversation, convPosts) = try await f.question(title: "Just chatting here", replies: 1, kind: .conversation)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let byMember = try await f.app.expectNoWrite { try await browser.post("/d/\(question.id!)/accept", [("post_id", "\(posts[1].id!)")]) }
            #expect(byMember.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let notAQuestion = try await f.app.expectNoWrite {
                try await browser.post("/d/\(conversation.id!)/accept", [("post_id", "\(convPosts[0].id!)")])
            }
            #expect(notAQuestion.status == .conflict)
            #expect(try await browser.post("/d/\(question.id!)/accept", [("post_id", "\(posts[1].id!)")]).status == .seeOther)
            let page = try await browser.get(Paths.discussion(question))
            let accepted = try #require(page.body.range(of: "Accepted answer</h2>"))
            let replies = try #require(page.body.range(of: "Replies</h2>"))
            #expect(accepted.lowerBound < replies.lowerBound)
            #expect(page.body.contains("Answered"))
            // Changing the accepted answer
            #expect(try await browser.post("/d/\(question.id!)/accept", [("post_id", "\(posts[0].id!)")]).status == .seeOther)
            let board = try await browser.get("/c/privacy/b/questions?filter=answered")
            #expect(board.body.contains("How do we disclose PHI to police?"))
            #expect(!board.body.contains("Just chatting here"))
            let unanswered = try await browser.get("/c/privacy/b/questions?filter=unanswered")
            #expect(!unanswered.body.contains("How do we disclose PHI to police?"))
            #expect(try await browser.get("/c/privacy/b/questions?filter=bogus").status == .badRequest)
        }
        #expect(try await f.app.database.discussion(id: question.id!)?.acceptedPostId == posts[0].id)
    }

    @Test("quoting a post fills the reply box with a Markdown quote linking back")
    func quote() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get("/d/\(discussion.id!)?quote=2")
            #expect(page.body.contains("&gt; Reply 1"))
            #expect(page.body.contains("#p2"))
            #expect(try await browser.get("/d/\(discussion.id!)?quote=abc").status == .badRequest)
        }
    }

    @Test("a board lists pinned first then by last activity, and pages after 30; a discussion pages after 50 posts")
    func ordersAndPages() async throws {
        let f = try await ForumFixture.make()
        var made: [Discussion] = []
        for n in 0..<32 {
            f.app.clock.advance(by: 60)
            made.append(try await f.question(title: "Question number \(n)").0)
        }
        try await f.app.database.setPinned(discussionID: made[0].id!, pinned: true, by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        let (long, _) = try await f.question(title: "A very long thread", replies: 55)
        try await f.app.run { browser in
            let first = try await browser.get("/c/privacy/b/questions")
            let pinned = try #require(first.body.range(of: "Question number 0<"))
            let newest = try #require(first.body.range(of: "A very long thread<"))
            let older = try #require(first.body.range(of: "Question number 30<"))
            #expect(pinned.lowerBound < newest.lowerBound && newest.lowerBound < older.lowerBound)
            #expect(first.body.contains("Page 1 of 2"))
            #expect(try await browser.get("/c/privacy/b/questions?page=2").body.contains("Question number 1<"))
            #expect(try await browser.get("/c/privacy/b/questions?page=3").status == .notFound)
            #expect(try await browser.get("/c/privacy/b/questions?page=x").status == .badRequest)
            let page1 = try await browser.get(Paths.discussion(long))
            #expect(page1.body.contains("id=\"p50\""))
            #expect(!page1.body.contains("id=\"p51\""))
            let page2 = try await browser.get(Paths.discussion(long, page: 2))
            #expect(page2.body.contains("id=\"p56\""))
            #expect(Paths.post(long, number: 56).hasSuffix("?page=2#p56"))
        }
    }
}
