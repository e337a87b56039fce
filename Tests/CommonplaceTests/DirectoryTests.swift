import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Communities directory")
struct DirectoryTests {
    static let seededNames = [
        "Artificial Intelligence (AI)", "Data Management Coordinators", "Finance", "Health Promotion",
        "International Agricultural Workers", "Privacy", "PS Suite EMR Users", "Security",
        "Social Prescribing", "Canadian Social Prescribing", "Ontario Social Prescribing",
        "ACEs &amp; Community Resiliency", "National Safer Supply", "Community Vaccination",
    ]

    @Test("the home page lists every seeded community, the inactive one in its own section")
    func listsAll() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            for name in Self.seededNames { #expect(page.body.contains(name), "\(name)") }
            let inactiveSection = try #require(page.body.range(of: "Inactive communities"))
            let vaccination = try #require(page.body.range(of: "Community Vaccination"))
            let privacy = try #require(page.body.range(of: "/c/privacy"))
            #expect(vaccination.lowerBound > inactiveSection.lowerBound)
            #expect(privacy.lowerBound < inactiveSection.lowerBound)
            #expect(page.body.contains("Meets monthly"))
            #expect(page.body.contains("Meets quarterly"))
            #expect(page.body.contains("A system partner: Public Health Ontario"))
            #expect(page.body.contains("By request: moderators approve"))
            #expect(page.body.contains("Inactive since"))
        }
    }

    @Test("filtering by type shows only communities of that type")
    func filterByType() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/?type=change")
            #expect(page.status == .ok)
            #expect(page.body.contains("/c/national-safer-supply"))
            #expect(page.body.contains("/c/aces-community-resiliency"))
            #expect(!page.body.contains("/c/privacy\""))
            #expect(!page.body.contains("/c/finance\""))
            #expect(page.body.contains("aria-current=\"true\">Enable members to work together for change"))
        }
    }

    @Test("filtering by status shows only active or only inactive communities")
    func filterByStatus() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let inactive = try await browser.get("/?status=inactive")
            #expect(inactive.body.contains("Community Vaccination"))
            #expect(!inactive.body.contains("/c/privacy\""))
            #expect(inactive.body.contains("1 community"))
            let active = try await browser.get("/?status=active")
            #expect(!active.body.contains("Community Vaccination"))
            #expect(active.body.contains("/c/privacy\""))
        }
    }

    @Test("an unknown filter value gets 400 with a message")
    func badFilter() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/?type=bogus")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("There is no community type"))
            #expect(page.body.contains("bogus"))
            #expect(try await browser.get("/?status=<script>").body.contains("&lt;script&gt;"))
        }
    }

    @Test("a public community has its own page with description, types, steward, rhythm and joining")
    func communityPage() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let page = try await browser.get("/c/privacy")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Privacy"))
            #expect(page.body.contains("Personal Health Information"))
            #expect(page.body.contains("Meets monthly"))
            #expect(page.body.contains("The Alliance"))
            #expect(!page.body.contains("Edit community"))

            let parent = try await browser.get("/c/social-prescribing")
            #expect(parent.body.contains("/c/canadian-social-prescribing"))
            #expect(parent.body.contains("/c/ontario-social-prescribing"))
            let child = try await browser.get("/c/ontario-social-prescribing")
            #expect(child.body.contains("Part of <a href=\"/c/social-prescribing\""))

            let inactive = try await browser.get("/c/community-vaccination")
            #expect(inactive.body.contains("This community is inactive since March 2023"))
        }
    }

    @Test("a members-only community is 404 for outsiders but its name and summary stay in the directory")
    func membersOnly() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "outsider")
        try await app.run { browser in
            #expect(try await browser.get("/c/security").status == .notFound)
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get("/c/security").status == .notFound)
            let home = try await browser.get("/communities")
            #expect(home.body.contains("Security"))
            #expect(!home.body.contains("href=\"/c/security\""))
        }
    }

    @Test("the directory's kept cards follow each visitor's view and every change to a community")
    func keptCards() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "root", admin: true)
        try await app.createUser(handle: "outsider")
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            #expect(try await browser.get("/communities").body.contains("href=\"/c/security\""))
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let outsiders = try await browser.get("/communities").body
            #expect(outsiders.contains("Security"))
            #expect(!outsiders.contains("href=\"/c/security\""))
            try await app.database.writer.write { db in
                try db.execute(sql: "UPDATE community SET name = 'Privacy Officers' WHERE slug = 'privacy'")
            }
            let renamed = try await browser.get("/communities").body
            #expect(renamed.contains("Privacy Officers"))
            browser.clearCookies()
            try await browser.signIn(email: "root@example.org")
            #expect(try await browser.get("/communities").body.contains("Privacy Officers"))
        }
    }

    @Test("a site admin can open a members-only community")
    func adminSeesMembersOnly() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.createUser(handle: "root", admin: true)
        try await app.run { browser in
            try await browser.signIn(email: "root@example.org")
            let page = try await browser.get("/c/security")
            #expect(page.status == .ok)
            #expect(page.body.contains("Edit community"))
        }
    }

    @Test("the about page explains communities of practice and learning collaboratives")
    func about() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/about")
            #expect(page.status == .ok)
            #expect(page.body.contains("What is a community of practice?"))
            #expect(page.body.contains("Learning collaboratives"))
            #expect(page.body.contains("Are time-limited"))
            #expect(page.body.contains("all teach, all learn"))
        }
    }

    @Test("an unknown community or member is a 404 page in the layout")
    func notFound() async throws {
        let app = try TestApp()
        try await app.run { browser in
            for path in ["/c/nowhere", "/u/nobody", "/no/such/page"] {
                let page = try await browser.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(page.body.contains("Page not found"), "\(path)")
                #expect(page.body.contains("class=\"site-header\""), "\(path)")
            }
        }
    }
}
