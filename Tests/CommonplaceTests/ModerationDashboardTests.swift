import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Moderation dashboard, log and settings")
struct ModerationDashboardTests {
    @Test("the dashboard shows held posts, pending requests, old unanswered questions and the last post")
    func dashboard() async throws {
        let f = try await ForumFixture.make()
        let (old, _) = try await f.question(title: "An old unanswered question about retention")
        f.app.clock.advance(by: 10 * 86_400)
        let (recent, _) = try await f.question(title: "A fresh question about consent forms")
        _ = try await f.app.database.reply(discussionID: recent.id!, authorID: f.member.id!, body: .from("Held"),
                                           now: f.app.clock.now, holdFirst: 1)
        _ = try await f.app.database.createJoinRequest(JoinRequest(
            communityId: f.community.id!, userId: f.outsider.id!, message: "Hello", createdAt: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get("/mod/privacy")
            #expect(page.status == .ok)
            #expect(page.body.contains(old.title))
            #expect(!page.body.contains(recent.title))
            #expect(page.body.contains("Questions unanswered for more than 7 days"))
            #expect(page.body.contains(#"Awaiting approval</a></h2><p class="figure">1</p>"#))
            #expect(page.body.contains(#"Join requests</a></h2><p class="figure">1</p>"#))
            #expect(page.body.contains("today"))
        }
    }

    @Test("the dashboard, log and settings are refused to members (403), other moderators (403, or 404 where hidden) and visitors")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await browser.get("/mod/privacy")
            #expect(anonymous.status == .seeOther)
            try await browser.signIn(email: "member@example.org")
            for path in ["/mod/privacy", "/mod/privacy/log", "/mod/privacy/settings", "/mod/privacy/queue"] {
                let page = try await browser.get(path)
                #expect(page.status == .forbidden, "\(path)")
            }
            let save = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/settings", [("hold_first_posts", "3"), ("flag_hide_threshold", "3"), ("unanswered_after_days", "7")]) }
            #expect(save.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let other = try await browser.get("/mod/privacy")
            #expect(other.status == .forbidden)
            let hidden = try await browser.get("/mod/security")
            #expect(hidden.status == .notFound)
            let unknown = try await browser.get("/mod/no-such-community")
            #expect(unknown.status == .notFound)
        }
        #expect(try await f.app.database.community(slug: "privacy")?.holdFirstPosts == 0)
        #expect(try await f.app.logCount() == 0)
    }

    @Test("moderators change the settings; bad values are refused with a message and change nothing")
    func settings() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            for (hold, threshold, days) in [("-1", "3", "7"), ("3", "1", "7"), ("3", "3", "0"), ("many", "3", "7"), ("21", "3", "7")] {
                let bad = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/settings", [("hold_first_posts", hold), ("flag_hide_threshold", threshold), ("unanswered_after_days", days)]) }
                #expect(bad.status == .badRequest)
                #expect(bad.body.contains("whole number"))
            }
            #expect(try await f.app.logCount() == 0)
            let saved = try await browser.post("/mod/privacy/settings", [("hold_first_posts", "2"), ("flag_hide_threshold", "4"), ("unanswered_after_days", "14")])
            #expect(saved.status == .seeOther)
            let unchanged = try await browser.post("/mod/privacy/settings", [("hold_first_posts", "2"), ("flag_hide_threshold", "4"), ("unanswered_after_days", "14")])
            #expect(unchanged.status == .seeOther)
        }
        let community = try #require(try await f.app.database.community(slug: "privacy"))
        #expect(community.holdFirstPosts == 2 && community.flagHideThreshold == 4 && community.unansweredAfterDays == 14)
        #expect(try await f.app.logRows().map(\.action) == [.changeSettings])
    }

    @Test("every moderator action writes exactly one log row, readable and filterable by the community's moderators")
    func logOneRowPerAction() async throws {
        let f = try await ForumFixture.make()
        let request = try await f.app.database.createJoinRequest(JoinRequest(
            communityId: f.community.id!, userId: f.outsider.id!, message: "Hello", createdAt: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            var expected = 0
            func check(_ response: Browser.Page) async throws {
                #expect(response.status == .seeOther)
                expected += 1
                #expect(try await f.app.logCount() == expected)
            }
            try await check(try await browser.post("/c/privacy/boards/new", [("name", "Templates"), ("slug", "templates"), ("description", "")]))
            try await check(try await browser.post("/c/privacy/b/templates/edit", [("name", "Templates and forms"), ("slug", "templates"), ("description", "")]))
            try await check(try await browser.post("/c/privacy/b/templates/move", [("direction", "up")]))
            try await check(try await browser.post("/c/privacy/b/templates/archive", [("archived", "true")]))
            try await check(try await browser.post("/c/privacy/requests/\(request.id!)", [("decision", "approve"), ("reason", "Welcome")]))
            try await check(try await browser.post("/c/privacy/members/outsider/remove", []))
            try await check(try await browser.post("/c/privacy/join-questions", [("question_1", "Where do you work?")]))
            let again = try await browser.post("/c/privacy/b/templates/archive", [("archived", "true")])
            #expect(again.status == .conflict)
            #expect(try await f.app.logCount() == expected)

            let log = try await browser.get("/mod/privacy/log")
            #expect(log.status == .ok)
            #expect(log.body.contains("Approve join"))
            #expect(log.body.contains("Archive board"))
            #expect(log.body.contains("7 entries."))
            let filtered = try await browser.get("/mod/privacy/log?action=archive_board")
            #expect(filtered.body.contains("1 entry."))
            let byActor = try await browser.get("/mod/privacy/log?actor=%40moderator")
            #expect(byActor.body.contains("7 entries."))
            let byNobody = try await browser.get("/mod/privacy/log?actor=nobody")
            #expect(byNobody.body.contains("0 entries."))
            let bad = try await browser.get("/mod/privacy/log?action=drop_tables")
            #expect(bad.status == .badRequest)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let otherLog = try await browser.get("/mod/finance/log")
            #expect(otherLog.body.contains("0 entries."))
        }
        let rows = try await f.app.logRows()
        #expect(rows.allSatisfy { $0.actorId == f.moderator.id && $0.communityId == f.community.id })
    }
}
