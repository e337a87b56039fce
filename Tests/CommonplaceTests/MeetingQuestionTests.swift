import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The guest-speaker Q&A: asking and voting before the session, the moderators' merge, order, hide and answer.
@Suite("Meetings: guest-speaker questions")
struct MeetingQuestionTests {
    let day = "2026-12-08"

    @Test("a member asks, another votes once and takes the vote back; the page shows the question and its votes")
    func askAndVote() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession()
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let asked = try await browser.post(Paths.meetingQuestions(qa.id!, on: day), [("body", "Does the act cover **contractors**?")])
            #expect(asked.status == .seeOther)
            #expect(asked.location?.hasPrefix(Paths.meetingRecord(qa.id!, on: day)) == true)
            browser.clearCookies()

            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
            #expect(page.status == .ok)
            #expect(page.body.contains("Does the act cover **contractors**?"), "questions are plain text")
            #expect(page.body.contains(">Author<") || page.body.contains("Author</a>"))
            let question = try #require(try await f.app.database.meetingQuestions(occurrenceID: f.occurrenceID(qa, day), viewerID: nil).first).question
            let vote = Paths.meetingQuestionVote(qa.id!, question: question.id!)
            #expect(page.body.contains("action=\"\(vote)\""))
            #expect(try await browser.post(vote, [("vote", "true")]).status == .seeOther)
            #expect(try await browser.get(Paths.meetingRecord(qa.id!, on: day)).body.contains("1 vote"))

