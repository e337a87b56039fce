import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The Notifications control on community, board and discussion pages, and its POSTs.
@Suite("Watching: the controls")
struct WatchControllerTests {
    /// Every watch row as "user target_type target_id level".
    static func rows(_ f: ForumFixture) async throws -> Set<String> {
        try await f.app.database.reader.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT u.handle || ' ' || w.target_type || ' ' || w.target_id || ' ' || w.level FROM watch w JOIN user u ON u.id = w.user_id
                """))
        }
    }

    @Test("a board page seen before a change of level shows the new level, and Normal again after it is removed")
    func boardFollowsLevelChanges() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question()
        try await Self.clear(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let boardPath = Paths.board(f.community, f.board)
            #expect(try await browser.get(boardPath).body.contains("What you hear of this board: <strong>Normal</strong>"))
            _ = try await browser.post(Paths.watchBoard(f.community, f.board), [("level", "new_discussions")])
            #expect(try await browser.get(boardPath).body.contains("What you hear of this board: <strong>New discussions</strong>"))
            _ = try await browser.post(Paths.watchBoard(f.community, f.board), [("level", "normal")])
            #expect(try await browser.get(boardPath).body.contains("What you hear of this board: <strong>Normal</strong>"))
            // A level chosen for the community shows on the board as where its level comes from.
            _ = try await browser.post(Paths.watchCommunity(f.community), [("level", "muted")])
            #expect(try await browser.get(boardPath).body.contains("Muted"))
        }
    }

    @Test("a member chooses a level for a community, a board and a discussion; Normal removes the row; the page shows it")
    func chooseEachLevel() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clear(f)
        let (c, b, d) = (f.community.id!, f.board.id!, question.id!)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            // Given no level chosen, each page offers the control with Normal checked
            let before = try await browser.get(Paths.community(f.community))
            #expect(before.body.contains("action=\"\(Paths.watchCommunity(f.community))\""))
            #expect(before.body.contains("What you hear of this community: <strong>Normal</strong>"))
            #expect(before.body.contains("id=\"watch-normal\" name=\"level\" value=\"normal\" checked"))
            #expect(before.body.contains("<strong>Muted</strong>: nothing from here, not even its discussions, except when someone @mentions you"))

            // When the member watches the community
            let watched = try await browser.post(Paths.watchCommunity(f.community), [("level", "watching")])
            // Then they come back to it with a notice, and the control says so
            #expect(watched.status == .seeOther)
            #expect(watched.location == Paths.community(f.community) + "?notice=watch-watching")
            let after = try await browser.get(watched.location!)
            #expect(after.body.contains("Saved: Watching. You will hear of every new post."))
            #expect(after.body.contains("What you hear of this community: <strong>Watching</strong>"))
            #expect(after.body.contains("id=\"watch-watching\" name=\"level\" value=\"watching\" checked"))

            // A board: New discussions
            let board = try await browser.post(Paths.watchBoard(f.community, f.board), [("level", "new_discussions")])
            #expect(board.location == Paths.board(f.community, f.board) + "?notice=watch-new-discussions")
            let boardPage = try await browser.get(board.location!)
            #expect(boardPage.body.contains("What you hear of this board: <strong>New discussions</strong>"))
            #expect(boardPage.body.contains("Saved: New discussions."))

            // A discussion: Muted, said plainly; it offers no New discussions
            let muted = try await browser.post(Paths.watchDiscussion(question), [("level", "muted")])
            #expect(muted.location == Paths.discussion(question) + "?notice=watch-muted")
            let discussionPage = try await browser.get(muted.location!)
            #expect(discussionPage.body.contains("What you hear of this discussion: <strong>Muted</strong>"))
            #expect(discussionPage.body.contains("<strong>Muted</strong>: nothing from here, except when someone @mentions you"))
            #expect(!discussionPage.body.contains("value=\"new_discussions\""))
            #expect(try await Self.rows(f) == ["member community \(c) watching", "member board \(b) new_discussions",
                                               "member discussion \(d) muted"])

            // Normal removes the row; the discussion then follows the board, and says so
            let normal = try await browser.post(Paths.watchDiscussion(question), [("level", "normal")])
            #expect(normal.location == Paths.discussion(question) + "?notice=watch-normal")
            #expect(try await Self.rows(f) == ["member community \(c) watching", "member board \(b) new_discussions"])
            let inherited = try await browser.get(Paths.discussion(question))
            #expect(inherited.body.contains("What you hear of this discussion: <strong>New discussions</strong>"))
            #expect(inherited.body.contains("Your level for its board applies here: New discussions."))
            #expect(inherited.body.contains("id=\"watch-normal\" name=\"level\" value=\"normal\" checked"))
        }
    }

    @Test("the answer goes to a safe `next` (with the notice), never to another site")
    func nextIsFollowedWhenSafe() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let settings = try await browser.post(Paths.watchCommunity(f.community), [("level", "muted"), ("next", "/settings/watching?page=2#list")])
            #expect(settings.location == "/settings/watching?page=2&notice=watch-muted#list")
            for unsafe in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
                let page = try await browser.post(Paths.watchCommunity(f.community), [("level", "muted"), ("next", unsafe)])
                #expect(page.location == Paths.community(f.community) + "?notice=watch-muted", "\(unsafe)")
            }
        }
    }

    @Test("anonymous visitors and suspended accounts are refused (403), and see no control; nothing is written")
    func anonymousAndSuspended() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clear(f)
        let targets = [Paths.watchCommunity(f.community), Paths.watchBoard(f.community, f.board), Paths.watchDiscussion(question)]
        try await f.app.run { browser in
            for path in targets {
                let refused = try await f.app.expectNoWrite { try await browser.post(path, [("level", "watching")]) }
                #expect(refused.status == .forbidden, "\(path)")
            }
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains("What you hear of")))
            #expect(!(try await browser.get(Paths.community(f.community)).body.contains("What you hear of")))
            try await f.signIn(browser, "suspended@example.org")
            for path in targets {
                let refused = try await f.app.expectNoWrite { try await browser.post(path, [("level", "watching")]) }
                #expect(refused.status == .forbidden, "\(path)")
                #expect(refused.body.contains("suspended"), "\(path)")
            }
            #expect(!(try await browser.get(Paths.board(f.community, f.board)).body.contains("What you hear of")))
        }
    }

    @Test("what the member cannot see is 404: a members-only community, its board and discussion; a hidden discussion; nothing is written")
    func cannotSee() async throws {
        let f = try await ForumFixture.make()
        let (secret, _) = try await f.question(title: "Pen-test scope?", in: f.privateBoard)
        let (hidden, _) = try await f.question(title: "Hidden")
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_by = ? WHERE id = ?", arguments: [f.app.clock.now, f.moderator.id, hidden.id])
        }
        try await Self.clear(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            for path in [Paths.watchCommunity(f.privateCommunity), Paths.watchBoard(f.privateCommunity, f.privateBoard),
                         Paths.watchDiscussion(secret), Paths.watchDiscussion(hidden), "/c/nowhere/watch", "/d/999999/watch"] {
                let refused = try await f.app.expectNoWrite { try await browser.post(path, [("level", "watching")]) }
                #expect(refused.status == .notFound, "\(path)")
            }
            browser.clearCookies()
            // The hidden discussion's author still sees it, and may watch it
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.watchDiscussion(hidden), [("level", "muted")]).status == .seeOther)
        }
        #expect(try await Self.rows(f) == ["author discussion \(hidden.id!) muted"])
    }

    @Test("a missing or unknown level is 400 with what is allowed; New discussions on a discussion is 400; nothing is written")
    func badLevels() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clear(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let cases: [(String, [(String, String)], String)] = [
                (Paths.watchCommunity(f.community), [("level", "loud")], "“level” must be watching, new_discussions, normal or muted for a community."),
                (Paths.watchBoard(f.community, f.board), [], "“level” must be watching, new_discussions, normal or muted for a board."),
                (Paths.watchDiscussion(question), [("level", "")], "“level” must be watching, normal or muted for a discussion."),
                (Paths.watchDiscussion(question), [("level", "new_discussions")],
                 "“New discussions” is for communities and boards: a discussion can be watching, normal or muted."),
            ]
            for (path, fields, message) in cases {
                let refused = try await f.app.expectNoWrite { try await browser.post(path, fields) }
                #expect(refused.status == .badRequest, "\(path) \(fields)")
                #expect(refused.body.contains(message), "\(path) \(fields)")
            }
            let noToken = try await f.app.expectNoWrite { try await browser.post(Paths.watchCommunity(f.community), [("level", "muted")], csrf: "") }
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("choosing a level is refused when the discussion is hidden, or the account suspended, between the check and the write")
    func recheckedInsideTheWrite() async throws {
        let hidden = try await WriteRace.run(as: "member@example.org", tables: ["watch"], setup: { f in
            let (question, _) = try await f.question()
            try await f.app.database.writer.write { db in try db.execute(sql: "DELETE FROM watch") }
            return question
        }, change: { f, question in
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_by = ? WHERE id = ?", arguments: [f.app.clock.now, f.moderator.id, question.id])
            }
        }) { browser, _, question in
            try await browser.post(Paths.watchDiscussion(question), [("level", "watching")])
        }
        #expect(hidden.holds, "\(hidden)")
        #expect(hidden.before.status == 404, "\(hidden)")

        let suspended = try await WriteRace.run(as: "member@example.org", tables: ["watch"], setup: { _ in },
                                                change: { f, _ in try await f.suspend(f.member) }) { browser, f, _ in
            try await browser.post(Paths.watchCommunity(f.community), [("level", "muted")])
        }
        #expect(suspended.holds, "\(suspended)")
        #expect(suspended.before.status == 403, "\(suspended)")
    }

    /// Removes the watch rows the fixture's discussions wrote by auto-watch.
    static func clear(_ f: ForumFixture) async throws {
        try await f.app.database.writer.write { db in try db.execute(sql: "DELETE FROM watch") }
    }
}
