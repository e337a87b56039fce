import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Lists of events: /events (list and month, filters), a community's events, the community page and the directory.
@Suite("Meetings: lists and calendars")
struct MeetingListTests {
    @Test("/events lists the dates of the communities the visitor may see, filtered by community and kind")
    func upcoming() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.meeting("Privacy monthly", date: "2026-10-13", repeat: .monthlyWeekday, count: 3)
        _ = try await f.meeting("Drop-in hour", kind: .dropIn, date: "2026-10-14")
        _ = try await f.meeting("Security monthly", in: f.privateCommunity, date: "2026-10-07")
        try await f.app.run { browser in
            let all = try await browser.get(Paths.events)
            #expect(all.status == .ok)
            #expect(all.body.contains("Privacy monthly"))
            #expect(all.body.contains("Drop-in hour"))
            #expect(!all.body.contains("Security monthly"), "a members-only community's events are not listed to outsiders")
            #expect(all.body.contains("Times are in Toronto time (America/Toronto)."))
            let kind = try await browser.get(Paths.events + "?kind=drop_in")
            #expect(kind.body.contains("Drop-in hour"))
            #expect(!kind.body.contains("Privacy monthly"))
            #expect(try await browser.get(Paths.events + "?kind=party").status == .badRequest)
            #expect(try await browser.get(Paths.events + "?community=security").status == .badRequest)
            #expect(try await browser.get(Paths.events + "?view=week").status == .badRequest)
            #expect(try await browser.get(Paths.events + "?month=2026-13").status == .badRequest)
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let all = try await browser.get(Paths.events)
            #expect(all.body.contains("Security monthly"))
            let one = try await browser.get(Paths.events + "?community=security")
            #expect(one.body.contains("Security monthly"))
            #expect(!one.body.contains("Privacy monthly"))
            // In date order: 7 Oct before 13 Oct before 14 Oct
            let body = all.body
            let order = ["Security monthly", "Privacy monthly", "Drop-in hour"].compactMap { body.range(of: $0)?.lowerBound }
            #expect(order.count == 3 && order == order.sorted())
        }
    }

    @Test("the month view puts each date on its day, with links to the months before and after")
    func month() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.meeting("Privacy monthly", date: "2026-10-13", repeat: .monthlyWeekday, count: 3)
        try await f.app.run { browser in
            let page = try await browser.get(Paths.events + "?view=month&month=2026-11")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h2>November 2026</h2>"))
            #expect(page.body.contains("<span class=\"day-number\">10</span><ul class=\"meeting-list\">"))
            #expect(page.body.contains("Tue 10 Nov, 12:00–13:00"))
            #expect(!page.body.contains("Tue 13 Oct"))
            #expect(page.body.contains("href=\"/events?view=month&amp;month=2026-10\""))
            #expect(page.body.contains("href=\"/events?view=month&amp;month=2026-12\""))
        }
    }

    @Test("the community page and the directory say how often it meets and when next; past dates are on the community's events")
    func communityAndDirectory() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.meeting("Privacy monthly", date: "2026-09-08", repeat: .monthlyWeekday, count: 4)
        try await f.app.run { browser in
            let community = try await browser.get(Paths.community(f.community))
            #expect(community.body.contains("Meets monthly — next: Tue 13 Oct, 12:00–13:00"))
            #expect(community.body.contains("Upcoming events"))
            let directory = try await browser.get("/")
            #expect(directory.body.contains("Meets monthly — next: Tue 13 Oct, 12:00–13:00"))
            let events = try await browser.get(Paths.communityEvents(f.community))
            #expect(events.body.contains("Past events"))
            #expect(events.body.contains("Tue 8 Sep, 12:00–13:00"))
            #expect(!events.body.contains("Schedule an event"))
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let events = try await browser.get(Paths.communityEvents(f.community))
            #expect(events.body.contains("href=\"\(Paths.newMeeting(f.community))\""))
        }
    }

    @Test("a member sets their time zone in their settings; an unknown zone is refused and nothing changes")
    func timeZoneSetting() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-12-08")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let profile = [("display_name", "Member"), ("organisation", ""), ("role_title", ""), ("bio", "")]
            let refused = try await browser.post(Paths.settings, profile + [("time_zone", "Atlantis/Capital")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("is not a time zone we know"))
            #expect(try await f.app.database.user(handle: "member")?.timeZone == nil)
            #expect(try await browser.post(Paths.settings, profile + [("time_zone", "Europe/Paris")]).status == .seeOther)
            #expect(try await f.app.database.user(handle: "member")?.timeZone == "Europe/Paris")
            #expect(try await browser.get(Paths.settings).body.contains("<option value=\"Europe/Paris\" selected>"))
            let page = try await browser.get(Paths.meeting(meeting))
            #expect(page.body.contains("Tue 8 Dec, 18:00–19:00"))
            #expect(try await browser.post(Paths.settings, profile + [("time_zone", "")]).status == .seeOther)
            #expect(try await f.app.database.user(handle: "member")?.timeZone == nil)
        }
    }

    @Test("the demo data has events that follow the seed communities, with past and future dates")
    func demoEvents() async throws {
        let app = try TestApp()
        try await app.seed()
        let rows = try await app.database.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.slug, m.title, m.kind, m."repeat", m."interval",
                       SUM(o.ends_at <= ?) AS past, SUM(o.ends_at > ?) AS future
                FROM meeting m JOIN community c ON c.id = m.community_id JOIN meeting_occurrence o ON o.meeting_id = m.id
                GROUP BY m.id
                """, arguments: [app.clock.now, app.clock.now])
        }
        func find(_ slug: String, _ kind: String) -> Row? { rows.first { $0["slug"] == slug && $0["kind"] == kind } }
        let privacy = try #require(find("privacy", "meeting"))
        #expect(privacy["repeat"] == "monthly_weekday")
        #expect((privacy["past"] as Int) > 0 && (privacy["future"] as Int) > 0)
        #expect(find("privacy", "qa") != nil)
        #expect(find("security", "meeting") != nil)
        let quarterly = try #require(find("international-agricultural-workers", "meeting"))
        #expect(quarterly["interval"] == 3)
        #expect(find("ai", "meeting") != nil)
        #expect(find("national-safer-supply", "drop_in") != nil)
        #expect(find("national-safer-supply", "public_event") != nil)
        // Seeding again adds nothing
        let count = rows.count
        try await app.seed()
        #expect(try await app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting") } == count)
    }

    @Test("merging a community moves its events; a public event becomes members-only in a members-only community")
    func merge() async throws {
        let f = try await ForumFixture.make()
        let spotlight = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public, date: "2026-10-13")
        try await f.app.database.mergeCommunity(sourceID: f.community.id!, into: f.privateCommunity.id!, actorID: f.admin.id!,
                                                now: f.app.clock.now, checking: .trusted)
        let moved = try #require(try await f.app.database.meeting(id: spotlight.id!))
        #expect(moved.communityId == f.privateCommunity.id)
        #expect(moved.audience == .members)
        #expect(moved.sequence == 1)
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.meeting(spotlight)).status == .notFound)
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.meeting(spotlight)).status == .ok)
        }
    }
}
