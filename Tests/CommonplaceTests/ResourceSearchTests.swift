import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Resources: search")
struct ResourceSearchTests {
    static func json(_ browser: Browser, _ query: String) async throws -> [String: Any] {
        let page = try await browser.get("/search?\(query)", headers: [.accept: "application/json"])
        #expect(page.status == .ok)
        return try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
    }

    /// The titles of the resources in a JSON search answer; a missing `resources` list is a failure, not an empty one.
    static func resourceTitles(_ json: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try #require(json["resources"] as? [[String: Any]], sourceLocation: sourceLocation).map { try #require($0["title"] as? String) }
    }

    @Test("a resource is found by a word of its description, tags or audience; outdated after current; HTML shows a Resources group")
    func findsResources() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Old consent form", description: "The numbat consent wording.", outdated: true)
        try await rf.link("Consent form", description: "Plain numbat consent wording for clinics.")
        try await rf.link("Tagged kit", tags: ["quoll"])
        try await rf.link("Audience kit", audience: "bilby wranglers")
        try await rf.link("Archived numbat", description: "numbat", archived: true)
        try await rf.link("Held numbat", description: "numbat", held: true)
        try await f.app.run { browser in
            let found = try await Self.json(browser, "q=numbat")
            #expect(try Self.resourceTitles(found) == ["Consent form", "Old consent form"])
            let first = try #require((found["resources"] as? [[String: Any]])?.first)
            #expect(first["outdated"] as? Bool == false)
            #expect((first["snippet_html"] as? String)?.contains("<mark>numbat</mark>") == true)
            #expect(first["community"] as? String == "privacy")
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=quoll")) == ["Tagged kit"])
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=wranglers")) == ["Audience kit"])
            // Discussion-only filters leave resources out; in: keeps them to a community.
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=numbat&kind=question")).isEmpty)
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=numbat&in=finance")).isEmpty)
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=numbat&page=2")).isEmpty)
            let html = try await browser.get("/search?q=numbat")
            #expect(html.body.contains("<h2 id=\"resource-results-heading\">Resources</h2>"))
            #expect(html.body.contains("Consent form"))
            #expect(!html.body.contains("No results"))
        }
    }

    @Test("edits, tags and archiving keep the resource index in step (triggers)")
    func indexFollowsChanges() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let r = try await rf.link("Wallaby guide", tags: ["first"])
        func titles(_ word: String) async throws -> [String] {
            try await f.app.database.searchResources(SearchQuery.parse(word), visible: "1", limit: 5).hits.map(\.resource.title)
        }
        #expect(try await titles("wallaby") == ["Wallaby guide"])
        var edited = r
        edited.title = "Kangaroo guide"
        try await f.app.database.updateResource(edited, tags: ["second"])
        #expect(try await titles("wallaby").isEmpty)
        #expect(try await titles("kangaroo") == ["Kangaroo guide"])
        #expect(try await titles("first").isEmpty)
        #expect(try await titles("second") == ["Kangaroo guide"])
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE resource SET archived_at = created_at WHERE id = ?", arguments: [r.id])
        }
        #expect(try await titles("kangaroo").isEmpty)
        let integrity = try await f.app.database.writer.write { db in
            try db.execute(sql: "INSERT INTO resource_search(resource_search, rank) VALUES ('integrity-check', 1)")
        }
        _ = integrity
    }

    @Test("members-only resources are found by members and never by outsiders or anonymous visitors")
    func membersOnly() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Incident runbook", in: f.privateCommunity, description: "The platypus escalation path.")
        try await f.app.run { browser in
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=platypus")).isEmpty)
            let anonymousPage = try await browser.get("/search?q=platypus")
            #expect(anonymousPage.status == .ok && !anonymousPage.body.contains("Incident runbook"))
            try await browser.signIn(email: "outsider@example.org")
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=platypus")).isEmpty)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try Self.resourceTitles(try await Self.json(browser, "q=platypus")) == ["Incident runbook"])
            #expect(try await browser.get("/search?q=platypus").body.contains("Incident runbook"), "the page shows what the JSON has")
        }
    }
}
