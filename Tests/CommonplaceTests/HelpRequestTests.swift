import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("All teach, all learn: help requests")
struct HelpRequestTests {
    /// The public community with two more members: alice opted in to being asked, dana did not.
    static func make() async throws -> (ForumFixture, alice: User, dana: User, question: Discussion) {
        let f = try await ForumFixture.make()
        let alice = try await f.addMember("alice")
        let dana = try await f.addMember("dana")
        try await f.setExpertise(alice, help: ["privacy impact assessments"])
        try await f.setExpertise(dana, help: ["privacy impact assessments"], suggestable: false)
        let (question, _) = try await f.ask("Do we need a privacy impact assessment for a new portal?")
        return (f, alice, dana, question)
    }

    @Test("a member asks an opted-in member to look at a question; the helper sees it, with a count, and marks it read")
    func askAndSee() async throws {
        let (f, _, _, question) = try await Self.make()
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.helpRequests).location?.hasPrefix(Paths.signIn) == true)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.helpRequestsSeen, []) }
            #expect(refused1.status == .forbidden, "anonymous")
            try await browser.signIn(email: "author@example.org")
            let r = try await browser.post(Paths.askForHelp(question), [("helper", "@Alice"), ("message", "You wrote our PIA template; could you look?")])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.helpRequests + "?notice=asked")
            let sent = try await browser.get(Paths.helpRequests + "?notice=asked")
            #expect(sent.body.contains("Your request was sent"))
            #expect(sent.body.contains("You asked <a href=\"\(Paths.user("alice"))\">Alice</a>"))
            browser.clearCookies()

            try await browser.signIn(email: "alice@example.org")
            let profile = try await browser.get(Paths.user("alice"))
            #expect(profile.body.contains("1 new help request"))
            let settings = try await browser.get(Paths.settings)
            #expect(settings.body.contains("Help requests <span class=\"badge count\">1 new</span>"))
            let page = try await browser.get(Paths.helpRequests)
            #expect(page.body.contains("href=\"\(Paths.discussion(question))\""))
            #expect(page.body.contains("You wrote our PIA template; could you look?"))
            #expect(page.body.contains("asked you, in Privacy"))
            #expect(page.body.contains("Mark all as read"))
            let seen = try await browser.post(Paths.helpRequestsSeen, [])
            #expect(seen.status == .seeOther)
            #expect(!(try await browser.get(Paths.settings).body.contains("1 new")))
            #expect(!(try await browser.get(Paths.user("alice")).body.contains("new help request")))
            let again = try await f.app.expectNoWrite { try await browser.post(Paths.helpRequestsSeen, []) }
            #expect(again.status == .conflict)
            #expect(again.body.contains("There are no unread help requests."))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(!(try await browser.get(Paths.user("alice")).body.contains("new help request")), "only the helper sees the count")
        }
        let request = try #require(try await f.app.database.reader.read { db in try HelpRequest.fetchOne(db) })
        #expect(request.requesterId == f.author.id && request.discussionId == question.id && request.seenAt != nil)
    }

    @Test("asking is refused with clear messages and nothing written: not opted in 403, oneself 400, unknown or outside helper 400, not a member 403, anonymous 403, suspended 403, not a question 400, message too long 400")
    func refusals() async throws {
        let (f, _, _, question) = try await Self.make()
        let (lesson, _) = try await f.question(title: "What we learned from our PIA", kind: .lesson)
        try await f.setExpertise(f.otherModerator, help: ["budgets"])
        try await f.setExpertise(f.member, help: ["phipa"])
        try await f.app.run { browser in
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice")]) }
            #expect(refused1.status == .forbidden, "anonymous")

            try await browser.signIn(email: "author@example.org")
            let dana = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "dana")]) }
            #expect(dana.status == .forbidden)
            #expect(dana.body.contains("Dana has not opted in to being asked for help."))
            let own = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "author")]) }
            #expect(own.status == .badRequest)
            #expect(own.body.contains("You cannot ask yourself for help."))
            let nobody = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "nobody")]) }
            #expect(nobody.status == .badRequest)
            #expect(nobody.body.contains("There is no member @nobody."))
            let empty = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", " ")]) }
            #expect(empty.status == .badRequest)
            let outside = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "othermod")]) }
            #expect(outside.status == .badRequest)
            #expect(outside.body.contains("Othermod is not a member of Privacy"))
            let long = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice"), ("message", String(repeating: "m", count: HelpRequest.maxMessageLength + 1))]) }
            #expect(long.status == .badRequest)
            #expect(long.body.contains("The message can be at most \(HelpRequest.maxMessageLength) characters"))
            let notQuestion = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(lesson), [("helper", "alice")]) }
            #expect(notQuestion.status == .badRequest)
            #expect(notQuestion.body.contains("Help requests are for questions"))
            browser.clearCookies()

            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice")]) }
            #expect(outsider.status == .forbidden)
            #expect(outsider.body.contains("Only members of Privacy can ask others for help."))
            browser.clearCookies()
            try await f.signIn(browser, "suspended@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice")]) }
            #expect(refused2.status == .forbidden)
        }
        #expect(try await f.learningRows("help_request") == 0)
    }

    @Test("the same helper twice for the same question is 409, whoever asks; a question they cannot see is 404")
    func twice() async throws {
        let (f, alice, _, question) = try await Self.make()
        let (secret, _) = try await f.ask("Pen-test scope?", in: f.privateBoard)
        try await f.app.database.addMember(communityID: f.privateCommunity.id!, userID: alice.id!, now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.askForHelp(question), [("helper", "alice")]).status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice")]) }
            #expect(again.status == .conflict)
            #expect(again.body.contains("Alice has already been asked to look at this question."))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(question), [("helper", "alice")]) }
            #expect(refused1.status == .conflict)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(secret), [("helper", "alice")]) }
            #expect(refused2.status == .notFound)
        }
        #expect(try await f.learningRows("help_request") == 1)
    }

    @Test("a member sends at most HelpRequest.maxPerWindow requests in 24 hours (429, nothing written), then may ask again")
    func rateLimit() async throws {
        let (f, _, _, _) = try await Self.make()
        var asked: [Discussion] = []
        for n in 0...HelpRequest.maxPerWindow { asked.append(try await f.ask("Question number \(n)").0) }
        let questions = asked
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for question in questions.prefix(HelpRequest.maxPerWindow) {
                #expect(try await browser.post(Paths.askForHelp(question), [("helper", "alice")]).status == .seeOther)
            }
            let limited = try await f.app.expectNoWrite { try await browser.post(Paths.askForHelp(questions.last!), [("helper", "alice")]) }
            #expect(limited.status == .tooManyRequests)
            #expect(limited.body.contains("You have sent \(HelpRequest.maxPerWindow) help requests in the last 24 hours"))
            #expect(try await f.learningRows("help_request") == HelpRequest.maxPerWindow)
            f.app.clock.advance(by: HelpRequest.rateWindow + 1)
            #expect(try await browser.post(Paths.askForHelp(questions.last!), [("helper", "alice")]).status == .seeOther)
        }
        #expect(try await f.learningRows("help_request") == HelpRequest.maxPerWindow + 1)
    }

    @Test("a request about a question that became hidden stays listed without its link")
    func hiddenQuestion() async throws {
        let (f, alice, _, question) = try await Self.make()
        _ = try await f.app.database.createHelpRequest(HelpRequest(
            communityId: f.community.id!, discussionId: question.id!, requesterId: f.member.id!, helperId: alice.id!,
            createdAt: f.app.clock.now), helperName: "Alice")
        try await f.app.database.setDiscussionHidden(id: question.id!, hidden: true, reason: "Duplicate",
                                                      by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        try await f.app.run { browser in
            try await browser.signIn(email: "alice@example.org")
            let page = try await browser.get(Paths.helpRequests)
            #expect(page.body.contains("A question that is no longer visible"))
            #expect(!page.body.contains(question.title))
        }
    }
}
