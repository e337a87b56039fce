import Foundation
import GRDB
import Testing
@testable import Commonplace

/// `/settings/watching`: what a member watches or muted and may still see, and "watch what I start or reply to".
@Suite("Watching: settings")
struct WatchSettingsTests {
    @Test("the list shows each community, board and discussion with its level, link and inline form; not what the member may no longer see")
    func listsWhatTheMemberMaySee() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        let (question, _) = try await f.question(title: "Consent for photos?", replies: 1)  // the member replied: auto-watched
        let (secret, _) = try await f.question(title: "Pen-test scope?", in: f.privateBoard)
        let (hidden, _) = try await f.question(title: "Hidden one")
        try await db.setWatch(userID: f.member.id!, target: .community, id: f.community.id!, level: .muted, now: now)
        try await db.setWatch(userID: f.member.id!, target: .board, id: f.board.id!, level: .newDiscussions, now: now)
        try await db.setWatch(userID: f.member.id!, target: .discussion, id: secret.id!, level: .watching, now: now)
        try await db.setWatch(userID: f.member.id!, target: .discussion, id: hidden.id!, level: .watching, now: now)
        try await db.setWatch(userID: f.member.id!, target: .community, id: f.privateCommunity.id!, level: .watching, now: now)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            // Given everything visible, it is all listed with its level
            let before = try await browser.get(Paths.settingsWatching)
            #expect(before.status == .ok)
            #expect(before.body.contains("href=\"\(Paths.settingsWatching)\" aria-current=\"page\">Watching</a>"))
            for (name, url, action) in [("Privacy", Paths.community(f.community), Paths.watchCommunity(f.community)),
                                        ("Questions", Paths.board(f.community, f.board), Paths.watchBoard(f.community, f.board)),
                                        ("Consent for photos?", Paths.discussion(question), Paths.watchDiscussion(question)),
                                        ("Pen-test scope?", Paths.discussion(secret), Paths.watchDiscussion(secret)),
                                        ("Security", Paths.community(f.privateCommunity), Paths.watchCommunity(f.privateCommunity))] {
                #expect(before.body.contains("<a href=\"\(url)\">\(name)</a>"), "\(name)")
                #expect(before.body.contains("action=\"\(action)\""), "\(name)")
            }
            #expect(before.body.contains("<option value=\"muted\" selected>Muted</option>"))
            #expect(before.body.contains("<option value=\"new_discussions\" selected>New discussions</option>"))
            #expect(before.body.contains("name=\"next\" value=\"\(Paths.settingsWatching)\""))

