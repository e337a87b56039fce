import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("All teach, all learn: who to ask")
struct WhoToAskTests {
    /// Privacy impact assessments (PIA) in the public community, made so the order is unambiguous:
    /// alice says she can help, 2 accepted answers with 3 helpful marks (10 + 6 + 3 = 19); bola only says so (10);
    /// chen has 1 accepted answer with 2 marks and says nothing (3 + 2 = 5); dana says so with 3 accepted answers
    /// but did not opt in; erin opted in for another topic only. Answers elsewhere (another topic, another
    /// community, a hidden answer) do not count.
    struct Ranked {
        let f: ForumFixture
        let alice: User, bola: User, chen: User, dana: User, erin: User
        static let topic = "privacy impact assessments"

        static func make() async throws -> Ranked {
            let f = try await ForumFixture.make()
            let alice = try await f.addMember("alice"), bola = try await f.addMember("bola"), chen = try await f.addMember("chen")
            let dana = try await f.addMember("dana"), erin = try await f.addMember("erin")
            try await f.app.database.addMember(communityID: f.otherCommunity.id!, userID: chen.id!, now: f.app.clock.now)
            try await f.setExpertise(alice, help: [topic, "consent"])
            try await f.setExpertise(bola, help: [topic])
            try await f.setExpertise(chen, help: [])
            try await f.setExpertise(dana, help: [topic], suggestable: false)
            try await f.setExpertise(erin, help: ["breach response"])
            try await f.answered("When is a privacy impact assessment required?", by: alice, helpfulFrom: [f.member, bola])
            try await f.answered("Templates for privacy impact assessments", by: alice, helpfulFrom: [f.moderator])
            try await f.answered("Who reviews our privacy impact assessment?", by: chen, helpfulFrom: [f.member, alice])
            for n in 1...3 { try await f.answered("Privacy impact assessment scoping, part \(n)", by: dana, helpfulFrom: [f.member]) }
            try await f.answered("Breach response drills", by: chen, helpfulFrom: [f.member, alice, bola])
            let board = try #require(try await f.app.database.board(communityID: f.otherCommunity.id!, slug: "general"))
            try await f.answered("Privacy impact assessment for the finance system", by: chen, helpfulFrom: [f.otherModerator], in: board)
            let (_, hidden) = try await f.answered("Privacy impact assessment sign-off", by: chen, helpfulFrom: [f.member])
            try await f.app.database.hidePost(id: hidden.id!, moderatorID: f.moderator.id!, reason: "Wrong thread", now: f.app.clock.now)
            return Ranked(f: f, alice: alice, bola: bola, chen: chen, dana: dana, erin: erin)
        }
    }

    @Test("the ranking orders opted-in members by declared expertise, accepted answers and helpful marks on the topic")
    func ranking() async throws {
        let r = try await Ranked.make()
        let ranked = try await r.f.app.database.whoToAsk(communityID: r.f.community.id!, topics: [Ranked.topic], now: r.f.app.clock.now)
        #expect(ranked.map(\.user.handle) == ["alice", "bola", "chen"])
        #expect(ranked.map(\.score) == [19, 10, 5])
        #expect(ranked.map(\.accepted) == [2, 0, 1])
        #expect(ranked.map(\.helpful) == [3, 0, 2])
        let singular = try await r.f.app.database.whoToAsk(communityID: r.f.community.id!, topics: ["Privacy Impact Assessment"], now: r.f.app.clock.now)
        #expect(singular.map(\.user.handle) == ["alice", "chen"], "stemming finds the answers; declared topics match as written")
        let breach = try await r.f.app.database.whoToAsk(communityID: r.f.community.id!, topics: ["breach response"], now: r.f.app.clock.now)
        #expect(breach.map(\.user.handle) == ["erin", "chen"], "erin 10 (declared); chen 3 + 3")
    }

