import Foundation
import GRDB
import Testing
@testable import Commonplace

/// A change of time or place, and a cancellation, tell those who answered: recorded in the edit's transaction (the
/// `MeetingChange` seam), fanned out after it, in the site and by email, the link only for those who may see it.
@Suite("Meetings: changes and cancellations notify")
struct MeetingChangeNotificationTests {
    @Test("moving one date tells everyone who answered it, not the moderator who moved it nor those who answered other dates")
    func rescheduleOneDate() async throws {
        // Given a weekly series: the member going to the second date, the author not going to it, an outsider's nothing,
        // the moderator going, and another member going only to the first date
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(repeat: .weekly, count: 3)
        let dates = try await f.dates(meeting)
        let second = MeetingRSVPTests.Scope.date(dates[1])
        let firstOnly = try await f.app.member("firstonly", of: f.community)
        try await f.answer(f.member, .going, meeting, scope: second)
        try await f.answer(f.author, .notGoing, meeting, scope: second)
        try await f.answer(f.moderator, .going, meeting, scope: second)
        try await f.answer(firstOnly, .going, meeting, scope: .date(dates[0].localDate))
        // When the moderator moves the second date to 15:00
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.updateOccurrence(meetingID: meeting.id!, localDate: dates[1].localDate,
                                                      override: OccurrenceOverride(startTime: "15:00", endTime: "16:00"),
                                                      now: f.app.clock.now, checking: moderator.meetingChangeCheck(meeting.id!))
        #expect(try await f.app.eventKinds().last == .meetingRescheduled)
        try await f.app.deliverNotifications()
        // Then the member and the author hear of it, with the new time
        for user in [f.member, f.author] {
            let notifications = try await f.app.notifications(of: user)
            #expect(notifications.map(\.kind) == [.meetingChanged])
            #expect(notifications.first?.occurrenceID == dates[1].id)
        }
        #expect(try await f.app.notifications(of: f.moderator).isEmpty)
        #expect(try await f.app.notifications(of: firstOnly).isEmpty)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get(Paths.notifications)
            #expect(page.body.contains("The time or place of “Monthly privacy meeting” changed: now Tue 15 Dec, 15:00–16:00 Toronto time"))
            #expect(page.body.contains("href=\"\(Paths.meeting(meeting.id!, on: dates[1].localDate))\""))
        }
    }

    @Test("changing the series' place tells each member once, naming their first date and how many more")
    func seriesPlaceChange() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(repeat: .weekly, count: 3)
        try await f.answer(f.member, .going, meeting, scope: .series)
        let moderator = try await f.guardian(f.moderator)
        var moved = try #require(try await f.app.database.meeting(id: meeting.id!))
        moved.place = "Room 9"
        _ = try await f.app.database.updateMeetingSeries(moved, occurrences: try moved.schedule!.occurrences(), now: f.app.clock.now,
                                                         checking: moderator.meetingChangeCheck(meeting.id!))
        try await f.app.deliverNotifications()
        let notifications = try await f.app.notifications(of: f.member)
        #expect(notifications.map(\.kind) == [.meetingChanged])
        #expect(notifications.first?.count == 3)
        #expect(notifications.first?.occurrenceID == (try await f.dates(meeting))[0].id)
    }

    @Test("cancelling tells those going or maybe, with the reason, in the site and by email; not those not going")
    func cancellation() async throws {
        // Given a public event: the member going, an outsider maybe, the author not going; addresses verified
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public)
        try await f.app.verifyEmail(f.member, f.outsider, f.author)
        try await f.answer(f.member, .going, meeting)
        try await f.answer(f.outsider, .maybe, meeting)
        try await f.answer(f.author, .notGoing, meeting)
        // When the moderator cancels the event
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.cancelMeeting(id: meeting.id!, reason: "The speaker is ill", now: f.app.clock.now,
                                                   checking: moderator.meetingChangeCheck(meeting.id!))
        try await f.app.deliverNotifications()
        // Then the member and the outsider hear of it, the author does not
        #expect(try await f.app.notificationKinds(of: f.member) == [.meetingCancelled])
        #expect(try await f.app.notificationKinds(of: f.outsider) == [.meetingCancelled])
        #expect(try await f.app.notifications(of: f.author).isEmpty)
        // And the email says so with the reason, and carries no link to a cancelled date
        let mail = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(mail.subject == "[Privacy] “Research spotlight” on Tue 8 Dec, 12:00–13:00 Toronto time was cancelled")
        #expect(mail.text.contains("Reason: The speaker is ill"))
        #expect(!mail.text.contains("https://meet.example.org"))
        #expect(try await f.app.queuedMail(of: f.author).isEmpty)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get(Paths.notifications)
            #expect(page.body.contains("“Research spotlight” on Tue 8 Dec, 12:00–13:00 Toronto time was cancelled"))
            #expect(page.body.contains("Reason: The speaker is ill"))
        }
    }

    @Test("a change email carries the meeting link only to those who may see it")
    func linkOnlyForThoseWhoMaySeeIt() async throws {
        // Given a public event of a public community: a member going, and an outsider who answered not going
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public)
        try await f.app.verifyEmail(f.member, f.outsider)
        try await f.answer(f.member, .going, meeting)
        try await f.answer(f.outsider, .notGoing, meeting)
        // When the date moves
        let moderator = try await f.guardian(f.moderator)
        let date = try await f.dates(meeting)[0]
        _ = try await f.app.database.updateOccurrence(meetingID: meeting.id!, localDate: date.localDate,
                                                      override: OccurrenceOverride(startTime: "14:00", endTime: "15:00"),
                                                      now: f.app.clock.now, checking: moderator.meetingChangeCheck(meeting.id!))
        try await f.app.deliverNotifications()
        // Then both are told, the member with the link, the outsider (who did not answer going or maybe) without it
        let member = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(member.text.contains("Meeting link: https://meet.example.org/privacy"))
        let outsider = try #require(try await f.app.queuedMail(of: f.outsider).first)
        #expect(outsider.text.contains("When: Tue 8 Dec, 14:00–15:00"))
        #expect(!outsider.text.contains("meet.example.org"))
        #expect(!outsider.html.contains("meet.example.org"))
    }
}

extension MeetingRSVPTests {
    enum Scope {
        static func date(_ occurrence: MeetingOccurrence) -> RSVPScope { .date(occurrence.localDate) }
    }
}
