import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Reminders a day and an hour before, for those going with a place: recorded once each by the fan-out's step, asked
/// the Guardian again at delivery, delivered after a restart, in the site and by email with the link for those who
/// may see it.
@Suite("Meetings: reminders")
struct MeetingReminderTests {
    @Test("those going get a reminder a day before and an hour before, once each; maybe, waitlisted and not going get none")
    func dayAndHour() async throws {
        // Given an event with one place: one member going, one waiting, one maybe, one not going
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 1)
        let (going, waiting, maybe, notGoing) = (f.member, f.author, f.moderator, try await f.app.member("nope", of: f.community))
        try await f.answer(going, .going, meeting)
        try await f.answer(waiting, .going, meeting)
        try await f.answer(maybe, .maybe, meeting)
        try await f.answer(notGoing, .notGoing, meeting)
        let date = try await f.dates(meeting)[0]
        // When nothing is due yet, nothing is recorded
        f.app.clock.move(to: date.startsAt.addingTimeInterval(-25 * 3600))
        #expect(try await f.app.deliverNotifications() == 0)
        // When it is 23 hours before, and the step runs twice
        f.app.clock.move(to: date.startsAt.addingTimeInterval(-23 * 3600))
        #expect(try await f.app.deliverNotifications() == 1)
        #expect(try await f.app.deliverNotifications() == 0)
        // Then only the member going has the day's reminder
        let dayReminders = try await f.app.notifications(of: going)
        #expect(dayReminders.map(\.kind) == [.meetingReminder])
        for other in [waiting, maybe, notGoing] { #expect(try await f.app.notifications(of: other).isEmpty) }
        // When it is 50 minutes before
        f.app.clock.move(to: date.startsAt.addingTimeInterval(-50 * 60))
        #expect(try await f.app.deliverNotifications() == 1)
        #expect(try await f.app.deliverNotifications() == 0)
        // Then they have the hour's reminder too, worded for each
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.notifications)
            #expect(page.body.contains("Reminder: “Monthly privacy meeting” starts in an hour, Tue 8 Dec, 12:00–13:00 Toronto time"))
            #expect(page.body.contains("Reminder: “Monthly privacy meeting” is tomorrow, Tue 8 Dec, 12:00–13:00 Toronto time"))
            #expect(page.body.contains("href=\"\(Paths.meeting(meeting.id!, on: date.localDate))\""))
        }
        // And once it has started, nothing more
        f.app.clock.move(to: date.startsAt.addingTimeInterval(60))
        #expect(try await f.app.deliverNotifications() == 0)
    }

    @Test("a reminder is asked again at delivery: a member who left, or a date cancelled or moved since, is not reminded of it")
    func askedAtDelivery() async throws {
        // Given two members going, and the day's reminder recorded but not yet fanned out
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(repeat: .weekly, count: 2)
        try await f.answer(f.member, .going, meeting, scope: .series)
        try await f.answer(f.author, .going, meeting, scope: .series)
        let dates = try await f.dates(meeting)
        f.app.clock.move(to: dates[0].startsAt.addingTimeInterval(-20 * 3600))
        #expect(try await f.app.database.recordDueReminders(now: f.app.clock.now) == 1)
        // When the author leaves the community before the fan-out
        try await f.app.database.writer.write { db in
            try db.execute(sql: "DELETE FROM membership WHERE user_id = ? AND community_id = ?", arguments: [f.author.id, f.community.id])
        }
        try await f.app.deliverNotifications()
        // Then only the member is reminded
        #expect(try await f.app.notificationKinds(of: f.member) == [.meetingReminder])
        #expect(try await f.app.notifications(of: f.author).isEmpty)

        // And when the second date's reminder is recorded and the date is then moved, the old reminder tells no one,
        // and the new start is reminded of in its turn
        f.app.clock.move(to: dates[1].startsAt.addingTimeInterval(-20 * 3600))
        #expect(try await f.app.database.recordDueReminders(now: f.app.clock.now) == 1)
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.updateOccurrence(meetingID: meeting.id!, localDate: dates[1].localDate,
                                                      override: OccurrenceOverride(startTime: "15:00", endTime: "16:00"),
                                                      now: f.app.clock.now, checking: moderator.meetingChangeCheck(meeting.id!))
        try await f.app.deliverNotifications()
        let kinds = try await f.app.notificationKinds(of: f.member)
        #expect(kinds.filter { $0 == .meetingReminder }.count == 2)
        #expect(kinds.contains(.meetingChanged))
        let reminders = try await f.app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_reminder")
        }
        #expect(reminders == 3)
    }

    @Test("a reminder recorded before a restart is delivered by the fresh app, once")
    func restartBetweenWriteAndDelivery() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-reminder-\(UUID().uuidString)")
            .appendingPathComponent("forum.sqlite").path
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let start: Date
        // Given a server that recorded a due reminder and stopped before fanning it out
        do {
            let first = try TestApp(database: AppDatabase.open(path: path))
            let member = try await first.createUser(handle: "member")
            let now = first.clock.now
            let community = try await first.database.createCommunity(Community(
                slug: "privacy", name: "Privacy", summary: "About privacy.", description: "All about privacy.",
                visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now))
            try await first.database.addMember(communityID: community.id!, userID: member.id!, now: now)
            let meeting = Meeting(communityId: community.id!, authorId: nil, title: "Monthly privacy meeting", kind: .meeting,
                                  timeZone: "America/Toronto", startDate: "2026-09-22", startTime: "12:00", endTime: "13:00",
                                  createdAt: now, updatedAt: now)
            let stored = try await first.database.createMeeting(meeting, occurrences: try meeting.schedule!.occurrences(), checking: .trusted)
            let guardian = Guardian(member, memberships: [community.id!: .member], now: now)
            try await first.database.answerRSVP(meetingID: stored.id!, userID: member.id!, response: .going, scope: .next, now: now,
                                                checking: guardian.rsvpCheck(stored.id!))
            start = try await first.database.occurrences(meetingID: stored.id!)[0].startsAt
            #expect(try await first.database.recordDueReminders(now: start.addingTimeInterval(-22 * 3600)) == 1)
            #expect(try await first.notificationCount() == 0)
            try (first.database.writer as? DatabasePool)?.close()
        }
        // When a fresh app opens the same file, an hour later, and its worker runs
        let second = try TestApp(database: AppDatabase.open(path: path), clock: TestClock(start.addingTimeInterval(-21 * 3600)))
        #expect(try await second.database.pendingEventCount() == 1)
        #expect(try await second.deliverNotifications() == 1)
        // Then the member has the day's reminder, and nothing is recorded or written twice
        let member = try #require(try await second.database.user(handle: "member"))
        #expect(try await second.notificationKinds(of: member) == [.meetingReminder])
        #expect(try await second.deliverNotifications() == 0)
        try await second.database.writer.write { db in try db.execute(sql: "UPDATE event SET fanned_out_at = NULL") }
        try await second.deliverNotifications()
        #expect(try await second.notificationCount() == 1)
    }

    @Test("the reminder email gives the time in the member's zone, and the link to those who may see it")
    func reminderEmail() async throws {
        // Given a public event of a public community: a member in Paris going, and an outsider going
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public)
        try await f.app.verifyEmail(f.member, f.outsider)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET time_zone = 'Europe/Paris' WHERE id = ?", arguments: [f.member.id])
        }
        try await f.answer(f.member, .going, meeting)
        try await f.answer(f.outsider, .going, meeting)
        let date = try await f.dates(meeting)[0]
        // When the hour's reminder goes out
        f.app.clock.move(to: date.startsAt.addingTimeInterval(-30 * 60))
        try await f.app.deliverNotifications()
        // Then each gets an email at once, with the link (both may see it: a member, and someone who answered going)
        let member = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(member.subject == "[Privacy] Reminder: “Research spotlight” starts in an hour, Tue 8 Dec, 12:00–13:00 Toronto time")
        #expect(member.text.contains("When: Tue 8 Dec, 18:00–19:00 (Paris time); Tue 8 Dec, 12:00–13:00 Toronto time"))
        #expect(member.text.contains("Meeting link: https://meet.example.org/privacy"))
        #expect(member.skipIfActive == false)
        #expect(member.nextAttemptAt <= f.app.clock.now)
        let outsider = try #require(try await f.app.queuedMail(of: f.outsider).first)
        #expect(outsider.text.contains("Meeting link: https://meet.example.org/privacy"))
        #expect(outsider.text.contains("When: Tue 8 Dec, 12:00–13:00 (Toronto time)"))
    }
}

extension TestClock {
    /// Moves the clock to `date` (forward in these tests).
    func move(to date: Date) { advance(by: date.timeIntervalSince(now)) }
}