            // When the member leaves Security and a moderator hides a discussion they watch
            try await db.removeMember(communityID: f.privateCommunity.id!, userID: f.member.id!)
            try await db.writer.write { db in
                try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_by = ? WHERE id = ?", arguments: [now, f.moderator.id, hidden.id])
            }
            // Then neither Security, nor its discussion, nor the hidden one is listed; the rest is
            let after = try await browser.get(Paths.settingsWatching)
            #expect(!after.body.contains("Pen-test scope?"))
            #expect(!after.body.contains(">Security</a>"))
            #expect(!after.body.contains("Hidden one"))
            #expect(after.body.contains("<a href=\"\(Paths.discussion(question))\">Consent for photos?</a>"))
            // …and changing a level inline comes back here with a notice
            let changed = try await browser.post(Paths.watchDiscussion(question), [("level", "muted"), ("next", Paths.settingsWatching)])
            #expect(changed.location == Paths.settingsWatching + "?notice=watch-muted")
            let page = try await browser.get(changed.location!)
            #expect(page.body.contains("Saved: Muted."))
        }
        // The rows of what the member may no longer see are kept, not listed
        let kept = try await db.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM watch WHERE user_id = ? AND target_id IN (?, ?) AND target_type = 'discussion'",
                             arguments: [f.member.id, secret.id, hidden.id])
        }
        #expect(kept == 2)
    }

    @Test("the list agrees with canSee for every actor: communities, boards and discussions (listed, hidden, held, members-only)")
    func listAgreesWithTheRule() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        let (listed, _) = try await f.question(title: "Listed")
        let (hidden, _) = try await f.question(title: "Hidden")
        let (secret, _) = try await f.question(title: "Secret", in: f.privateBoard)
        let held = try await db.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Held", authorID: f.member.id!,
            body: .from("Waiting"), createdAt: now, holdFirst: 5))
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_by = ? WHERE id = ?", arguments: [now, f.moderator.id, hidden.id])
        }
        var discussions: [DiscussionContext] = []
        for d in [listed, hidden, secret, held] { discussions.append(try #require(try await db.discussionContext(id: d.id!))) }
        let communities = [f.community, f.privateCommunity, f.otherCommunity]
        let boards = [f.board, f.privateBoard]
        for (_, user) in f.actors {
            guard let user else { continue }
            for c in communities { try await db.setWatch(userID: user.id!, target: .community, id: c.id!, level: .watching, now: now) }
            for b in boards { try await db.setWatch(userID: user.id!, target: .board, id: b.id!, level: .muted, now: now) }
            for d in discussions { try await db.setWatch(userID: user.id!, target: .discussion, id: d.discussion.id!, level: .muted, now: now) }
        }
        for (name, user) in f.actors {
            guard let user else { continue }
            let guardian = try await f.guardian(user)
            let list = try db.watchList(userID: user.id!, visibleCommunity: guardian.visibleCommunitySQL(table: "c"),
                                        visibleDiscussion: guardian.visibleDiscussionSQL(discussion: "d", community: "c"), page: 1)
            #expect(Set(list.communities.map(\.community.id!)) == Set(communities.filter(guardian.canSee).map(\.id!)), "\(name)")
            let boardCommunities = Dictionary(uniqueKeysWithValues: [(f.board.id!, f.community), (f.privateBoard.id!, f.privateCommunity)])
            #expect(Set(list.boards.map(\.board!.id!)) == Set(boards.filter { guardian.canSee(boardCommunities[$0.id!]!) }.map(\.id!)), "\(name)")
            #expect(Set(list.discussions.map(\.discussion!.id!))
                    == Set(discussions.filter { guardian.canSee($0.discussion, in: $0.community) }.map(\.discussion.id!)), "\(name)")
            #expect(list.discussionCount == list.discussions.count, "\(name)")
        }
    }

    @Test("discussions are listed 50 a page; a page past the end is 404, a page that is not a number 400")
    func pagination() async throws {
        let f = try await ForumFixture.make()
        for n in 1...51 { _ = try await f.question(title: "Question \(n)") }  // the author starts them: auto-watched
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let first = try await browser.get(Paths.settingsWatching)
            #expect(first.body.components(separatedBy: "name=\"level\"").count - 1 == 50)
            #expect(first.body.contains("Page 1 of 2"))
            let second = try await browser.get(Paths.settingsWatching(page: 2))
            #expect(second.body.components(separatedBy: "name=\"level\"").count - 1 == 1)
            #expect(second.body.contains("name=\"next\" value=\"\(Paths.settingsWatching(page: 2))\""))
            #expect(try await browser.get(Paths.settingsWatching(page: 3)).status == .notFound)
            #expect(try await browser.get(Paths.settingsWatching + "?page=zero").status == .badRequest)
        }
    }

    @Test("“watch what I start or reply to” is on by default; turned off, replying watches nothing; turned on again, it does")
    func watchOnParticipate() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        @Sendable func watched() async throws -> Bool {
            try await f.app.database.reader.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM watch WHERE user_id = ? AND target_type = 'discussion' AND target_id = ?)",
                                  arguments: [f.member.id, question.id])!
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.settingsWatching).body.contains("name=\"watch_on_participate\" value=\"true\" checked"))
            // A checkbox left unticked sends nothing: off
            let off = try await browser.post(Paths.settingsWatching, [])
            #expect(off.location == Paths.settingsWatching + "?notice=watch-settings-saved")
            let page = try await browser.get(off.location!)
            #expect(page.body.contains("Your watching setting was saved."))
            #expect(page.body.contains("name=\"watch_on_participate\" value=\"true\">"))
            #expect(try await browser.post(Paths.reply(question), [("body", "First reply")]).status == .seeOther)
            #expect(try await watched() == false)
            // On again: the next reply watches it
            #expect(try await browser.post(Paths.settingsWatching, [("watch_on_participate", "true")]).status == .seeOther)
            #expect(try await browser.post(Paths.reply(question), [("body", "Second reply")]).status == .seeOther)
            #expect(try await watched() == true)
        }
    }

    @Test("the setting is refused: a value that is not on or off 400, anonymous 403, suspended 403; nothing written. Anonymous readers of the page sign in first")
    func settingRefusals() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite { try await browser.post(Paths.settingsWatching, [("watch_on_participate", "false")]) }
            #expect(anonymous.status == .forbidden)
            let page = try await browser.get(Paths.settingsWatching)
            #expect(page.status == .seeOther)
            #expect(page.location == Paths.signIn(next: Paths.settingsWatching))
            try await browser.signIn(email: "member@example.org")
            let bad = try await f.app.expectNoWrite { try await browser.post(Paths.settingsWatching, [("watch_on_participate", "maybe")]) }
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("“watch_on_participate” must be true"))
            browser.clearCookies()
            try await f.signIn(browser, "suspended@example.org")
            let suspended = try await f.app.expectNoWrite { try await browser.post(Paths.settingsWatching, [("watch_on_participate", "false")]) }
            #expect(suspended.status == .forbidden)
            let readOnly = try await browser.get(Paths.settingsWatching)
            #expect(readOnly.status == .ok)
            #expect(readOnly.body.contains("you can read these settings, not change them"))
            #expect(!readOnly.body.contains("name=\"watch_on_participate\""))
        }
        #expect(try f.app.database.watchesOnParticipate(userID: f.member.id!))
        #expect(try f.app.database.watchesOnParticipate(userID: f.suspended.id!))
    }
}

