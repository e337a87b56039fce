import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// What is new to a member since their last visit: "N new" in lists, the marker on the discussion page, "mark all read".
@Suite("Unread tracking")
struct UnreadTests {
    static func marks(_ f: ForumFixture) async throws -> [Row] {
        try await f.app.database.reader.read { db in try Row.fetchAll(db, sql: "SELECT * FROM discussion_read") }
    }

    /// Two more replies by the member, after the author's visit.
    static func twoMoreReplies(_ f: ForumFixture, to discussion: Discussion) async throws {
        f.app.clock.advance(by: 60)
        for n in 1...2 {
            _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Later reply \(n)"),
                                               now: f.app.clock.now.addingTimeInterval(Double(n)))
        }
    }

    @Test("a member's board shows “2 new” linking to the first unread post, and the discussion marks where they stopped")
    func countsAndMarker() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(title: "Consent for photos", replies: 2)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.get(Paths.discussion(question)).status == .ok)
        }
        try await f.app.flushViews()
        try await Self.twoMoreReplies(f, to: question)
        let updated = try #require(try await f.app.database.discussion(id: question.id!))
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(board.body.contains(">2 new</a>"))
            #expect(board.body.contains("href=\"\(Paths.post(updated, number: 4))\""))
            let community = try await browser.get("/c/privacy")
            #expect(community.body.contains(">2 new</a>"))
            let page = try await browser.get(Paths.discussion(updated))
            #expect(page.body.contains("id=\"new\""))
            #expect(page.body.contains("2 new since your last visit"))
            // The marker stands right above post 4, the first one not seen.
            let marker = try #require(page.body.range(of: "New since your last visit</p>"))
            #expect(page.body[marker.upperBound...].trimmingPrefix(while: \.isWhitespace).hasPrefix("<article class=\"post\" id=\"p4\""))
            // Read now: once saved, nothing is new (and the page read just now counts before it is saved).
            #expect(!(try await browser.get("/c/privacy/b/questions").body.contains(">2 new</a>")))
        }
        try await f.app.flushViews()
        let rows = try await Self.marks(f)
        #expect(rows.count == 1)
        #expect(rows.first.map { $0["last_read_number"] as Int } == 5)
    }

    @Test("a board list kept in memory follows the saved marks: “2 new” until the member reads them, nothing once saved")
    func listFollowsSavedMarks() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(title: "Consent for photos", replies: 2)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            _ = try await browser.get(Paths.discussion(question))
        }
        try await f.app.flushViews()
        try await Self.twoMoreReplies(f, to: question)
        let updated = try #require(try await f.app.database.discussion(id: question.id!))
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            // Twice: the second list is answered from what the first one read.
            #expect(try await browser.get("/c/privacy/b/questions").body.contains(">2 new</a>"))
            #expect(try await browser.get("/c/privacy/b/questions").body.contains(">2 new</a>"))
            #expect(try await browser.get(Paths.discussion(updated)).status == .ok)
        }
        // Saved: the marks come from the table again, not from the list read before.
        try await f.app.flushViews()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let board = try await browser.get("/c/privacy/b/questions").body
            #expect(!board.contains(" new</a>"))
        }
        #expect(try await Self.marks(f).first.map { $0["last_read_number"] as Int } == 5)
    }

    @Test("a discussion view writes nothing on its request: marks are saved in a batch, one row per member and discussion")
    func batchedWrites() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for _ in 0..<3 {
                let page = try await f.app.expectNoWrite(ignoring: ["session", "visitor"]) { try await browser.get(Paths.discussion(question)) }
                #expect(page.status == .ok)
            }
        }
        #expect(try await Self.marks(f).isEmpty)
        try await f.app.flushViews()
        let rows = try await Self.marks(f)
        #expect(rows.count == 1)
        #expect(rows.first.map { $0["user_id"] as Int64 } == f.member.id!)
        #expect(rows.first.map { $0["last_read_number"] as Int } == 2)
    }

    @Test("anonymous visitors are never tracked, and see no counts or “mark all read”")
    func anonymousNotTracked() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.discussion(question)).status == .ok)
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(!board.body.contains("badge new") && !board.body.contains("Mark all read"))
            let refused = try await f.app.expectNoWrite { try await browser.post("/c/privacy/mark-read", []) }
            #expect(refused.status == .forbidden)
        }
        try await f.app.flushViews()
        #expect(try await Self.marks(f).isEmpty)
    }

    @Test("“mark all read” clears a community's counts; outsiders of a members-only community get 404 and write nothing")
    func markAllRead() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(title: "Retention of intake forms", replies: 1)
        f.app.clock.advance(by: 60)
        _ = try await f.app.database.reply(discussionID: question.id!, authorID: f.author.id!, body: .from("More"), now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/c/privacy/b/questions").body.contains(">3 new</a>"))
            #expect(try await browser.get("/").body.contains("1 discussion with new posts"))
            let marked = try await browser.post("/c/privacy/mark-read", [("board", "questions")])
            #expect(marked.status == .seeOther)
            #expect(marked.location == "/c/privacy/b/questions?notice=marked-read")
            let board = try await browser.get(marked.location!)
            #expect(board.body.contains("Everything in this community is marked read."))
            #expect(!board.body.contains("badge new"))
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains("id=\"new\"")))
            #expect(!(try await browser.get("/").body.contains("with new posts")))
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let refused = try await f.app.expectNoWrite(ignoring: ["session", "visitor"]) { try await browser.post("/c/security/mark-read", []) }
            #expect(refused.status == .notFound)
        }
    }

    @Test("a signed-in visitor who is not a member sees counts only for discussions they opened before")
    func nonMemberCountsOnlyOpened() async throws {
        let f = try await ForumFixture.make()
        let (opened, _) = try await f.question(title: "Opened before", replies: 1)
        _ = try await f.question(title: "Never opened", replies: 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            _ = try await browser.get(Paths.discussion(opened))
        }
        try await f.app.flushViews()
        try await Self.twoMoreReplies(f, to: opened)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let board = try await browser.get("/c/privacy/b/questions")
            #expect(board.body.components(separatedBy: "badge new").count == 2)
            #expect(board.body.contains(">2 new</a>"))
        }
    }
}
