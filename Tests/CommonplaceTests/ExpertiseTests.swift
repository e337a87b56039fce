import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("All teach, all learn: expertise and topics")
struct ExpertiseTests {
    @Test("a member says what they can help with and want to learn, from the vocabulary and free entries, and opts in")
    func saveExpertise() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.setVocabulary(communityID: f.community.id!, ["Privacy impact assessments", "breach response"])
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.settingsExpertise).location?.hasPrefix(Paths.signIn) == true)
            try await browser.signIn(email: "member@example.org")
            let form = try await browser.get(Paths.settingsExpertise)
            #expect(form.status == .ok)
            #expect(form.body.contains("name=\"help[]\" value=\"privacy impact assessments\""))
            #expect(form.body.contains("name=\"learn[]\" value=\"breach response\""))
            #expect(form.body.contains("aria-current=\"page\">Expertise"))
            let r = try await browser.post(Paths.settingsExpertise, [
                ("help[]", "privacy impact assessments"), ("help_other", "PHIPA\nConsent, #Data   sharing"),
                ("learn[]", "breach response"), ("learn_other", ""), ("suggestable", "true"), ("mentor", "true"),
            ])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.settingsExpertise + "?notice=saved")
            let saved = try await browser.get(Paths.settingsExpertise + "?notice=saved")
            #expect(saved.body.contains("Your expertise was saved."))
            #expect(saved.body.contains("value=\"privacy impact assessments\" checked"))
            #expect(saved.body.contains("consent\ndata sharing\nphipa"))
            #expect(saved.body.contains("id=\"suggestable\" name=\"suggestable\" value=\"true\" checked"))
            let profile = try await browser.get(Paths.user("member"))
            #expect(profile.body.contains("Can help with"))
            #expect(profile.body.contains("consent, data sharing, phipa, privacy impact assessments"))
            #expect(profile.body.contains("Mentor"))
        }
        let expertise = try await f.app.database.expertise(userID: f.member.id!)
        #expect(expertise == Expertise(help: ["consent", "data sharing", "phipa", "privacy impact assessments"], learn: ["breach response"],
                                       suggestable: true, mentor: true))
    }

    @Test("unchecking everything opts out and clears the topics")
    func clear() async throws {
        let f = try await ForumFixture.make()
        try await f.setExpertise(f.member, help: ["phipa"], learn: ["fhir"], mentor: true)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.settingsExpertise, [("help_other", ""), ("learn_other", "")]).status == .seeOther)
        }
        #expect(try await f.app.database.expertise(userID: f.member.id!) == Expertise())
    }

    @Test("too many topics or one too long is 400 with the form kept, and nothing is saved; suspended accounts are 403")
    func limits() async throws {
        let f = try await ForumFixture.make()
        try await f.setExpertise(f.member, help: ["phipa"], suggestable: false)
        let many = (1...(Topics.maxPerKind + 1)).map { "topic \($0)" }.joined(separator: "\n")
        let long = String(repeating: "x", count: Topics.maxLength + 1)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let tooMany = try await f.app.expectNoWrite { try await browser.post(Paths.settingsExpertise, [("help_other", many), ("suggestable", "true")]) }
            #expect(tooMany.status == .badRequest)
            #expect(tooMany.body.contains("Topics you can help with: at most \(Topics.maxPerKind) topics (you gave \(Topics.maxPerKind + 1))"))
            #expect(tooMany.body.contains("topic 21"))
            let tooLong = try await f.app.expectNoWrite { try await browser.post(Paths.settingsExpertise, [("learn_other", "fhir, \(long)")]) }
            #expect(tooLong.status == .badRequest)
            #expect(tooLong.body.contains("Topics you want to learn: each topic can be at most \(Topics.maxLength) characters"))
            browser.clearCookies()
            try await f.signIn(browser, "suspended@example.org")
            #expect(try await browser.get(Paths.settingsExpertise).status == .ok, "reading is allowed")
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.settingsExpertise, [("help_other", "phipa"), ("suggestable", "true")]) }
            #expect(refused1.status == .forbidden)
            browser.clearCookies()
            let refused2 = try await f.app.expectNoWrite { try await browser.post(Paths.settingsExpertise, [("help_other", "phipa")]) }
            #expect(refused2.status == .forbidden, "anonymous")
        }
        #expect(try await f.app.database.expertise(userID: f.member.id!) == Expertise(help: ["phipa"]))
        #expect(try await f.app.database.expertise(userID: f.suspended.id!) == Expertise())
    }

    @Test("moderators keep the community's vocabulary; members cannot; limits are 400 and save nothing")
    func vocabulary() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get(Paths.communityTopics(f.community)).status == .ok)
            let r = try await browser.post(Paths.communityTopics(f.community), [("topics", "Privacy impact assessments\r\nbreach response\n\nPHIPA\nphipa")])
            #expect(r.status == .seeOther)
            #expect(r.location == Paths.communityTopics(f.community) + "?notice=saved")
            let page = try await browser.get(Paths.communityTopics(f.community) + "?notice=saved")
            #expect(page.body.contains("breach response\nphipa\nprivacy impact assessments"))
            let tooMany = (0...Topics.maxVocabulary).map { "t\($0)" }.joined(separator: "\n")
            let r400 = try await f.app.expectNoWrite { try await browser.post(Paths.communityTopics(f.community), [("topics", tooMany)]) }
            #expect(r400.status == .badRequest)
            #expect(r400.body.contains("at most \(Topics.maxVocabulary) topics"))
            let long = try await f.app.expectNoWrite { try await browser.post(Paths.communityTopics(f.community), [("topics", String(repeating: "y", count: Topics.maxLength + 1))]) }
            #expect(long.status == .badRequest)
            let refused1 = try await f.app.expectNoWrite { try await browser.post(Paths.communityTopics(f.otherCommunity), [("topics", "x")]) }
            #expect(refused1.status == .forbidden)
            browser.clearCookies()

            try await browser.signIn(email: "member@example.org")
            let member = try await f.app.expectNoWrite { try await browser.post(Paths.communityTopics(f.community), [("topics", "spam")]) }
            #expect(member.status == .forbidden)
            #expect(member.body.contains("Only moderators of Privacy manage its topics."))
            #expect(try await browser.get(Paths.communityTopics(f.community)).status == .forbidden)
            #expect(try await browser.get(Paths.settingsExpertise).body.contains("value=\"phipa\""), "members pick from their communities' vocabulary")
            browser.clearCookies()

            try await browser.signIn(email: "outsider@example.org")
            #expect(!(try await browser.get(Paths.settingsExpertise).body.contains("value=\"phipa\"")), "not from communities they are not in")
            #expect(try await browser.get(Paths.communityTopics(f.privateCommunity)).status == .notFound)
            browser.clearCookies()
            #expect(try await browser.get(Paths.communityTopics(f.community)).location?.hasPrefix(Paths.signIn) == true)
        }
        #expect(try await f.app.database.vocabulary(communityID: f.community.id!) == ["breach response", "phipa", "privacy impact assessments"])
        #expect(try await f.app.database.vocabulary(communityID: f.otherCommunity.id!).isEmpty)
    }

    @Test("topics are normalised: trimmed, single spaces, lowercase, no leading #, no repeats")
    func normalising() {
        #expect(Topics.parse("  Privacy   Impact Assessments ,#PHIPA\r\n\nphipa\r\nFHIR") == ["privacy impact assessments", "phipa", "fhir"])
        #expect(Topics.problem(["a"], label: "X") == nil)
    }
}
