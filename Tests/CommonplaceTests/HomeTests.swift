import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The signed-in member's own front page, and the directory one click away.
@Suite("A member's home")
struct HomeTests {
    @Test("signed out, / is the directory; signed in, / is the member's home and /communities the directory")
    func homeOrDirectory() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await browser.get("/")
            #expect(anonymous.body.contains("<h2>Communities of practice</h2>"))
            try await browser.signIn(email: "member@example.org")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.contains("Welcome, Member"), "nothing written yet: a newcomer")
            #expect(home.body.contains("href=\"/communities\""))
            #expect(!home.body.contains("<h2>Communities of practice</h2>"))
            #expect(try await browser.get("/communities").body.contains("<h2>Communities of practice</h2>"))
            // A filtered link to / stays the directory, for bookmarks.
            #expect(try await browser.get("/?status=active").body.contains("<h2>Communities of practice</h2>"))
        }
    }

    @Test("the home lists the member's communities, discussions they take part in with unread first, their questions, and questions for them")
    func homeLists() async throws {
        let f = try await ForumFixture.make()
        let (read, _) = try await f.question(title: "Shredding schedules", replies: 1)
        let (unread, _) = try await f.question(title: "Fax numbers on referrals", replies: 1)
        _ = try await f.question(title: "Consent wording for minors")
        let now = f.app.clock.now
        let asked = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "My own question on audits",
            authorID: f.member.id!, body: .from("How often?"), createdAt: now))
        try await f.app.database.saveExpertise(userID: f.member.id!, Expertise(help: ["consent"]), now: now)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for d in [read, unread, asked] { _ = try await browser.get(Paths.discussion(d)) }
        }
        try await f.app.flushViews()
        f.app.clock.advance(by: 60)
        _ = try await f.app.database.reply(discussionID: unread.id!, authorID: f.author.id!, body: .from("New answer"), now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        _ = try await f.app.database.reply(discussionID: read.id!, authorID: f.member.id!, body: .from("My own later reply"), now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            _ = try await browser.get(Paths.discussion(read))
            let home = try await browser.get("/")
            #expect(home.body.contains("href=\"/c/privacy\">Privacy</a>"))
            #expect(home.body.contains("href=\"/c/security\">Security</a>"))
            // Unread first, though the other has the later post.
            let fax = try #require(home.body.range(of: "Fax numbers on referrals"))
            let shredding = try #require(home.body.range(of: "Shredding schedules"))
            #expect(fax.lowerBound < shredding.lowerBound)
            #expect(home.body.contains(">1 new</a>"))
            #expect(home.body.contains("My own question on audits"))
            #expect(home.body.contains("Consent wording for minors"))
            #expect(home.body.contains("which you said you can help with"))
        }
    }

    @Test("a home seen before shows what changed since: a new reply, a question for the member, an event; an ended event leaves it")
    func homeFollowsChanges() async throws {
        // Given a member who took part in a discussion and has read it
        let f = try await ForumFixture.make()
        let (taken, _) = try await f.question(title: "Shredding schedules", replies: 1)
        _ = try await f.app.database.reply(discussionID: taken.id!, authorID: f.member.id!, body: .from("Ours is yearly"), now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            _ = try await browser.get(Paths.discussion(taken))
            let before = try await browser.get("/")
            #expect(before.body.contains("Shredding schedules"))
            #expect(!before.body.contains(">1 new</a>"))
            #expect(!before.body.contains("Consent wording for minors"))
            #expect(!before.body.contains("Coming up"))

            // When someone answers, a question matching what they can help with is asked, and an event is planned
            f.app.clock.advance(by: 60)
            _ = try await f.app.database.reply(discussionID: taken.id!, authorID: f.author.id!, body: .from("New answer"), now: f.app.clock.now)
            _ = try await f.question(title: "Consent wording for minors")
            try await f.app.database.saveExpertise(userID: f.member.id!, Expertise(help: ["consent"]), now: f.app.clock.now)
            _ = try await f.meeting("Shredding day", date: "2026-09-22")

            // Then the same home, asked again, shows each
            let after = try await browser.get("/")
            #expect(after.body.contains(">1 new</a>"))
            #expect(after.body.contains("Consent wording for minors"))
            #expect(after.body.contains("Shredding day"))

            // And once the event has ended (nothing written meanwhile), it is no longer coming up
            f.app.clock.advance(by: 27 * 3600)
            let later = try await browser.get("/")
            #expect(later.status == .ok)
            #expect(!later.body.contains("Shredding day"))
            #expect(later.body.contains("Consent wording for minors"))
        }
    }

    @Test("a member who has written something is welcomed back; one who has not is welcomed")
    func greeting() async throws {
        // Given a member with nothing written yet
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let first = try await browser.get("/")
            #expect(first.body.contains("<h1>Welcome, Member</h1>"))
        }
        // When they ask a question
        _ = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Retention of intake forms",
            authorID: f.member.id!, body: .from("How long?"), createdAt: f.app.clock.now))
        // Then the home welcomes them back
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/").body.contains("<h1>Welcome back, Member</h1>"))
        }
    }

    @Test("the home never shows what the member may not see")
    func homeVisibility() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Zebra-unique phishing drill", replies: 1, in: f.privateBoard)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/").body.contains("Zebra-unique phishing drill"))
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let home = try await browser.get("/")
            #expect(!home.body.contains("Zebra-unique"))
            #expect(home.body.contains("You have not joined a community yet"))
        }
        // The member leaves: the discussion they took part in goes from their home.
        try await f.app.database.writer.write { db in
            try db.execute(sql: "DELETE FROM membership WHERE user_id = ? AND community_id = ?", arguments: [f.member.id!, f.privateCommunity.id!])
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(!(try await browser.get("/").body.contains("Zebra-unique")))
        }
    }
}
