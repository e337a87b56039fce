import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Scheduling an event through its form, its page, and the refusals of the form.
@Suite("Meetings: scheduling and the event page")
struct MeetingPageTests {
    /// The form's fields for the privacy community's monthly meeting (second Tuesday, noon, Toronto, ten times).
    static func fields(_ changes: [String: String] = [:]) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("title", "Privacy monthly meeting"), ("kind", "meeting"), ("description", "Cases and **conundrums**."),
            ("date", "2026-10-13"), ("start", "12:00"), ("end", "13:00"), ("time_zone", "America/Toronto"),
            ("link", "https://meet.example.org/privacy"), ("place", ""), ("capacity", ""), ("repeat", "monthly_weekday"),
            ("interval", "1"), ("until", ""), ("count", "10"),
        ]
        for (key, value) in changes {
            if let index = fields.firstIndex(where: { $0.0 == key }) { fields[index].1 = value } else { fields.append((key, value)) }
        }
        return fields
    }

    static func counts(_ f: ForumFixture) async throws -> [Int] {
        try await f.app.database.reader.read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_occurrence")!]
        }
    }

    @Test("a moderator schedules a monthly meeting: ten dates, the page shows the next one in Toronto time with the link")
    func schedule() async throws {
        let f = try await ForumFixture.make()
        let location = try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.newMeeting(f.community)).status == .ok)
            let posted = try await browser.post(Paths.newMeeting(f.community), Self.fields())
            #expect(posted.status == .seeOther)
            return posted.location ?? ""
        }
        #expect(try await Self.counts(f) == [1, 10])
        let meeting = try #require(try await f.app.database.reader.read { db in try Meeting.fetchOne(db, sql: "SELECT * FROM meeting") })
        #expect(location == Paths.meeting(meeting.id!) + "?notice=created")
        #expect(meeting.descriptionHtml.contains("<strong>conundrums</strong>"))
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.meeting(meeting.id!))
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Privacy monthly meeting</h1>"))
            #expect(page.body.contains("<time datetime=\"2026-10-13T16:00:00Z\">Tue 13 Oct, 12:00–13:00</time>"))
            #expect(page.body.contains("Monthly on the second Tuesday, 10 times"))
            #expect(page.body.contains("href=\"https://meet.example.org/privacy\""))
            #expect(page.body.contains("Tue 10 Nov, 12:00–13:00"), "the next dates are listed")
            #expect(!page.body.contains(Paths.editMeeting(meeting.id!)), "only moderators see the tools")
            // One date by ?on=, and an unknown date is 404
            let november = try await browser.get(Paths.meeting(meeting.id!, on: "2026-11-10"))
            #expect(november.body.contains("<time datetime=\"2026-11-10T17:00:00Z\">Tue 10 Nov, 12:00–13:00</time>"))
            #expect(try await browser.get(Paths.meeting(meeting.id!, on: "2026-11-11")).status == .notFound)
        }
    }

    @Test("bad input is refused with 400, a message by the field, and nothing written", arguments: [
        (["end": "11:00"], "The end time must be after the start time"),
        (["time_zone": "Mars/Olympus_Mons"], "is not a time zone we know"),
        (["time_zone": "EST"], "is not a time zone we know"),
        (["count": "", "until": "2026-09-01"], "This schedule has no dates"),
        (["count": "501", "repeat": "weekly"], "at most 500 dates"),
        (["count": "", "repeat": "weekly"], "at most 500 dates"),
        (["until": "2027-01-01"], "not both"),
        (["link": "javascript:alert(1)"], "A link must start with http:// or https://"),
        (["link": "ftp://files.example.org/x"], "A link must start with http:// or https://"),
        (["capacity": "0"], "Give the number of places as a whole number"),
        (["date": "2026-02-30"], "Give the date as YYYY-MM-DD"),
        (["start": "25:00"], "Give the start time as HH:MM"),
        (["title": ""], "Give the event a title."),
        (["kind": "party"], "Choose what kind of event this is"),
        (["repeat": "daily"], "Choose how the event repeats"),
        (["interval": "13"], "Repeat every 1 to 12 months."),
        (["audience": "public"], "Only a public event can be open to the public"),
    ] as [([String: String], String)])
    func refusals(_ changes: [String: String], _ message: String) async throws {
        let f = try await ForumFixture.make()
        let page = try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            return try await browser.post(Paths.newMeeting(f.community), Self.fields(changes))
        }
        #expect(page.status == .badRequest)
        #expect(page.body.contains(message), "\(changes)")
        #expect(page.body.contains("Nothing was saved yet."))
        #expect(try await Self.counts(f) == [0, 0])
    }

    @Test("a public event of a members-only community is refused; a member, an anonymous visitor and another community's moderator cannot schedule")
    func whoSchedules() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.post(Paths.newMeeting(f.privateCommunity), Self.fields(["kind": "public_event", "audience": "public"]))
            #expect(page.status == .badRequest)
            #expect(page.body.contains("is a members-only community: its events are for its members."))
        }
        for email in ["member@example.org", "othermod@example.org", "suspended@example.org"] {
            try await f.app.run { browser in
                try await f.signIn(browser, email)
                let form = try await browser.get(Paths.newMeeting(f.community))
                #expect(form.status == .forbidden, "\(email)")
                let page = try await f.app.expectNoWrite { try await browser.post(Paths.newMeeting(f.community), Self.fields()) }
                #expect(page.status == .forbidden, "\(email)")
                if email != "suspended@example.org" { #expect(page.body.contains("Only moderators of Privacy can schedule its events.")) }
            }
        }
        try await f.app.run { browser in
            let anonymous = try await browser.get(Paths.newMeeting(f.community))
            #expect(anonymous.status == .seeOther, "anonymous visitors are sent to sign in")
            let hidden = try await browser.get(Paths.newMeeting(f.privateCommunity))
            #expect(hidden.status == .notFound, "a members-only community is not revealed")
        }
        #expect(try await Self.counts(f) == [0, 0])
    }

    @Test("the meeting link: members see it; anonymous readers and outsiders do not; for a public event, whoever answered")
    func linkRule() async throws {
        let f = try await ForumFixture.make()
        let members = try await f.meeting("Members' meeting", link: "https://meet.example.org/members-only")
        let open = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public, link: "https://meet.example.org/spotlight")
        let secret = try await f.meeting("Security meeting", in: f.privateCommunity, link: "https://meet.example.org/secret")
        try await f.app.run { browser in
            let page = try await browser.get(Paths.meeting(members))
            #expect(page.status == .ok)
            #expect(!page.body.contains("members-only"))
            #expect(page.body.contains("Sign in to see the meeting link."))
            #expect(try await browser.get(Paths.meeting(secret)).status == .notFound)
            let list = try await browser.get(Paths.events)
            #expect(list.body.contains("Members&#39; meeting") || list.body.contains("Members' meeting"))
            #expect(!list.body.contains("meet.example.org"))
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(!(try await browser.get(Paths.meeting(members))).body.contains("meet.example.org"))
            let spotlight = try await browser.get(Paths.meeting(open))
            #expect(!spotlight.body.contains("meet.example.org"))
            #expect(spotlight.body.contains("Answer going or maybe to see the meeting link."))
        }
        // When the outsider answers "going" to the public event
        let occurrence = try #require(try await f.app.database.occurrences(meetingID: open.id!).first)
        try await f.app.database.writer.write { db in
            var rsvp = MeetingRSVP(occurrenceId: occurrence.id!, userId: f.outsider.id!, response: .going, respondedAt: f.app.clock.now)
            try rsvp.insert(db)
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.meeting(open)).body.contains("href=\"https://meet.example.org/spotlight\""))
            let list = try await browser.get(Paths.events)
            #expect(list.body.contains("https://meet.example.org/spotlight"))
            #expect(!list.body.contains("https://meet.example.org/members-only"))
            let mine = try await browser.get(Paths.myEvents)
            #expect(mine.body.contains("Research spotlight"))
            #expect(mine.body.contains("<strong>Going</strong>"))
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let list = try await browser.get(Paths.events)
            #expect(list.body.contains("https://meet.example.org/members-only"))
            #expect(list.body.contains("https://meet.example.org/secret"))
        }
    }

    @Test("a viewer in Paris reads the times in Paris time, with Toronto time beside")
    func viewerZone() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-11-10")
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET time_zone = 'Europe/Paris' WHERE id = ?", arguments: [f.member.id!])
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.meeting(meeting))
            #expect(page.body.contains("Tue 10 Nov, 18:00–19:00</time> <span class=\"muted\">Paris time</span>"))
            #expect(page.body.contains("Tue 10 Nov, 12:00–13:00 Toronto time"))
        }
        try await f.app.run { browser in
            let page = try await browser.get(Paths.meeting(meeting))
            #expect(page.body.contains("Tue 10 Nov, 12:00–13:00</time> <span class=\"muted\">Toronto time</span>"))
            #expect(!page.body.contains("Paris"))
        }
    }
}