    @Test("Who to ask shows the ranked members with why; a member who did not opt in never appears")
    func page() async throws {
        let r = try await Ranked.make()
        try await r.f.app.database.setVocabulary(communityID: r.f.community.id!, [Ranked.topic, "breach response"])
        try await r.f.app.run { browser in
            let page = try await browser.get(Paths.whoToAsk(r.f.community, topic: Ranked.topic))
            #expect(page.status == .ok)
            let body = page.body
            let positions = ["Alice", "Bola", "Chen"].map { body.range(of: ">\($0)</a>")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions[0]! < positions[1]! && positions[1]! < positions[2]!)
            #expect(!body.contains("Dana"), "a non-opted-in expert is absent")
            #expect(!body.contains(">Erin</a>"))
            #expect(body.contains("says they can help with privacy impact assessments; 2 accepted answers on it; 3 helpful marks on it"))
            #expect(body.contains("1 accepted answer on it; 2 helpful marks on it"))
            #expect(body.contains("href=\"\(Paths.whoToAsk(r.f.community, topic: "breach response"))\""), "the vocabulary is the topic picker")
            #expect(body.contains("<datalist id=\"topic-suggestions\">"))

            let all = try await browser.get(Paths.whoToAsk(r.f.community))
            #expect(all.body.contains(">Erin</a>") && all.body.contains("can help with breach response"))
            #expect(!all.body.contains("Dana"))
            #expect(try await browser.get(Paths.whoToAsk(r.f.community) + "?topic=" + String(repeating: "z", count: 41)).status == .badRequest)
            #expect(try await browser.get(Paths.whoToAsk(r.f.privateCommunity)).status == .notFound)
            for odd in ["\")(*", "NEAR(privacy impact)", "privacy AND OR NOT", "-privacy*"] {
                #expect(try await browser.get(Paths.whoToAsk(r.f.community, topic: odd)).status == .ok, "FTS5 syntax is never read from a topic: \(odd)")
            }
        }
    }

