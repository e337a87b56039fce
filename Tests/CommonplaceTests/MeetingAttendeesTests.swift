import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Who is coming: the RSVP section with its form, counts and names (members only), the attendees page, and the
/// moderators' CSV export (no email addresses).
@Suite("Meetings: attendees")
struct MeetingAttendeesTests {
    /// An event with two places: the member and the author going, an outsider waiting (a public event), the moderator maybe.
    static func answered(_ f: ForumFixture) async throws -> Meeting {
        let meeting = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public, capacity: 2)
        for (user, response) in [(f.member, MeetingRSVP.Response.going), (f.author, .going), (f.outsider, .going), (f.moderator, .maybe)] {
            try await f.answer(user, response, meeting)
            f.app.clock.advance(by: 1)
        }
        return meeting
    }

    @Test("members see who answered, in order, with their own answer and the form; outsiders and anonymous readers see counts")
    func attendeesPage() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await Self.answered(f)
        let on = try await f.dates(meeting)[0].localDate
        let path = Paths.attendees(meeting.id!, on: on)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.body.contains("2 going · 1 maybe · 1 on the waitlist · full"))
            #expect(page.body.contains("You are going."))
            #expect(page.body.contains("<h3>Going (2)</h3>"))
            #expect(page.body.contains("href=\"/u/member\">Member</a>"))
            #expect(page.body.contains("On the waitlist (1), in order"))
            #expect(page.body.contains("href=\"/u/outsider\">Outsider</a>"))
            #expect(page.body.contains("name=\"response\" value=\"going\" required checked"))
            #expect(page.body.contains("action=\"\(Paths.rsvp(meeting.id!))\""))
            #expect(!page.body.contains(".csv"))
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get(path)
            #expect(page.body.contains("You are on the waitlist: number 1 of 1."))
            #expect(page.body.contains("2 going · 1 maybe · 1 on the waitlist · full"))
            #expect(!page.body.contains("href=\"/u/member\""))
        }
        try await f.app.run { browser in
            let page = try await browser.get(path)
            #expect(page.status == .ok)
            #expect(page.body.contains("Sign in</a> to answer:"))
            #expect(page.body.contains(Paths.signIn(next: Paths.meetingAnswering(meeting.id!, on: on, response: .going))))
            #expect(!page.body.contains("href=\"/u/member\""))
            #expect(!page.body.contains("name=\"response\""))
        }
        // And a date the event does not have is a clear 400; an event of a members-only community is 404 to outsiders
        try await f.app.run { browser in
            let missing = try await browser.get(Paths.attendees(meeting.id!, on: "2026-12-09"))
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("has no date on 2026-12-09"))
            let secret = try await f.meeting("Incident review", in: f.privateCommunity)
            #expect(try await browser.get(Paths.attendees(secret.id!, on: "2026-12-08")).status == .notFound)
        }
    }

    @Test("a date that took place or was cancelled shows why it takes no answers, and offers no form")
    func closedDates() async throws {
        let f = try await ForumFixture.make()
        let past = try await f.meeting("Last month", date: "2026-09-01")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.attendees(past.id!, on: "2026-09-01"))
            #expect(page.body.contains("This date has taken place: it takes no more answers."))
            #expect(!page.body.contains("name=\"response\""))
        }
    }

    @Test("moderators export the answers as CSV without email addresses; members may not; names cannot become formulas")
    func csvExport() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await Self.answered(f)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET display_name = '=HYPERLINK(\"x\"), Inc' WHERE id = ?", arguments: [f.author.id])
        }
        let on = try await f.dates(meeting)[0].localDate
        let path = Paths.attendeesCSV(meeting.id!, on: on)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let attendees = try await browser.get(Paths.attendees(meeting.id!, on: on))
            #expect(attendees.body.contains("href=\"\(path)\""))
            let csv = try await browser.get(path)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"attendees-\(meeting.id!)-\(on).csv\"")
            let lines = csv.body.components(separatedBy: "\r\n")
            #expect(lines[0] == "name,handle,answer,waitlist_position,answered_at")
            #expect(lines[1].hasPrefix("Member,member,going,,2026-"))
            #expect(lines[2].hasPrefix("\"'=HYPERLINK(\"\"x\"\"), Inc\",author,going,,"))
            #expect(lines[3].hasPrefix("Outsider,outsider,waitlist,1,"))
            #expect(lines[4].hasPrefix("Moderator,moderator,maybe,,"))
            #expect(!csv.body.contains("@"))
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let refused = try await browser.get(path)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("Only moderators of Privacy can export who answered."))
        }
    }
}
