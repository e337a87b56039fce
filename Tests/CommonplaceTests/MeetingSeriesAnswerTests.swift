import Foundation
import GRDB
import Testing
@testable import Commonplace

/// An answer for "every date to come" holds for dates the series gains later: by an edit of the series, or of the
/// series from a date on (the test clock is 2026-09-21).
@Suite("RSVP: dates added to a series")
struct MeetingSeriesAnswerTests {
    func edit(_ f: ForumFixture, _ meeting: Meeting, _ changes: [String: String]) async throws {
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let saved = try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(changes))
            #expect(saved.status == .seeOther)
        }
    }

    @Test("extending a series gives its new dates the answers members gave for every date, not answers to one date")
    func extended() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-09-29", repeat: .weekly, count: 2)
        let people = try await f.members("fan", count: 3)
        try await f.answer(people[0], .going, meeting, scope: .series)
        try await f.answer(people[1], .maybe, meeting, scope: .series)
        try await f.answer(people[2], .going, meeting, scope: .date("2026-10-06"))
        try await f.answer(people[1], .notGoing, meeting, scope: .date("2026-09-29"))
        // When the moderator extends the series to four dates
        try await edit(f, meeting, ["date": "2026-09-29", "repeat": "weekly", "count": "4", "scope": "series"])
        // Then the added dates carry the series answers; the one-date answers stay where they were given
        let answers = try await f.answers(meeting)
        #expect(answers.filter { $0.hasPrefix("2026-10-13") }.sorted() == ["2026-10-13 fan1 going", "2026-10-13 fan2 maybe"])
        #expect(answers.filter { $0.hasPrefix("2026-10-20") }.sorted() == ["2026-10-20 fan1 going", "2026-10-20 fan2 maybe"])
        #expect(answers.contains("2026-09-29 fan2 not_going"))
        #expect(!answers.contains { $0.hasPrefix("2026-10-13 fan3") })
    }

    @Test("a series continued from a date on passes the series answers to its new dates, in order for the places")
    func continued() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-09-15", repeat: .weekly, count: 4, capacity: 1)
        let people = try await f.members("fan", count: 3)
        try await f.answer(people[0], .going, meeting, scope: .series)
        f.app.clock.advance(by: 60)
        try await f.answer(people[1], .going, meeting, scope: .series)
        // A member who left no longer answers new dates
        try await f.answer(people[2], .going, meeting, scope: .series)
        try await f.execute("DELETE FROM membership WHERE user_id = ?", [people[2].id!])
        // When the moderator moves the series from 6 October on to 15:00 and makes it six dates
        try await edit(f, meeting, ["date": "2026-10-06", "repeat": "weekly", "count": "6", "start": "15:00", "end": "16:00",
                                    "scope": "following", "on": "2026-10-06", "capacity": "1"])
        let continuation = try #require(try await f.app.database.continuation(of: meeting.id!))
        let answers = try await f.answers(continuation)
        for day in ["2026-10-13", "2026-10-20", "2026-10-27", "2026-11-03", "2026-11-10"] {
            #expect(answers.filter { $0.hasPrefix(day) } == ["\(day) fan1 going", "\(day) fan2 going waitlisted"], "\(day)")
        }
        #expect(answers.filter { $0.hasPrefix("2026-10-06") }.count == 3, "the moved date keeps its own answers")
    }
}
