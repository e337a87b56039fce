import Foundation
import Testing
@testable import Commonplace

/// A date's questions on a page of their own (`/e/{id}/questions?on=`), most voted or newest first, linked from the
/// event page, for those who may read the date's record.
@Suite("Meetings: the questions page")
struct MeetingQuestionPageTests {
    let day = "2026-12-08"

    @Test("the questions page lists the date's questions most voted first or newest first, with votes, linked from the event page")
    func orders() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(date: day)
        let popular = try await f.ask("Older and popular?", on: qa, by: f.member, date: day)
        f.app.clock.advance(by: 3_600)
        let recent = try await f.ask("Newer but quiet?", on: qa, by: f.author, date: day)
        for voter in [f.author, f.moderator] {
            try await f.app.database.setQuestionVote(questionID: popular.id!, userID: voter.id!, voted: true, now: f.app.clock.now,
                                                     checking: .trusted)
        }
        let page = Paths.meetingQuestionsPage(qa.id!, on: day)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let event = try await browser.get(Paths.meeting(qa))
            #expect(event.body.contains("All 2 questions on their own page"))
            #expect(event.body.contains("href=\"\(page.replacingOccurrences(of: "&", with: "&amp;"))\"") || event.body.contains("href=\"\(page)\""))
            let byVotes = try await browser.get(page)
            #expect(byVotes.status == .ok)
            #expect(byVotes.body.contains("<h1>Questions: Guest speaker: the new privacy act</h1>"))
            #expect(try #require(byVotes.body.range(of: "Older and popular?")).lowerBound < (try #require(byVotes.body.range(of: "Newer but quiet?"))).lowerBound)
            #expect(byVotes.body.contains("2 votes"))
            #expect(byVotes.body.contains(Paths.meetingQuestionVote(qa.id!, question: recent.id!)), "members vote from the page")
            let newest = try await browser.get(Paths.meetingQuestionsPage(qa.id!, on: day, newest: true))
            #expect(try #require(newest.body.range(of: "Newer but quiet?")).lowerBound < (try #require(newest.body.range(of: "Older and popular?"))).lowerBound)
            #expect(newest.body.contains("aria-current=\"page\">Newest</a>"))
            let odd = try await browser.get(page + "&order=sideways")
            #expect(odd.status == .badRequest)
            #expect(odd.body.contains("“order” is votes or newest."))
        }
    }

    @Test("the questions page is for those who may read the record: 404 for outsiders of a members' event and events without questions")
    func visibility() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(date: day)
        try await f.ask("Who reads this?", on: qa, by: f.member, date: day)
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.meetingQuestionsPage(qa.id!, on: day)).status == .notFound)
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.meetingQuestionsPage(qa.id!, on: day)).status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.meetingQuestionsPage(meeting.id!, on: day)).status == .notFound)
            #expect(try await browser.get(Paths.meetingQuestionsPage(qa.id!, on: "2026-12-09")).status == .notFound)
        }
    }
}
