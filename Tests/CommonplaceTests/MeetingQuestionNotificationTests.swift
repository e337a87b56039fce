import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The asker hears when their question is answered: in the site and by email (as they chose), once per question,
/// decided again at delivery (the test clock is 2026-09-21; the session was on 1 September).
@Suite("Meetings: telling the asker")
struct MeetingQuestionNotificationTests {
    let day = "2026-09-01"

    /// The moderator marks `question` answered (or open again) through the form.
    func answer(_ f: ForumFixture, _ meeting: Meeting, _ question: MeetingQuestion, answered: Bool = true,
                note: String = "Within 30 days.") async throws {
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let done = try await browser.post(Paths.meetingQuestionAnswer(meeting.id!, question: question.id!),
                                              [("answered", answered ? "true" : "false"), ("answer_note", note)])
            #expect(done.status == .seeOther)
        }
    }

    @Test("the asker is told in the site and by email, with the answer, once, even when it is answered again")
    func told() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.member, f.author)
        let qa = try await f.qaSession(date: day)
        let question = try await f.ask("When must a breach be reported?", on: qa, by: f.member, date: day)
        try await f.ask("And to whom?", on: qa, by: f.author, date: day)
        // When the moderator marks the member's question answered
        try await answer(f, qa, question)
        #expect(try await f.app.eventKinds().last == .meetingQuestionAnswered)
        try await f.app.deliverNotifications()
        // Then the member is told, in the site and by email, with the answer; the other asker is not
        #expect(try await f.app.notificationKinds(of: f.member) == [.meetingQuestionAnswered])
        #expect(try await f.app.notificationKinds(of: f.author) == [])
        let mail = try #require(try await f.app.queuedMail(of: f.member).first)
        #expect(mail.subject == "[Privacy] Your question for “Guest speaker: the new privacy act” was answered (Tue 1 Sep 2026)")
        #expect(mail.text.contains("Answer: Within 30 days."))
        #expect(!mail.text.contains("meet.example.org"))
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let list = try await browser.get(Paths.notifications)
            #expect(list.body.contains("Your question for “Guest speaker: the new privacy act” was answered"))
            #expect(list.body.contains(Paths.meetingQuestionsSection(qa.id!, on: day).replacingOccurrences(of: "&", with: "&amp;"))
                    || list.body.contains(Paths.meetingQuestionsSection(qa.id!, on: day)))
        }
        // And reopening and answering it again tells no one twice
        try await answer(f, qa, question, answered: false)
        try await answer(f, qa, question, note: "Within 30 days, to the IPC.")
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationKinds(of: f.member) == [.meetingQuestionAnswered])
        #expect(try await f.app.queuedMail(of: f.member).count == 1)
    }

    @Test("no one is told of an answer that was taken back, nor an asker who left a members' event's community, nor who turned it off")
    func askedAgainAtDelivery() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(date: day)
        let reopened = try await f.ask("Reopened?", on: qa, by: f.member, date: day)
        let leaver = try await f.app.member("leaver", of: f.community)
        let left = try await f.ask("Left?", on: qa, by: leaver, date: day)
        try await answer(f, qa, reopened)
        try await answer(f, qa, reopened, answered: false)
        try await answer(f, qa, left)
        try await f.execute("DELETE FROM membership WHERE user_id = ?", [leaver.id!])
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationCount() == 0)
        // A member who turned the kind off hears nothing either
        try await f.execute("INSERT INTO notification_preference (user_id, kind, enabled) VALUES (?, 'meeting_question_answered', 0)",
                            [f.author.id!])
        let quiet = try await f.ask("Quiet?", on: qa, by: f.author, date: day)
        try await answer(f, qa, quiet)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notificationCount() == 0)
    }
}
