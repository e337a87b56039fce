import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// Search that forgives (issue 15): filters alone, hyphens and compounds, synonyms, sentences, typos, and what the
/// results page says about each.
@Suite("Search: forgiving")
struct SearchForgivingTests {
    /// Starts a discussion in `board` by the fixture's author.
    static func start(_ f: ForumFixture, _ title: String, _ body: String, in board: Board? = nil, kind: Discussion.Kind = .conversation,
                      daysAgo: Double = 0) async throws -> Discussion {
        let board = board ?? f.board
        return try await f.app.database.createDiscussion(NewDiscussion(
            communityID: board.communityId, boardID: board.id!, kind: kind, title: title, authorID: f.author.id!,
            body: .from(body), createdAt: f.app.clock.now.addingTimeInterval(-daysAgo * 86_400)))
    }

    @Test("filters alone list the discussions they allow, newest first: is:unanswered in:privacy")
    func filtersAlone() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let ids = try await SearchFilterTests.found(browser, "q=is%3Aunanswered+in%3Aprivacy")
            let discussions = try await app.database.reader.read { db in
                try Discussion.fetchAll(db, sql: "SELECT * FROM discussion WHERE id IN (SELECT value FROM json_each(?))",
                                        arguments: [AppDatabase.jsonArray(ids)])
            }
            #expect(ids.count == 2)
            #expect(discussions.allSatisfy { $0.kind == .question && $0.acceptedPostId == nil })
            let dates = ids.compactMap { id in discussions.first { $0.id == id }?.createdAt }
            #expect(dates == dates.sorted(by: >), "newest first")
            let page = try await browser.get("/search?q=is%3Aunanswered+in%3Aprivacy")
            #expect(page.body.contains("Filters alone: every discussion they allow, newest first."))
            #expect(page.body.contains("2 discussions"))
            #expect(page.body.contains("Can appointment reminder texts include the type of appointment?"))
            // The form's own filters with nothing typed are a search too.
            let form = try await SearchFilterTests.found(browser, "q=&is=unanswered&in=privacy")
            #expect(form == ids)
        }
    }

    @Test("multi-factor, multifactor and multi factor find each other; co-design finds codesign; landbased finds land-based")
    func hyphensAndCompounds() async throws {
        let f = try await ForumFixture.make()
        let hyphen = try await Self.start(f, "Multi-factor prompts at the front desk", "Staff find the prompts slow.")
        let joined = try await Self.start(f, "Multifactor for the EMR", "Our insurer asks for it.")
        // Each form in two posts: the vocabulary keeps only words found in more than one.
        let design = [try await Self.start(f, "Co-design with clients", "We co-design every form."),
                      try await Self.start(f, "Co-design of the intake", "Clients co-design it with us."),
                      try await Self.start(f, "Codesign sessions", "Codesign takes time: plan codesign early."),
                      try await Self.start(f, "Codesign budget", "What codesign costs.")]
        let land = [try await Self.start(f, "Land-based programming", "Planning with Elders."),
                    try await Self.start(f, "Land-based youth camp", "A land-based summer.")]
        try await f.app.run { browser in
            for typed in ["multi-factor", "multifactor", "multi+factor"] {
                let found = Set(try await SearchFilterTests.found(browser, "q=\(typed)"))
                #expect(found.isSuperset(of: [hyphen.id!, joined.id!]), "\(typed)")
            }
            for typed in ["co-design", "co+design"] {
                let found = Set(try await SearchFilterTests.found(browser, "q=\(typed)"))
                #expect(found.isSuperset(of: design.map { $0.id! }), "\(typed)")
            }
            #expect(Set(try await SearchFilterTests.found(browser, "q=landbased")) == Set(land.map { $0.id! }))
            let page = try await browser.get("/search?q=landbased")
            #expect(page.body.contains("“landbased” also finds “land based”"))
            let merged = try await browser.get("/search?q=co+design")
            #expect(merged.body.contains("“co design” also finds “codesign”"))
        }
    }

    @Test("acronyms and their expansions find each other, and the page says so")
    func siteSynonyms() async throws {
        let f = try await ForumFixture.make()
        let acronym = try await Self.start(f, "MFA rollout", "Keys for shared workstations.")
        let expansion = try await Self.start(f, "Authentication on shared PCs", "We turned on multi-factor authentication last month.")
        try await f.app.run { browser in
            #expect(Set(try await SearchFilterTests.found(browser, "q=MFA")).isSuperset(of: [acronym.id!, expansion.id!]))
            let spelled = try await SearchFilterTests.found(browser, "q=multi-factor+authentication")
            #expect(Set(spelled).isSuperset(of: [acronym.id!, expansion.id!]))
            let page = try await browser.get("/search?q=MFA")
            #expect(page.body.contains("“mfa” also finds “multi-factor authentication”"))
        }
    }

    @Test("a sentence finds the discussion that holds most of its words, and the page says so")
    func sentences() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/search?q=police+asking+about+a+client")
            #expect(page.body.contains("Few results matched all your words: showing those that match most of them, leaving out “about” and “a”.</p>"))
            // Resources follow the same reading: the police policy holds only one of the words.
            #expect(page.body.contains("Sample policy: disclosing PHI to police"))
            #expect(page.body.contains("<h2 id=\"resource-results-heading\">Resources</h2>"))
            #expect(page.body.contains("<h2 id=\"discussion-results-heading\">Discussions</h2>"))
            let first = try #require(page.body.range(of: "Police officer at the front desk"))
            #expect(page.body.range(of: "Welcome to the Privacy CoP").map { first.lowerBound < $0.lowerBound } ?? true)
            let json = try await browser.get("/search?q=police+asking+about+a+client", headers: [.accept: "application/json"])
            #expect(json.body.contains("\"relaxed\":true"))
        }
    }

    @Test("a typo that finds nothing is corrected from the index's words, and the correction is one click away")
    func typos() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/search?q=privacy+breech")
            #expect(page.body.contains("Nothing matched “privacy breech”: showing results for “privacy breach”."))
            #expect(page.body.contains("Sharing our updated privacy breach protocol (2026 version)"))
            let suggested = try await browser.get("/search?q=phising+cats")
            #expect(suggested.status == .ok)
            let partly = try await browser.get("/search?q=acceptible+use+policy")
            #expect(partly.body.contains("Has anyone written an acceptable use policy for AI tools?"))
            let offered = try await browser.get("/search?q=privacy+breech", headers: [.accept: "application/json"])
            #expect(offered.body.contains("\"suggestion\":\"privacy breach\""))
            // One click runs it: the link is the corrected search.
            let link = try await browser.get("/search?q=privacy+breach")
            #expect(link.body.contains("Sharing our updated privacy breach protocol (2026 version)"))
            #expect(!link.body.contains("Did you mean"))
        }
    }

    @Test("a near miss that finds some results is offered as “did you mean”, with its link")
    func didYouMean() async throws {
        let f = try await ForumFixture.make()
        _ = try await Self.start(f, "Immunization clinics", "Immunization schedules for the fall.")
        _ = try await Self.start(f, "Immunization records", "Immunization records in the EMR.")
        _ = try await Self.start(f, "Immunisation spelled the other way", "One post says immunisation.")
        try await f.app.run { browser in
            let page = try await browser.get("/search?q=immunisation")
            #expect(page.body.contains("Did you mean <a href=\"/search?q=immunization\">immunization</a>?"))
            #expect(page.body.contains("Immunisation spelled the other way"))
        }
    }

    @Test("“did you mean” never suggests a word found only in a community the searcher may not see")
    func privateWordsNeverSuggested() async throws {
        let f = try await ForumFixture.make()
        _ = try await Self.start(f, "Zanzibarite incident", "The zanzibarite exploit hit us.", in: f.privateBoard)
        _ = try await Self.start(f, "More zanzibarite", "Zanzibarite again, patched.", in: f.privateBoard)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            for path in ["/search?q=zanzibarit", "/search?q=zanzibaryte"] {
                let page = try await browser.get(path)
                #expect(!page.body.lowercased().contains("zanzibarite"), "\(path)")
                let json = try await browser.get(path, headers: [.accept: "application/json"])
                #expect(!json.body.lowercased().contains("zanzibarite"), "\(path)")
                #expect(json.body.contains("\"suggestion\":null") || !json.body.contains("\"suggestion\""), "\(path)")
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get("/search?q=zanzibarit")
            #expect(page.body.contains("Zanzibarite incident"), "a member of the community is helped")
        }
    }

    @Test("snippets are plain text, the count is shown, and a resource is not listed again as its discussion")
    func snippetsCountsAndResources() async throws {
        let f = try await ForumFixture.make()
        _ = try await Self.start(f, "Retention table", "**Keep** the `audit` log:\n\n| Record | Keep |\n|---|---|\n| audit log | 7 years |\n\n> See [the policy](https://example.org/policy).")
        try await f.app.run { browser in
            let json = try await browser.get("/search?q=audit", headers: [.accept: "application/json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            let snippet = try #require(results.first?["snippet_html"] as? String)
            for syntax in ["**", "`", "|", "---", "](", "&gt;"] { #expect(!snippet.contains(syntax), "\(syntax) in \(snippet)") }
            #expect(snippet.contains("<mark>audit</mark>"))
            #expect(object["total"] as? Int == 1)
            let page = try await browser.get("/search?q=audit")
            #expect(page.body.contains("1 discussion"))
        }
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let json = try await browser.get("/search?q=phishing+awareness+toolkit", headers: [.accept: "application/json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
            let resources = try #require(object["resources"] as? [[String: Any]])
            let resourceIDs = resources.compactMap { $0["resource_id"] as? Int }.map(Int64.init)
            let discussionIDs = try await app.database.reader.read { db in
                try Int64.fetchAll(db, sql: "SELECT discussion_id FROM resource WHERE id IN (SELECT value FROM json_each(?)) AND discussion_id IS NOT NULL",
                                   arguments: [AppDatabase.jsonArray(resourceIDs)])
            }
            let listed = try #require(object["results"] as? [[String: Any]]).compactMap { $0["discussion_id"] as? Int }.map(Int64.init)
            #expect(Set(listed).isDisjoint(with: discussionIDs))
        }
    }
}
