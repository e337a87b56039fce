import Foundation
import Testing
@testable import Commonplace

/// The phone header and shortcuts: everything works without JavaScript (details/summary, anchors).
@Suite("On a phone")
struct PhoneLayoutTests {
    @Test("every page has a compact Menu (details/summary) holding the search and the links, beside the full bar")
    func compactMenu() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let page = try await browser.get("/about")
            #expect(page.body.contains("<details class=\"phone-menu\">"))
            #expect(page.body.contains("<summary>Menu</summary>"))
            #expect(page.body.contains("<label for=\"phone-search\" class=\"visually-hidden\">Search discussions</label>"))
            #expect(page.body.contains("<nav class=\"phone-nav\" aria-label=\"Menu\">"))
            #expect(!page.body.contains("<script"))
            try await browser.signIn(email: "member@example.org")
            let signedIn = try await browser.get("/about")
            // The sign-out form is in both menus, each with its CSRF token.
            #expect(signedIn.body.components(separatedBy: "action=\"/signout\"").count == 3)
        }
    }

    @Test("a discussion page links to its reply form, and the directory's filters fold behind “Filters” unless one is applied")
    func shortcuts() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            let page = try await browser.get(Paths.discussion(question))
            #expect(page.body.contains("<a href=\"#reply\">Skip to the reply form</a>"))
            #expect(page.body.contains("id=\"reply\""))
            #expect(try await browser.get("/communities").body.contains("<details class=\"filters-toggle\">\n  <summary>Filters</summary>"))
            #expect(try await browser.get("/communities?status=active").body.contains("<details class=\"filters-toggle\" open>"))
        }
    }
}
