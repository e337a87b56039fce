import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Changing events: one date, the series from a date on, the whole series; cancelling one date or the series.
@Suite("Meetings: editing and cancelling")
struct MeetingEditTests {
    func dates(_ f: ForumFixture, _ meeting: Meeting) async throws -> [MeetingOccurrence] {
        try await f.app.database.occurrences(meetingID: meeting.id!)
    }

    func answer(_ f: ForumFixture, _ occurrence: MeetingOccurrence, _ user: User, _ response: MeetingRSVP.Response = .going) async throws {
        try await f.app.database.writer.write { db in
            var rsvp = MeetingRSVP(occurrenceId: occurrence.id!, userId: user.id!, response: response, respondedAt: f.app.clock.now)
            try rsvp.insert(db)
        }
    }

    @Test("editing one date moves only that date; the rest of the series and its SEQUENCE stay, the date's own is raised")
    func oneDate() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 4)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(Paths.editMeeting(meeting.id!, on: "2026-11-10") + "&scope=occurrence")
            #expect(form.status == .ok)
            #expect(form.body.contains("You are changing one date only"))
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), [
                ("scope", "occurrence"), ("on", "2026-11-10"), ("title", "Privacy meeting (moved for Remembrance week)"),
                ("date", "2026-11-12"), ("start", "15:00"), ("end", "16:00"), ("link", "https://meet.example.org/privacy"),
                ("place", "Room 4"),
            ])
            #expect(saved.status == .seeOther)
            let page = try await browser.get(Paths.meeting(meeting.id!, on: "2026-11-10"))
            #expect(page.body.contains("<h1>Privacy meeting (moved for Remembrance week)</h1>"))
            #expect(page.body.contains("Thu 12 Nov, 15:00–16:00"))
            #expect(page.body.contains("This date's time differ") || page.body.contains("This date&#39;s time"))
        }
        let after = try await dates(f, meeting)
        #expect(after.map(\.localDate) == ["2026-10-13", "2026-11-10", "2026-12-08", "2027-01-12"])
        #expect(after[1].movedToDate == "2026-11-12")
        #expect(after[1].title == "Privacy meeting (moved for Remembrance week)")
        #expect(after[1].link == nil, "a value equal to the series' is not kept as a change")
        #expect(after[1].sequence == 1)
        #expect(after[2].startsAt == ISO8601DateFormatter().date(from: "2026-12-08T17:00:00Z"))
        #expect(try await f.app.database.meeting(id: meeting.id!)?.sequence == 0)
    }

    @Test("editing the series before it began moves every date and raises SEQUENCE; answers to kept dates stay")
    func wholeSeries() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 3)
        let before = try await dates(f, meeting)
        try await answer(f, before[1], f.member)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields([
                "start": "13:00", "end": "14:00", "count": "3", "scope": "series",
            ]))
            #expect(saved.status == .seeOther)
        }
        let after = try await dates(f, meeting)
        #expect(after.map(\.id) == before.map(\.id))
        #expect(after.map(\.startsAt) == ["2026-10-13T17:00:00Z", "2026-11-10T18:00:00Z", "2026-12-08T18:00:00Z"].map { ISO8601DateFormatter().date(from: $0)! })
        #expect(try await f.app.database.meeting(id: meeting.id!)?.sequence == 1)
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.member.id, meetingID: meeting.id!))
    }

    @Test("a schedule change dropping a date someone answered cancels it (kept, marked); an unanswered one is removed")
    func droppedDates() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 4)
        let before = try await dates(f, meeting)
        try await answer(f, before[3], f.member)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(["count": "2", "scope": "series"]))
            #expect(saved.status == .seeOther)
            let list = try await browser.get(Paths.communityEvents(f.community))
            #expect(list.body.contains("Tue 12 Jan 2027"))
            #expect(list.body.contains("Cancelled"))
        }
        let after = try await dates(f, meeting)
        #expect(after.map(\.localDate) == ["2026-10-13", "2026-11-10", "2027-01-12"])
        #expect(after[2].isCancelled)
        #expect(after[2].cancelReason == "No longer in the schedule.")
    }

    @Test("once a series has begun, a change to the whole series may not move its past dates; from a later date on, it may")
    func fromThisDateOn() async throws {
        let f = try await ForumFixture.make()
        // Given a weekly series that began a week ago (the test clock is 2026-09-21)
        let meeting = try await f.meeting(date: "2026-09-15", repeat: .weekly, count: 6)
        let before = try await dates(f, meeting)
        try await answer(f, before[3], f.member)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let fields = MeetingPageTests.fields(["date": "2026-09-15", "repeat": "weekly", "count": "6", "start": "15:00", "end": "16:00"])
            let refused = try await f.app.expectNoWrite { try await browser.post(Paths.editMeeting(meeting.id!), fields + [("scope", "series")]) }
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Some dates of this series have taken place"))
            // When the moderator changes the time from 6 October on
            let form = try await browser.get(Paths.editMeeting(meeting.id!, on: "2026-10-06") + "&scope=following")
            #expect(form.body.contains("value=\"2026-10-06\""))
            #expect(form.body.contains("value=\"3\""), "the dates left to count")
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields([
                "date": "2026-10-06", "repeat": "weekly", "count": "3", "start": "15:00", "end": "16:00",
                "scope": "following", "on": "2026-10-06",
            ]))
            #expect(saved.status == .seeOther)
        }
        // Then the original ends the day before, and the continuation took the later dates with their answers
        let original = try #require(try await f.app.database.meeting(id: meeting.id!))
        #expect(original.untilDate == "2026-10-05")
        #expect(original.count == nil)
        #expect(original.sequence == 1)
        let continuation = try #require(try await f.app.database.continuation(of: meeting.id!))
        #expect(continuation.splitFromId == meeting.id)
        #expect(try await dates(f, original).map(\.localDate) == ["2026-09-15", "2026-09-22", "2026-09-29"])
        let moved = try await dates(f, continuation)
        #expect(moved.map(\.localDate) == ["2026-10-06", "2026-10-13", "2026-10-20"])
        #expect(moved[0].id == before[3].id)
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.member.id, meetingID: continuation.id!))
        #expect(moved[0].startsAt == ISO8601DateFormatter().date(from: "2026-10-06T19:00:00Z"))
    }

    @Test("cancelling one date keeps it listed as cancelled; cancelling the series cancels the dates to come only")
    func cancelling() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-09-15", repeat: .weekly, count: 4)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.cancelMeeting(meeting.id!, on: "2026-09-29")).status == .ok)
            let one = try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "occurrence"), ("on", "2026-09-29"), ("reason", "Holiday")])
            #expect(one.status == .seeOther)
            let page = try await browser.get(Paths.meeting(meeting.id!, on: "2026-09-29"))
            #expect(page.body.contains("<strong>Cancelled.</strong> Holiday"))
            #expect(try await browser.get(Paths.events).body.contains("Cancelled"))
            // A date already cancelled, or past, cannot be cancelled again (409, nothing written)
            let again = try await f.app.expectNoWrite {
                try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "occurrence"), ("on", "2026-09-29")])
            }
            #expect(again.status == .conflict)
            let past = try await f.app.expectNoWrite {
                try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "occurrence"), ("on", "2026-09-15")])
            }
            #expect(past.status == .conflict)
            #expect(try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "series"), ("reason", "The group paused")]).status == .seeOther)
            // A cancelled series is not changed any more
            #expect(try await browser.get(Paths.editMeeting(meeting.id!)).status == .conflict)
        }
        let after = try await dates(f, meeting)
        #expect(after.map(\.isCancelled) == [false, true, true, true], "the date that took place (15 Sep) stays as it was")
        #expect(after[1].cancelReason == "The group paused")
        #expect(after[2].cancelReason == "Holiday")
        #expect(after[3].cancelReason == "The group paused")
        let stored = try #require(try await f.app.database.meeting(id: meeting.id!))
        #expect(stored.isCancelled)
        #expect(stored.sequence == 2)
    }

    @Test("members and other communities' moderators cannot edit or cancel (403, nothing written); unknown dates are 404")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 3)
        for email in ["member@example.org", "othermod@example.org", "suspended@example.org"] {
            try await f.app.run { browser in
                try await f.signIn(browser, email)
                #expect(try await browser.get(Paths.editMeeting(meeting.id!)).status == .forbidden, "\(email)")
                let edit = try await f.app.expectNoWrite { try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields()) }
                #expect(edit.status == .forbidden, "\(email)")
                let cancel = try await f.app.expectNoWrite { try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "series")]) }
                #expect(cancel.status == .forbidden, "\(email)")
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.editMeeting(meeting.id!, on: "2026-10-14")).status == .notFound)
            let bad = try await f.app.expectNoWrite {
                try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(["scope": "sometimes"]))
            }
            #expect(bad.status == .badRequest)
            let refused = try await f.app.expectNoWrite {
                try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(["end": "11:00", "scope": "series"]))
            }
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("The end time must be after the start time"))
        }
    }
}
