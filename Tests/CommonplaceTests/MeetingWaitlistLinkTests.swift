import Foundation
import GRDB
import Testing
@testable import Commonplace

/// A date with a capacity gives its meeting link to those who hold a place and to its organisers only: a member on
/// the waitlist (or who has not answered) gets it on no surface, neither the page, lists, the event's file, their
/// private calendar, nor notifications (the test clock is 2026-09-21).
@Suite("Meetings: the link on the waitlist")
struct MeetingWaitlistLinkTests {
    static let link = "https://meet.example.org/privacy"

    /// An event with one place, taken by `seat1`; `seat2` waits for it.
    func fullEvent(_ f: ForumFixture, repeat rule: Meeting.Repeat = .none, count: Int? = nil) async throws -> (Meeting, User, User) {
        let meeting = try await f.meeting(date: "2026-10-06", repeat: rule, count: count, capacity: 1)
        let seats = try await f.members("seat", count: 2)
        try await f.answer(seats[0], .going, meeting)
        let waiting = try await f.answer(seats[1], .going, meeting)
        #expect(waiting.waitlisted == ["2026-10-06"])
        return (meeting, seats[0], seats[1])
    }

    @Test("the page, the lists and the event's .ics give the link to the member with the place, not to the one waiting")
    func pageListsAndFile() async throws {
        let f = try await ForumFixture.make()
        let (meeting, placed, waiting) = try await fullEvent(f)
        let surfaces = [Paths.meeting(meeting), Paths.events, Paths.myEvents, Paths.communityEvents(f.community),
                        Paths.community(f.community), Paths.meetingCalendar(meeting.id!)]
        try await f.app.run { browser in
            try await f.app.startSession(for: waiting, in: browser)
            for path in surfaces { #expect(!(try await browser.get(path).body.contains(Self.link)), "\(path)") }
            #expect(try await browser.get(Paths.meeting(meeting)).body
                .contains("You are on the waitlist: the meeting link is shown here once a place is yours."))
            let (_, file) = try await browser.calendar(Paths.meetingCalendar(meeting.id!))
            #expect(file.instances.map(\.conference) == [nil])
            browser.clearCookies()
            try await f.app.startSession(for: placed, in: browser)
            for path in surfaces where path != Paths.community(f.community) && path != Paths.meetingCalendar(meeting.id!) {
                #expect(try await browser.get(path).body.contains(Self.link), "\(path)")
            }
            // (A calendar folds long lines: read it parsed.)
            #expect(try await browser.calendar(Paths.meetingCalendar(meeting.id!)).1.instances.map(\.conference) == [Self.link])
            browser.clearCookies()
            // A member who has not answered is told how to get it; the moderators have it
            try await f.app.startSession(for: f.member, in: browser)
            let page = try await browser.get(Paths.meeting(meeting)).body
            #expect(!page.contains(Self.link))
            #expect(page.contains("Places are limited: the meeting link is shown to those who have a place."))
            browser.clearCookies()
            try await f.app.startSession(for: f.moderator, in: browser)
            #expect(try await browser.get(Paths.meeting(meeting)).body.contains(Self.link))
        }
    }

    @Test("a private calendar carries the link only on the dates of a series where its owner holds a place")
    func privateCalendar() async throws {
        let f = try await ForumFixture.make()
        let (meeting, placed, waiting) = try await fullEvent(f, repeat: .weekly, count: 3)
        try await f.app.run { browser in
            for (user, expected) in [(placed, ["2026-10-06"]), (waiting, [])] {
                browser.clearCookies()
                try await f.app.startSession(for: user, in: browser)
                let made = try await browser.post(Paths.makeFeedToken, [])
                let token = String(try #require(made.body.firstMatch(of: /\/feeds\/([A-Za-z0-9_-]{43})\/events\.ics/)).1)
                browser.clearCookies()
                let (_, feed) = try await browser.calendar(Paths.privateEventsCalendar(token: token))
                let dates = feed.instances(uid: testBaseURL + Paths.meeting(meeting.id!))
                #expect(dates.count == 3)
                #expect(dates.filter { $0.conference == Self.link }.map { String($0.start_local.prefix(10)) } == expected, "\(user.handle)")
            }
        }
    }

    @Test("a change email carries the link to the member with a place, not to the one waiting; reminders skip the waitlist")
    func notifications() async throws {
        let f = try await ForumFixture.make()
        let (meeting, placed, waiting) = try await fullEvent(f)
        try await f.app.verifyEmail(placed, waiting)
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.updateOccurrence(meetingID: meeting.id!, localDate: "2026-10-06",
                                                      override: OccurrenceOverride(startTime: "14:00", endTime: "15:00"),
                                                      now: f.app.clock.now, checking: moderator.meetingChangeCheck(meeting.id!))
        try await f.app.deliverNotifications()
        let toPlaced = try #require(try await f.app.queuedMail(of: placed).first)
        #expect(toPlaced.text.contains("Meeting link: \(Self.link)"))
        let toWaiting = try #require(try await f.app.queuedMail(of: waiting).first)
        #expect(toWaiting.text.contains("14:00–15:00"))
        #expect(!toWaiting.text.contains("meet.example.org") && !toWaiting.html.contains("meet.example.org"))
        // The hour's reminder goes to the member with the place only
        let date = try await f.dates(meeting)[0]
        f.app.clock.move(to: date.startsAt.addingTimeInterval(-30 * 60))
        try await f.app.deliverNotifications()
        #expect(try await f.app.queuedMail(of: waiting).count == 1)
        let reminder = try await f.app.queuedMail(of: placed).filter { $0.subject.contains("Reminder") }
        #expect(!reminder.isEmpty && reminder.allSatisfy { $0.text.contains(Self.link) })
    }
}
