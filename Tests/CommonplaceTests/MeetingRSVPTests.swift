import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Answering for event dates: per date, the next date by default, the series shortcut that never resets dates answered
/// on their own, and every refusal with a clear message and nothing written.
@Suite("Meetings: RSVPs")
struct MeetingRSVPTests {
    @Test("a member answers going for the next date by default, and a date of their choice with occurrence")
    func answerOverHTTP() async throws {
        // Given a weekly series of three dates
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(repeat: .weekly, count: 3)
        let dates = try await f.dates(meeting)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            // When the member answers going without a date, then maybe for the third date
            let next = try await browser.post(Paths.rsvp(meeting.id!), [("response", "going")])
            #expect(next.status == .seeOther)
            #expect(next.location == Paths.meeting(meeting.id!, on: dates[0].localDate) + "#rsvp")
            let third = try await browser.post(Paths.rsvp(meeting.id!), [("response", "maybe"), ("occurrence", dates[2].localDate)])
            #expect(third.location == Paths.meeting(meeting.id!, on: dates[2].localDate) + "#rsvp")
            // And changes their mind about the first
            try await browser.post(Paths.rsvp(meeting.id!), [("response", "not_going"), ("occurrence", dates[0].localDate)])
        }
        // Then each date has its own answer
        #expect(try await f.answers(meeting) == ["2026-12-08 member not_going", "2026-12-22 member maybe"])
    }

    @Test("the series shortcut fills every date to come and never resets a date answered on its own")
    func seriesShortcut() async throws {
        // Given four weekly dates, the first already over, and the member's own answer for the third
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-09-14", repeat: .weekly, count: 4)
        let dates = try await f.dates(meeting)
        #expect(dates[0].endsAt < f.app.clock.now && dates[1].endsAt > f.app.clock.now)
        try await f.answer(f.member, .notGoing, meeting, scope: .date(dates[2].localDate))
        // When they answer going for the series
        let outcome = try await f.answer(f.member, .going, meeting, scope: .series)
        // Then the dates to come are filled, the past one is not, and their own answer stays
        #expect(outcome.answered == [dates[1].localDate, dates[3].localDate])
        #expect(outcome.kept == [dates[2].localDate])
        #expect(try await f.answers(meeting) == [
            "2026-09-21 member going", "2026-09-28 member not_going", "2026-10-05 member going",
        ])
        // And a later series answer replaces only what the series gave
        try await f.answer(f.member, .maybe, meeting, scope: .series)
        #expect(try await f.answers(meeting) == [
            "2026-09-21 member maybe", "2026-09-28 member not_going", "2026-10-05 member maybe",
        ])
        // And answering one date on its own takes it out of the series' hands
        try await f.answer(f.member, .going, meeting, scope: .date(dates[3].localDate))
        try await f.answer(f.member, .notGoing, meeting, scope: .series)
        #expect(try await f.answers(meeting) == [
            "2026-09-21 member not_going", "2026-09-28 member not_going", "2026-10-05 member going",
        ])
    }

    @Test("answers to a past, cancelled or unknown date, bad answers and people who may not come are refused, writing nothing")
    func refusals() async throws {
        // Given a weekly series whose first date is over and whose third is cancelled, and a members-only community's event
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-09-14", repeat: .weekly, count: 4)
        let dates = try await f.dates(meeting)
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.cancelOccurrence(meetingID: meeting.id!, localDate: dates[2].localDate, reason: "Holiday",
                                                      now: f.app.clock.now, checking: moderator.meetingChangeCheck(meeting.id!))
        let secret = try await f.meeting("Incident review", in: f.privateCommunity)
        let rsvp = Paths.rsvp(meeting.id!)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let cases: [(fields: [(String, String)], status: Int, message: String)] = [
                ([("response", "going"), ("occurrence", dates[0].localDate)], 409, "This date has already taken place"),
                ([("response", "going"), ("occurrence", dates[2].localDate)], 409, "This date was cancelled (Holiday)"),
                ([("response", "going"), ("occurrence", "2026-09-15")], 400, "has no date on 2026-09-15"),
                ([("response", "going"), ("occurrence", "next tuesday")], 400, "“occurrence” must be one of the event"),
                ([("response", "yes")], 400, "Answer going, maybe or not going"),
                ([], 400, "Answer going, maybe or not going"),
            ]
            for refused in cases {
                let page = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(rsvp, refused.fields) }
                #expect(Int(page.status.code) == refused.status, "\(refused.fields)")
                #expect(page.body.contains(refused.message), "\(refused.fields): \(page.body.prefix(300))")
            }
            // And without a CSRF token
            let noToken = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(rsvp, [("response", "going")], csrf: "") }
            #expect(noToken.status == .forbidden)
        }
        // And an outsider answering a members' event is told to join; an event they may not see is 404
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let members = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(rsvp, [("response", "going")]) }
            #expect(members.status == .forbidden)
            #expect(members.body.contains("This event is for members of Privacy: join the community to answer."))
            let hidden = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(Paths.rsvp(secret.id!), [("response", "going")]) }
            #expect(hidden.status == .notFound)
        }
        // And a suspended member is refused, and an anonymous visitor asked to sign in
        try await f.app.run { browser in
            try await browser.signIn(email: "suspended@example.org")
            let suspended = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(rsvp, [("response", "going")]) }
            #expect(suspended.status == .forbidden)
        }
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(rsvp, [("response", "going")]) }
            #expect(anonymous.status == .forbidden)
            #expect(anonymous.body.contains("Please sign in first."))
        }
        #expect(try await f.answers(meeting).isEmpty)
    }

    @Test("a cancelled event takes no answers, and an event whose dates are all over has nothing to answer")
    func cancelledAndOver() async throws {
        let f = try await ForumFixture.make()
        let cancelled = try await f.meeting("Cancelled one")
        let moderator = try await f.guardian(f.moderator)
        _ = try await f.app.database.cancelMeeting(id: cancelled.id!, reason: "Speaker ill", now: f.app.clock.now,
                                                   checking: moderator.meetingChangeCheck(cancelled.id!))
        let over = try await f.meeting("Over", date: "2026-09-01")
        await #expect(throws: AppError.conflict("This event was cancelled: it takes no more answers.")) {
            try await f.answer(f.member, .going, cancelled)
        }
        await #expect(throws: AppError.conflict("“Over” has no date still to come: there is nothing to answer.")) {
            try await f.answer(f.member, .going, over, scope: .series)
        }
        #expect(try await f.answers(cancelled).isEmpty)
        #expect(try await f.answers(over).isEmpty)
    }

    @Test("an answer is refused when the member is removed, or the event cancelled, between the check and the write")
    func recheckedInsideTheWrite() async throws {
        let removed = try await WriteRace.run(as: "member@example.org", tables: ["meeting_rsvp"], setup: { f in
            try await f.meeting()
        }, change: { f, _ in
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE membership SET community_id = ? WHERE user_id = ? AND community_id = ?",
                               arguments: [f.otherCommunity.id, f.member.id, f.community.id])
            }
        }) { browser, _, meeting in
            try await browser.post(Paths.rsvp(meeting.id!), [("response", "going")])
        }
        #expect(removed.holds, "\(removed)")
        #expect(removed.before.status == 403, "\(removed)")

        let cancelled = try await WriteRace.run(as: "member@example.org", tables: ["meeting_rsvp"], setup: { f in
            try await f.meeting()
        }, change: { f, meeting in
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE meeting SET cancelled_at = ? WHERE id = ?", arguments: [f.app.clock.now, meeting.id])
            }
        }) { browser, _, meeting in
            try await browser.post(Paths.rsvp(meeting.id!), [("response", "going")])
        }
        #expect(cancelled.holds, "\(cancelled)")
        #expect(cancelled.before.status == 409, "\(cancelled)")
    }

    @Test("anyone signed in may answer a public event of a public community, and then sees its link; not going does not show it")
    func publicEvent() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Research spotlight", kind: .publicEvent, audience: .public)
        let outsider = try await f.guardian(f.outsider)
        #expect(outsider.canRSVP(to: meeting, in: f.community))
        try await f.answer(f.outsider, .notGoing, meeting)
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.outsider.id, meetingID: meeting.id!) == false)
        #expect(!outsider.canSeeLink(of: meeting, in: f.community, hasRSVP: false, hasPlace: false))
        try await f.answer(f.outsider, .maybe, meeting)
        let rsvped = try await f.app.database.hasAttendingRSVP(userID: f.outsider.id, meetingID: meeting.id!)
        #expect(rsvped)
        #expect(outsider.canSeeLink(of: meeting, in: f.community, hasRSVP: rsvped, hasPlace: false))
    }
}
