import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Resources: the library")
struct ResourceLibraryTests {
    /// The titles of the page's resources, in order.
    static func titles(_ body: String) -> [String] {
        body.components(separatedBy: "<li class=\"discussion-row").dropFirst().compactMap { item in
            guard let start = item.range(of: "\">", range: item.range(of: "<h2><a href=")!.upperBound..<item.endIndex),
                  let end = item.range(of: "</a></h2>") else { return nil }
            return String(item[start.upperBound..<end.lowerBound])
        }
    }

    @Test("featured first, then current, then outdated; archived left out; each group by the chosen sort")
    func order() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Beta current", created: 10, helpful: 1)
        try await rf.link("Alpha outdated", created: 30, helpful: 9, outdated: true)
        try await rf.link("Gamma featured", created: 0, featured: true)
        try await rf.link("Delta current", created: 20, helpful: 5)
        try await rf.link("Old archived", created: 40, archived: true)
        try await f.app.run { browser in
            let newest = try await browser.get(Paths.resources(f.community))
            #expect(newest.status == .ok)
            #expect(Self.titles(newest.body) == ["Gamma featured", "Delta current", "Beta current", "Alpha outdated"])
            #expect(newest.body.contains("4 resources"))
            #expect(newest.body.contains("Outdated"))
            let helpful = try await browser.get(Paths.resources(f.community) + "?sort=helpful")
            #expect(Self.titles(helpful.body) == ["Gamma featured", "Delta current", "Beta current", "Alpha outdated"])
            let title = try await browser.get(Paths.resources(f.community) + "?sort=title")
            #expect(Self.titles(title.body) == ["Gamma featured", "Beta current", "Delta current", "Alpha outdated"])
            // Archived ones only for moderators who ask.
            let asked = try await browser.get(Paths.resources(f.community) + "?archived=1")
            #expect(!Self.titles(asked.body).contains("Old archived"))
            try await browser.signIn(email: "moderator@example.org")
            let moderator = try await browser.get(Paths.resources(f.community) + "?archived=1")
            #expect(Self.titles(moderator.body).last == "Old archived")
            #expect(moderator.body.contains("Show archived resources"))
        }
    }

    @Test("filters by type, tag and audience, as a GET form and as links")
    func filters() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Consent template", type: .template, audience: "Clinicians", tags: ["consent", "forms"])
        try await rf.link("Breach policy", type: .policy, audience: "Privacy officers", tags: ["breach"])
        try await rf.link("Consent guide", type: .guide, audience: "Privacy officers", tags: ["consent"])
        try await f.app.run { browser in
            let all = try await browser.get(Paths.resources(f.community))
            #expect(all.body.contains("href=\"/c/privacy/resources?tag=consent\""))
            #expect(all.body.contains("consent (2)"))
            #expect(all.body.contains("<option value=\"Privacy officers\">Privacy officers</option>"))
            let byType = try await browser.get(Paths.resources(f.community) + "?type=template&tag=&audience=&sort=newest")
            #expect(Self.titles(byType.body) == ["Consent template"])
            let byTag = try await browser.get(Paths.resources(f.community) + "?tag=Consent")
            #expect(Set(Self.titles(byTag.body)) == ["Consent template", "Consent guide"])
            let byAudience = try await browser.get(Paths.resources(f.community) + "?audience=privacy+officers")
            #expect(Set(Self.titles(byAudience.body)) == ["Breach policy", "Consent guide"])
            let combined = try await browser.get(Paths.resources(f.community) + "?tag=consent&audience=Privacy%20officers")
            #expect(Self.titles(combined.body) == ["Consent guide"])
            let none = try await browser.get(Paths.resources(f.community) + "?tag=nothing")
            #expect(none.body.contains("No resources match these filters."))
            #expect(try await browser.get(Paths.resources(f.community) + "?type=podcast").status == .badRequest)
            #expect(try await browser.get(Paths.resources(f.community) + "?sort=random").status == .badRequest)
            #expect(try await browser.get(Paths.resources(f.community) + "?page=0").status == .badRequest)
            #expect(try await browser.get(Paths.resources(f.community) + "?page=2").status == .notFound)
        }
    }

    @Test("pages of 30; empty states and the share button for those who may")
    func pagesAndEmpty() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            let empty = try await browser.get(Paths.resources(f.community))
            #expect(empty.body.contains("No resources have been shared here yet."))
            #expect(!empty.body.contains("Share a resource</a>"))
            #expect(empty.body.contains("to share resources"))
            try await browser.signIn(email: "member@example.org")
            let member = try await browser.get(Paths.resources(f.community))
            #expect(member.body.contains("No resources yet. Share the first one"))
            #expect(member.body.contains("href=\"/c/privacy/resources/new\">Share a resource</a>"))
        }
        for n in 0..<31 { try await rf.link("Resource \(n)", created: Double(n)) }
        try await f.app.run { browser in
            let first = try await browser.get(Paths.resources(f.community))
            #expect(Self.titles(first.body).count == 30)
            #expect(first.body.contains("Page 1 of 2"))
            let second = try await browser.get(Paths.resources(f.community) + "?page=2")
            #expect(Self.titles(second.body) == ["Resource 0"])
        }
    }

    @Test("held resources are listed only for their author and moderators; members-only libraries are 404 to outsiders")
    func visibility() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Listed one")
        try await rf.link("Held one", held: true)
        try await rf.link("Secret one", in: f.privateCommunity)
        try await f.app.run { browser in
            #expect(Self.titles(try await browser.get(Paths.resources(f.community)).body) == ["Listed one"])
            #expect(try await browser.get(Paths.resources(f.privateCommunity)).status == .notFound)
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.resources(f.privateCommunity)).status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let own = try await browser.get(Paths.resources(f.community))
            #expect(Set(Self.titles(own.body)) == ["Listed one", "Held one"])
            #expect(own.body.contains("Awaiting approval"))
            #expect(Self.titles(try await browser.get(Paths.resources(f.privateCommunity)).body) == ["Secret one"])
        }
    }

    @Test("the library's SQL filter agrees with canSee for every actor")
    func filterAgreesWithCanSee() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await rf.link("Listed")
        try await rf.link("Held by author", held: true)
        try await rf.link("Held by member", by: f.member, held: true)
        let all = try await rf.resources()
        for user in [nil, f.outsider, f.member, f.author, f.moderator, f.otherModerator, f.admin, f.suspended] as [User?] {
            let guardian = try await f.guardian(user)
            let page = try await f.app.database.resourceLibrary(communityID: f.community.id!, visible: guardian.visibleResourceSQL(in: f.community),
                                                                filter: ResourceLibraryFilter(), page: 1)
            let expected = all.filter { guardian.canSee($0, in: f.community) }.map(\.id)
            #expect(Set(page.rows.map(\.resource.id)) == Set(expected), "\(user?.handle ?? "anonymous")")
        }
    }
}