            let twice = try await f.app.expectNoWrite { try await browser.post(vote, [("vote", "true")]) }
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("You have already voted for this question."))
            #expect(try await browser.post(vote, [("vote", "false")]).status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post(vote, [("vote", "false")]) }
            #expect(again.status == .conflict)
            #expect(try await f.votes(question) == 0)
        }
    }

    @Test("an anonymous question shows as “a member” to members and anonymous readers, with its author to moderators and the asker")
    func anonymous() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(audience: .public, anonymous: true)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let asked = try await browser.post(Paths.meetingQuestions(qa.id!, on: day), [("body", "Can a clinic refuse a request?"), ("anonymous", "true")])
            #expect(asked.status == .seeOther)
            let own = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
            #expect(own.body.contains("Asked anonymously"), "the asker sees it is theirs")
            browser.clearCookies()
            for email in ["member@example.org", ""] {
                if !email.isEmpty { try await browser.signIn(email: email) }
                let page = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
                #expect(page.body.contains("Can a clinic refuse a request?"))
                #expect(page.body.contains("A member"))
                #expect(!page.body.contains(Paths.user("author")), "\(email): the asker is not named")
                browser.clearCookies()
            }
            try await browser.signIn(email: "moderator@example.org")
            let moderator = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
            #expect(moderator.body.contains(Paths.user("author")))
            #expect(moderator.body.contains("Asked anonymously"))
        }
    }

    @Test("asking and voting are refused with a clear message, writing nothing")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(audience: .public)
        let secret = try await f.qaSession("Red team Q&A", in: f.privateCommunity)
        let plain = try await f.meeting("Monthly meeting", date: day)
        let question = try await f.ask("What about backups?", on: qa, by: f.member)
        let ask = Paths.meetingQuestions(qa.id!, on: day)
        try await f.app.run { browser in
            // Not signed in: to sign in, nothing written.
            let anonymous = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "Hello?")]) }
            #expect(anonymous.status == .seeOther || anonymous.status == .forbidden, "\(anonymous.status)")

            try await browser.signIn(email: "member@example.org")
            let empty = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "   ")]) }
            #expect(empty.status == .badRequest)
            #expect(empty.body.contains("Write your question first: it is empty."))
            let notAllowed = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "Quietly?"), ("anonymous", "true")]) }
            #expect(notAllowed.status == .badRequest)
            #expect(notAllowed.body.contains("This event does not take anonymous questions"))
            let own = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionVote(qa.id!, question: question.id!), []) }
            #expect(own.status == .forbidden)
            #expect(own.body.contains("You cannot vote for your own question."))
            let noQuestions = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestions(plain.id!, on: day), [("body", "Hi?")]) }
            #expect(noQuestions.status == .forbidden)
            #expect(noQuestions.body.contains("This event does not take questions."))
            let noDate = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestions(qa.id!, on: "2026-12-09"), [("body", "Hi?")]) }
            #expect(noDate.status == .notFound)
            browser.clearCookies()

            // Not a member: 403 here, 404 in a members-only community.
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "May I?")]) }
            #expect(outsider.status == .forbidden)
            #expect(outsider.body.contains("Only members of Privacy can ask questions."))
            let vote = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionVote(qa.id!, question: question.id!), []) }
            #expect(vote.status == .forbidden)
            let hidden = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestions(secret.id!, on: day), [("body", "?")]) }
            #expect(hidden.status == .notFound)
            #expect(try await browser.get(Paths.meetingRecord(secret.id!, on: day)).status == .notFound)
            browser.clearCookies()

            // A suspended member.
            try await browser.signIn(email: "suspended@example.org")
            let suspended = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "Me?")]) }
            #expect(suspended.status == .forbidden)
            browser.clearCookies()

            // A cancelled date, then an inactive community.
            try await f.execute("UPDATE meeting_occurrence SET cancelled_at = ? WHERE meeting_id = ?", [f.app.clock.now, qa.id!])
            try await browser.signIn(email: "author@example.org")
            let cancelled = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "Still on?")]) }
            #expect(cancelled.status == .conflict)
            #expect(cancelled.body.contains("This date was cancelled"))
            let cancelledVote = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionVote(qa.id!, question: question.id!), []) }
            #expect(cancelledVote.status == .conflict)
            try await f.execute("UPDATE meeting_occurrence SET cancelled_at = NULL WHERE meeting_id = ?", [qa.id!])
            try await f.deactivate(f.community)
            let inactive = try await f.app.expectNoWrite { try await browser.post(ask, [("body", "Archived?")]) }
            #expect(inactive.status == .forbidden)
            #expect(inactive.body.contains("Privacy is inactive"))
        }
    }

    @Test("after the session, questions are closed: no more asking or voting, but moderators still answer")
    func afterTheSession() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession(date: "2026-09-01")
        let question = try await f.ask("What changed in 2025?", on: qa, by: f.member, date: "2026-09-01")
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get(Paths.meetingRecord(qa.id!, on: "2026-09-01"))
            #expect(page.body.contains("This session is over: questions are closed."))
            let late = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestions(qa.id!, on: "2026-09-01"), [("body", "Late?")]) }
            #expect(late.status == .conflict)
            let lateVote = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionVote(qa.id!, question: question.id!), []) }
            #expect(lateVote.status == .conflict)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let answered = try await browser.post(Paths.meetingQuestionAnswer(qa.id!, question: question.id!),
                                                  [("answered", "true"), ("answer_note", "The breach rules.")])
            #expect(answered.status == .seeOther)
            let after = try await browser.get(Paths.meetingRecord(qa.id!, on: "2026-09-01"))
            #expect(after.body.contains("Questions answered"))
            #expect(after.body.contains("The breach rules."))
        }
    }

    @Test("moderators merge a duplicate (its votes count once on the original), order, hide and show, answer and reopen")
    func moderation() async throws {
        let f = try await ForumFixture.make()
        let qa = try await f.qaSession()
        let original = try await f.ask("Does the act apply to contractors?", on: qa, by: f.author)
        let duplicate = try await f.ask("Are contractors covered?", on: qa, by: f.member)
        let third = try await f.ask("When does it come into force?", on: qa, by: f.member)
        // The moderator voted for both the original and the duplicate; the admin only for the duplicate.
        for (question, user) in [(original, f.moderator), (duplicate, f.moderator), (duplicate, f.admin), (duplicate, f.author)] {
            try await f.app.database.setQuestionVote(questionID: question.id!, userID: user.id!, voted: true, now: f.app.clock.now, checking: .trusted)
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let refused = try await f.app.expectNoWrite {
                try await browser.post(Paths.meetingQuestionMerge(qa.id!, question: duplicate.id!), [("into", "\(original.id!)")])
            }
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("Only moderators of Privacy and the event"))
            let hideRefused = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionHide(qa.id!, question: third.id!), []) }
            #expect(hideRefused.status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "moderator@example.org")
            let merged = try await browser.post(Paths.meetingQuestionMerge(qa.id!, question: duplicate.id!), [("into", "\(original.id!)")])
            #expect(merged.status == .seeOther)
            // moderator (once), admin, and the duplicate's asker; not the original's own author.
            #expect(try await f.votes(original) == 3)
            #expect(try await f.votes(duplicate) == 0)
            #expect(try await f.storedQuestion(duplicate.id!).mergedIntoId == original.id)
            let self_ = try await f.app.expectNoWrite {
                try await browser.post(Paths.meetingQuestionMerge(qa.id!, question: original.id!), [("into", "\(original.id!)")])
            }
            #expect(self_.status == .badRequest)
            let page = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
            #expect(page.body.contains("1 similar question merged in"))
            #expect(!page.body.contains("Are contractors covered?"), "a merged question is shown through its original")

            // Order: the third question (no votes) moves up above the original (3 votes).
            #expect(try await browser.post(Paths.meetingQuestionMove(qa.id!, question: third.id!), [("direction", "up")]).status == .seeOther)
            let ordered = try await browser.get(Paths.meetingRecord(qa.id!, on: day)).body
            let a = try #require(ordered.range(of: "When does it come into force?")), b = try #require(ordered.range(of: "Does the act apply to contractors?"))
            #expect(a.lowerBound < b.lowerBound)
            let badMove = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionMove(qa.id!, question: third.id!), [("direction", "left")]) }
            #expect(badMove.status == .badRequest)

            // Hide and show again.
            #expect(try await browser.post(Paths.meetingQuestionHide(qa.id!, question: third.id!), [("hidden", "true")]).status == .seeOther)
            #expect(try await browser.get(Paths.meetingRecord(qa.id!, on: day)).body.contains("Hidden questions"))
            let twice = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionHide(qa.id!, question: third.id!), [("hidden", "true")]) }
            #expect(twice.status == .conflict)

            // Answer with a note, then reopen.
            #expect(try await browser.post(Paths.meetingQuestionAnswer(qa.id!, question: original.id!),
                                           [("answered", "true"), ("answer_note", "Yes, through their contracts.")]).status == .seeOther)
            #expect(try await f.storedQuestion(original.id!).answeredAt != nil)
            #expect(try await browser.post(Paths.meetingQuestionAnswer(qa.id!, question: original.id!), [("answered", "false")]).status == .seeOther)
            #expect(try await f.storedQuestion(original.id!).answeredAt == nil)
            browser.clearCookies()

            // Members no longer see the hidden question; its address answers 404 to them.
            try await browser.signIn(email: "author@example.org")
            let member = try await browser.get(Paths.meetingRecord(qa.id!, on: day))
            #expect(!member.body.contains("When does it come into force?"))
            let hiddenVote = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionVote(qa.id!, question: third.id!), []) }
            #expect(hiddenVote.status == .notFound)
        }
    }

    @Test("a vote racing the community's archiving is refused like one after it, writing nothing")
    func voteRace() async throws {
        let outcome = try await WriteRace.run(
            as: "member@example.org", tables: ["meeting_question_vote"],
            setup: { f -> (Int64, Int64) in
                let qa = try await f.qaSession()
                let question = try await f.ask("Who enforces it?", on: qa, by: f.author)
                return (qa.id!, question.id!)
            },
            change: { f, _ in try await f.deactivate(f.community) },
            request: { browser, _, ids in try await browser.post(Paths.meetingQuestionVote(ids.0, question: ids.1), [("vote", "true")]) })
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("a vote racing the question's merge is refused like one after it, and a merge never leaves a double vote")
    func voteMergeRace() async throws {
        let outcome = try await WriteRace.run(
            as: "member@example.org", tables: ["meeting_question_vote"],
            setup: { f -> (Int64, Int64, Int64) in
                let qa = try await f.qaSession()
                let original = try await f.ask("Who enforces it?", on: qa, by: f.author)
                let duplicate = try await f.ask("Which office enforces the act?", on: qa, by: f.moderator)
                return (qa.id!, original.id!, duplicate.id!)
            },
            change: { f, ids in try await f.execute("UPDATE meeting_question SET merged_into_id = ? WHERE id = ?", [ids.1, ids.2]) },
            request: { browser, _, ids in try await browser.post(Paths.meetingQuestionVote(ids.0, question: ids.2), [("vote", "true")]) })
        #expect(outcome.holds, "\(outcome)")
    }
}

extension ForumFixture {
    /// The id of event `meeting`'s date `day`.
    func occurrenceID(_ meeting: Meeting, _ day: String) async throws -> Int64 {
        try await app.database.occurrence(meetingID: meeting.id!, localDate: day)!.id!
    }
}
