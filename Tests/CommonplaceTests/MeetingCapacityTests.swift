import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Capacity and the waitlist: going beyond the places waits in order, a freed place goes to the first in line (who is
/// told), concurrent answers never over-fill, and an edit may not lower the capacity below who is going.
@Suite("Meetings: capacity and waitlist")
struct MeetingCapacityTests {
    @Test("going beyond the capacity waits in order; giving up a place promotes the first waiting, who is told")
    func waitlistAndPromotion() async throws {
        // Given an event with two places and four members answering going in turn
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 2)
        let people = try await f.members("going", count: 4)
        for person in people {
            try await f.answer(person, .going, meeting)
            f.app.clock.advance(by: 1)
        }
        // Then two are going and two wait, in the order they answered
        #expect(try await f.answers(meeting) == [
            "2026-12-08 going1 going", "2026-12-08 going2 going",
            "2026-12-08 going3 going waitlisted", "2026-12-08 going4 going waitlisted",
        ])
        let occurrence = try await f.dates(meeting)[0]
        let list = try await f.app.database.attendees(occurrenceID: occurrence.id!)
        #expect(list.answer(of: people[3].id)?.waitlistPosition == 2)
        // And answering going again keeps one's place in line
        try await f.answer(people[2], .going, meeting)
        #expect(try await f.app.database.attendees(occurrenceID: occurrence.id!).waitlist.map(\.handle) == ["going3", "going4"])
        // When the first changes to maybe
        let outcome = try await f.answer(people[0], .maybe, meeting)
        // Then the first waiting takes the place, and hears of it
        #expect(outcome.promoted == [people[2].id!])
        #expect(try await f.answers(meeting).filter { $0.hasSuffix("waitlisted") } == ["2026-12-08 going4 going waitlisted"])
        try await f.app.deliverNotifications()
        let notifications = try await f.app.notifications(of: people[2])
        #expect(notifications.map(\.kind) == [.meetingPromoted])
        #expect(notifications.first?.occurrenceID == occurrence.id)
        #expect(try await f.app.notifications(of: people[3]).isEmpty)
        // And a waiting member who leaves the line frees nothing and promotes no one
        let left = try await f.answer(people[3], .notGoing, meeting)
        #expect(left.promoted.isEmpty)
    }

    @Test("the event page counts the places left of a date to come, and none once the date has taken place")
    func placesLeftOnlyBeforeTheDate() async throws {
        // Given an event with three places, one taken
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 3)
        let people = try await f.members("going", count: 1)
        try await f.answer(people[0], .going, meeting)
        let date = try await f.dates(meeting)[0]
        try await f.app.run { browser in
            try await browser.signIn(email: people[0].email)
            // Then before the date the page says how many places are left
            let before = try await browser.get("/e/\(meeting.id!)?on=\(date.localDate)")
            #expect(before.body.contains("1 going · 2 places left"))
            // And after it, only who went
            f.app.clock.advance(by: date.endsAt.timeIntervalSince(f.app.clock.now) + 60)
            let after = try await browser.get("/e/\(meeting.id!)?on=\(date.localDate)")
            #expect(after.status == .ok)
            #expect(after.body.contains("1 going"))
            #expect(!after.body.contains("places left"))
        }
    }

    @Test("many concurrent answers of going for the last places never over-fill, and the rest wait in order")
    func concurrentGoingNeverOverfills() async throws {
        // Given an event with five places, four of them taken
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 5)
        for person in try await f.members("early", count: 4) { try await f.answer(person, .going, meeting) }
        let racers = try await f.members("racer", count: 24)
        let guardians = try await withThrowingTaskGroup(of: (User, Guardian).self) { group in
            for racer in racers { group.addTask { (racer, try await f.guardian(racer)) } }
            return try await group.reduce(into: [(User, Guardian)]()) { $0.append($1) }
        }
        // When they all answer going at once (and one of the early four gives up their place meanwhile)
        let now = f.app.clock.now
        let database = f.app.database
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (racer, guardian) in guardians {
                group.addTask {
                    _ = try await database.answerRSVP(meetingID: meeting.id!, userID: racer.id!, response: .going, scope: .next,
                                                      now: now, checking: guardian.rsvpCheck(meeting.id!))
                }
            }
            group.addTask { _ = try await f.answer(try #require(try await database.user(handle: "early1")), .notGoing, meeting) }
            try await group.waitForAll()
        }
        // Then exactly five are going, and everyone else who answered going waits
        let occurrence = try await f.dates(meeting)[0]
        let list = try await f.app.database.attendees(occurrenceID: occurrence.id!)
        #expect(list.going.count == 5)
        #expect(list.waitlist.count == 24 - 2)
        #expect(Set(list.going.map(\.handle) + list.waitlist.map(\.handle)) == Set(racers.map(\.handle) + ["early2", "early3", "early4"]))
    }

    @Test("the edit form's check names who would move to the waitlist, and the edit itself is refused, writing nothing")
    func loweringCapacity() async throws {
        // Given a weekly series with four places, three going on the first date and one on the second
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(repeat: .weekly, count: 3, capacity: 4)
        let dates = try await f.dates(meeting)
        let people = try await f.members("going", count: 3)
        for person in people {
            try await f.answer(person, .going, meeting)
            f.app.clock.advance(by: 1)
        }
        try await f.answer(people[0], .going, meeting, scope: .date(dates[1].localDate))
        // When a moderator asks what a capacity of one would do
        let overflows = try await f.app.database.attendeesBeyondCapacity(meetingID: meeting.id!, capacity: 1, now: f.app.clock.now)
        // Then the last two to answer on the first date are named
        #expect(overflows.map(\.localDate) == [dates[0].localDate])
        #expect(overflows.first?.names == ["Going2", "Going3"])
        #expect(try await f.app.database.attendeesBeyondCapacity(meetingID: meeting.id!, capacity: 3, now: f.app.clock.now).isEmpty)
        #expect(try await f.app.database.attendeesBeyondCapacity(meetingID: meeting.id!, capacity: 1, fromDate: dates[1].localDate,
                                                                  now: f.app.clock.now).isEmpty)
        // And saving it anyway is refused inside the edit's transaction, naming them, with nothing written
        var lowered = meeting
        lowered.capacity = 1
        let moderator = try await f.guardian(f.moderator)
        let occurrences = try lowered.schedule!.occurrences()
        // (The edit's rows are written, then rolled back by the refusal: the tables end as they were.)
        let refusal = try await f.app.expectNoWrite(ignoring: ["sqlite_sequence"]) {
            await #expect(throws: AppError.self) {
                _ = try await f.app.database.updateMeetingSeries(lowered, occurrences: occurrences, now: f.app.clock.now,
                                                                 checking: moderator.meetingChangeCheck(meeting.id!))
            }
            return CapacityOverflow.message(overflows, capacity: 1)
        }
        #expect(refusal.contains("Going2 and Going3 would move to the waitlist"))
        #expect(try await f.app.database.meeting(id: meeting.id!)?.capacity == 4)
    }

    @Test("the edit form refuses a capacity below who is going, naming who would move to the waitlist")
    func editFormNamesThem() async throws {
        // Given a monthly series with three members going to its first date
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 10, capacity: 5)
        for person in try await f.members("going", count: 3) {
            try await f.answer(person, .going, meeting)
            f.app.clock.advance(by: 1)
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            // When the moderator saves a capacity of two
            let fields = MeetingPageTests.fields(["capacity": "2", "scope": "series"])
            let refused = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.post(Paths.editMeeting(meeting.id!), fields) }
            // Then the form says who would move to the waitlist, and nothing is saved
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("on Tue 13 Oct 2026 3 are going, so Going3 would move to the waitlist"))
            // And a capacity of three is saved
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(["capacity": "3", "scope": "series"]))
            #expect(saved.status == .seeOther)
        }
        #expect(try await f.app.database.meeting(id: meeting.id!)?.capacity == 3)
    }

    @Test("the event page shows the answers section: the form, the counts and, to members, who is coming")
    func eventPageSection() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 1)
        try await f.answer(f.author, .going, meeting)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.meeting(meeting))
            #expect(page.body.contains("id=\"rsvp\""))
            #expect(page.body.contains("1 going · full"))
            #expect(page.body.contains("The only place is taken: answering going puts you on the waitlist, in order."))
            #expect(page.body.contains("href=\"/u/author\">Author</a>"))
            let answered = try await browser.post(Paths.rsvp(meeting.id!), [("response", "going")])
            let location = try #require(answered.location?.split(separator: "#").first)
            let after = try await browser.get(String(location))
            #expect(after.body.contains("You are on the waitlist: number 1 of 1."))
        }
    }

    @Test("raising or removing the capacity gives the new places to those waiting, in order")
    func raisingCapacity() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(capacity: 1)
        let people = try await f.members("going", count: 4)
        for person in people {
            try await f.answer(person, .going, meeting)
            f.app.clock.advance(by: 1)
        }
        let moderator = try await f.guardian(f.moderator)
        var raised = try #require(try await f.app.database.meeting(id: meeting.id!))
        raised.capacity = 2
        _ = try await f.app.database.updateMeetingSeries(raised, occurrences: try raised.schedule!.occurrences(), now: f.app.clock.now,
                                                         checking: moderator.meetingChangeCheck(meeting.id!))
        #expect(try await f.answers(meeting).filter { $0.hasSuffix("waitlisted") } == [
            "2026-12-08 going3 going waitlisted", "2026-12-08 going4 going waitlisted",
        ])
        raised = try #require(try await f.app.database.meeting(id: meeting.id!))
        raised.capacity = nil
        _ = try await f.app.database.updateMeetingSeries(raised, occurrences: try raised.schedule!.occurrences(), now: f.app.clock.now,
                                                         checking: moderator.meetingChangeCheck(meeting.id!))
        #expect(try await f.answers(meeting).filter { $0.hasSuffix("waitlisted") }.isEmpty)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: people[1]) == [.meetingPromoted])
        #expect(try await f.app.notificationKinds(of: people[3]) == [.meetingPromoted])
    }
}
