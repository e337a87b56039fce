import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// A community's own search synonyms: who may change them, what a bad list is told, and what they widen.
@Suite("Search: community synonyms")
struct SearchSynonymTests {
    typealias Case = GuardianCase

    @Test("who may change a community's synonyms, and whose synonyms widen a search")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        try await f.expectMatrix([
            Case(rule: "change a community's search synonyms", allowed: [.moderator, .admin]) { $0.canEditSearchSynonyms(of: c) },
            Case(rule: "search with a members-only community's synonyms", allowed: [.member, .author, .moderator, .admin, .suspended]) {
                $0.canUseSearchSynonyms(of: pc)
            },
        ])
    }

    @Test("a moderator saves synonyms; a search in the community then finds the other term, and says so")
    func moderatorSaves() async throws {
        let f = try await ForumFixture.make()
        let discussion = try await SearchForgivingTests.start(f, "Notes from our TTX", "The ransomware scenario ran long.")
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(Paths.searchSynonyms(f.community))
            #expect(form.status == .ok)
            #expect(form.body.contains("MFA = multi-factor authentication"), "the site's list is shown")
            let saved = try await browser.post(Paths.searchSynonyms(f.community), [("synonyms", "RUG = regional user group\n\nTTX = tabletop exercise")])
            #expect(saved.status == .seeOther)
            let again = try await browser.get(Paths.searchSynonyms(f.community) + "?saved=1")
            #expect(again.body.contains("The synonyms were saved."))
            #expect(again.body.contains("RUG = regional user group\nTTX = tabletop exercise"))
            let within = try await SearchFilterTests.found(browser, "q=tabletop+exercise&in=privacy")
            #expect(within.contains(discussion.id!))
            let page = try await browser.get("/search?q=tabletop+exercise&in=privacy")
            #expect(page.body.contains("“tabletop exercise” also finds “TTX”"))
            #expect(page.body.contains("This community's search synonyms"), "a moderator is led to the list")
            let elsewhere = try await SearchFilterTests.found(browser, "q=tabletop+exercise")
            #expect(!elsewhere.contains(discussion.id!), "another community's list does not apply outside it")
            let logged = try await f.app.database.reader.read { db in
                try String.fetchOne(db, sql: "SELECT reason FROM moderation_action ORDER BY id DESC LIMIT 1")
            }
            #expect(logged == "search synonyms: 2 lines")
        }
    }

    @Test("a line without two terms is refused with the line's number, and nothing is saved")
    func validation() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let token = try await browser.csrfToken()
            let refused = try await f.app.expectNoWrite {
                try await browser.post(Paths.searchSynonyms(f.community), [("synonyms", "RUG = regional user group\nTTX")], csrf: token)
            }
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Line 2 needs at least two terms"))
            #expect(refused.body.contains("TTX"), "what was typed is kept")
            let forged = try await f.app.expectNoWrite {
                try await browser.post(Paths.searchSynonyms(f.community), [("synonyms", "RUG = regional user group")], csrf: "")
            }
            #expect(forged.status == .forbidden, "no CSRF token, no change")
        }
    }

    @Test("members, other moderators and the suspended are refused (403); outsiders of a members-only community get 404")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        for (email, status) in [("member@example.org", HTTPResponse.Status.forbidden), ("othermod@example.org", .forbidden),
                                ("suspended@example.org", .forbidden)] {
            try await f.app.run { browser in
                try await browser.signIn(email: email)
                let token = try await browser.csrfToken()
                let refused = try await f.app.expectNoWrite {
                    try await browser.post(Paths.searchSynonyms(f.community), [("synonyms", "A1 = B1")], csrf: token)
                }
                #expect(refused.status == status, "\(email)")
                let form = try await browser.get(Paths.searchSynonyms(f.community))
                #expect(form.status != .ok && !form.body.contains("name=\"synonyms\""), "\(email): \(form.status)")
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.searchSynonyms(f.privateCommunity)).status == .notFound)
        }
        try await f.app.run { browser in
            let page = try await browser.get(Paths.searchSynonyms(f.community))
            #expect(page.status == .seeOther || page.status == .unauthorized || page.status == .forbidden)
            #expect(try await browser.get(Paths.searchSynonyms(f.privateCommunity)).status == .notFound)
        }
    }

    @Test("a moderator demoted between the check and the save is refused inside the write, and nothing is saved")
    func recheckedInWrite() async throws {
        let outcome = try await WriteRace.run(
            as: "moderator@example.org", tables: ["community_search_synonyms"],
            setup: { _ in () },
            change: { f, _ in try await f.demote(f.moderator, in: f.community) },
            request: { browser, f, _ in
                try await browser.post(Paths.searchSynonyms(f.community), [("synonyms", "RUG = regional user group")])
            })
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("site synonyms are parsed as terms of letters and digits; a community's list adds to them")
    func parsing() {
        let site = SearchSynonyms.siteWide
        #expect(site.alternatives(for: ["multifactor"]).contains { $0.written == "MFA" })
        #expect(site.alternatives(for: ["multi", "factor", "authentication"]).contains { $0.written == "MFA" })
        let community = SearchSynonyms(lines: ["RUG = regional user group", "lonely"])
        #expect(community.alternatives(for: ["rug"]).map(\.written) == ["regional user group"])
        #expect(site.adding(community).alternatives(for: ["regional", "user", "group"]).map(\.written) == ["RUG"])
        #expect(SearchSynonyms.validate("lonely").count == 1)
        #expect(SearchSynonyms.validate("a = b\n\nc = d").isEmpty)
    }
}