    @Test("a suspended member, or one of another community, is not suggested")
    func onlyActiveMembers() async throws {
        let r = try await Ranked.make()
        try await r.f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET suspended_until = ? WHERE id = ?", arguments: [r.f.app.clock.now.addingTimeInterval(3600), r.bola.id])
        }
        let ranked = try await r.f.app.database.whoToAsk(communityID: r.f.community.id!, topics: [Ranked.topic], now: r.f.app.clock.now)
        #expect(ranked.map(\.user.handle) == ["alice", "chen"])
        let finance = try await r.f.app.database.whoToAsk(communityID: r.f.otherCommunity.id!, topics: [Ranked.topic], now: r.f.app.clock.now)
        #expect(finance.map(\.user.handle) == ["chen"], "only chen is a member there; one accepted answer there")
        #expect(finance.first?.score == 3 + 1)
    }

    @Test("a question's ranking is reused for a minute (AppConfiguration.helperCacheSeconds), then ranked again")
    func questionBoxCache() async throws {
        let r = try await Ranked.make()
        let (question, _) = try await r.f.ask("Do we need a privacy impact assessment for a new portal?")
        try await r.f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.discussion(question)).body.contains(">Alice</a>"))
            // Alice opts out: the cached ranking still names her for the rest of the minute …
            try await r.f.setExpertise(r.alice, help: [Ranked.topic], suggestable: false)
            #expect(try await browser.get(Paths.discussion(question)).body.contains(">Alice</a>"))
            // … and not after it; her opting out already counts for asking her (checked on the POST, not cached).
            #expect(try await browser.post(Paths.askForHelp(question), [("helper", "alice")]).status == .forbidden)
            r.f.app.clock.advance(by: 61)
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains(">Alice</a>")))
        }
    }

    @Test("under a question, signed-in visitors see people who could help, ranked for its topics, without the asker, with a form to ask them")
    func questionBox() async throws {
        let r = try await Ranked.make()
        try await r.f.setExpertise(r.f.author, help: [Ranked.topic])
        let (question, _) = try await r.f.ask("Do we need a privacy impact assessment for a new portal?")
        try await r.f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.discussion(question))
            #expect(page.body.contains("People who could help"))
            #expect(page.body.contains("for this question's topics: privacy impact assessments."))
            let start = try #require(page.body.range(of: "could-help-heading"))
            let box = String(page.body[start.lowerBound...])
            let alice = try #require(box.range(of: ">Alice</a>")), bola = try #require(box.range(of: ">Bola</a>"))
            #expect(alice.lowerBound < bola.lowerBound)
            #expect(!box.contains(">Author</a>"), "the asker is left out")
            #expect(!box.contains("Dana"))
            #expect(box.contains("action=\"\(Paths.askForHelp(question))\""))
            #expect(box.contains("<option value=\"alice\">Alice</option>"))
            browser.clearCookies()

            try await browser.signIn(email: "alice@example.org")
            let own = try await browser.get(Paths.discussion(question))
            #expect(own.body.contains(">Alice</a> <span class=\"muted\">(you)</span>"))
            #expect(!own.body.contains("<option value=\"alice\">"), "one cannot ask oneself")
            browser.clearCookies()

            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.post(Paths.askForHelp(question), [("helper", "bola")]).status == .seeOther)
            let asked = try await browser.get(Paths.discussion(question))
            #expect(asked.body.contains(">Bola</a> <span class=\"muted\">(already asked to look)</span>"))
            #expect(!asked.body.contains("<option value=\"bola\">"), "a member is asked once per question")
            #expect(asked.body.contains("<option value=\"alice\">"))
            browser.clearCookies()

            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await browser.get(Paths.discussion(question))
            #expect(outsider.body.contains("People who could help"))
            #expect(!outsider.body.contains("action=\"\(Paths.askForHelp(question))\""), "only members may ask")
            browser.clearCookies()
            #expect(!(try await browser.get(Paths.discussion(question)).body.contains("People who could help")), "signed-in visitors only")
        }
        let (conversation, _) = try await r.f.question(title: "Privacy impact assessments: our year", kind: .conversation)
        try await r.f.app.run { browser in
            let page = try await browser.get(Paths.discussion(conversation))
            #expect(!page.body.contains("People who could help"), "questions only")
        }
    }

    @Test("questions you could answer: unanswered, listed questions in one's communities matching one's topics, newest first, with why")
    func questionsForYou() async throws {
        let r = try await Ranked.make()
        let f = r.f
        let (older, _) = try await f.ask("Privacy impact assessment for telehealth?")
        let (newer, _) = try await f.ask("Consent forms for minors", body: "How do you word consent for teenagers?")
        _ = try await f.ask("Breach response for lost laptops")
        let (own, _) = try await f.ask("My own privacy impact assessment question", by: r.alice)
        let (hidden, _) = try await f.ask("Hidden privacy impact assessment question")
        try await f.app.database.setDiscussionHidden(id: hidden.id!, hidden: true, reason: "Duplicate",
                                                      by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        let board = try #require(try await f.app.database.board(communityID: f.otherCommunity.id!, slug: "general"))
        let (elsewhere, _) = try await f.ask("Privacy impact assessment in finance?", in: board)
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.questionsForYou).location?.hasPrefix(Paths.signIn) == true)
            try await browser.signIn(email: "alice@example.org")
            let page = try await browser.get(Paths.questionsForYou)
            #expect(page.status == .ok)
            let body = page.body
            let newerAt = try #require(body.range(of: newer.title)), olderAt = try #require(body.range(of: older.title))
            #expect(newerAt.lowerBound < olderAt.lowerBound, "newest first")
            #expect(body.contains("Matches consent, which you said you can help with."))
            #expect(body.contains("Matches privacy impact assessments, which you said you can help with."))
            for absent in ["When is a privacy impact assessment required?", "Breach response for lost laptops", own.title, hidden.title, elsewhere.title] {
                #expect(!body.contains(absent), "\(absent)")
            }
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.questionsForYou).body.contains("Say what you can help with"))
        }
    }
}
