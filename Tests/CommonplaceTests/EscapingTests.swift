import Foundation
import Hummingbird
import Testing
@testable import Commonplace

@Suite("HTML escaping")
struct EscapingTests {
    /// A quote followed by U+0301 is one grapheme: per-Character escaping lets it through.
    static let combiningQuote = "x\"\u{301} autofocus onfocus=alert(1) y=\"\u{301}"
    static let rawQuote = "\"\u{301}"
    static let escapedQuote = "&quot;\u{301}"

    static func layout(title: String = "t") -> Layout {
        Layout(title: title, siteName: "Commonplace", csrf: CSRFToken(csrf: CSRF(secret: "s"), binding: "visitor:v"), signedIn: false,
               handle: "", displayName: "", isAdmin: false, profileURL: "", notice: nil, storageAlert: nil, paths: LayoutPaths(assets: try! StaticAssets(directory: ProjectPaths.static)),
               feed: nil)
    }

    /// What the compiled template writes for `page`.
    static func render<Page>(_ template: Template<Page>, _ page: Page, layout: Layout = layout()) -> String {
        var out = HTMLWriter()
        template.render(&out, layout, page)
        return String(buffer: out.finish())
    }

    @Test("the compiled templates escape a quote followed by a combining mark")
    func rendererEscapesPerScalar() throws {
        var page = SignUpPage()
        page.handle = Self.combiningQuote
        page.displayName = "<script>alert(1)</script>"
        let html = Self.render(.accountSignup, page, layout: Self.layout(title: Self.combiningQuote))
        let leaked = Self.rawQuote + " autofocus"
        let escaped = "x" + Self.escapedQuote + " autofocus onfocus=alert(1) y=" + Self.escapedQuote
        #expect(!html.contains(leaked))
        #expect(html.contains(escaped))
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("a partial rendered inside a page escapes per scalar too")
    func partialsEscape() throws {
        let now = Date()
        let community = Community(slug: "c", name: Self.combiningQuote, summary: "s", description: "d",
                                  visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now)
        let card = CommunityCard(community, guardian: Guardian(nil), parentIDs: [])
        let page = DirectoryPage(active: [card], inactive: [], showActive: true, showInactive: true,
                                 kindFilters: [], statusFilters: [], isFiltered: false, resultSummary: "1",
                                 canCreate: false, recent: [])
        let html = Self.render(.communitiesDirectory, page)
        let escaped = "x" + Self.escapedQuote, leaked = "x" + Self.rawQuote
        #expect(html.contains(escaped))
        #expect(!html.contains(leaked))
    }

    @Test("a display name with a combining quote is escaped in the form's value attribute end to end")
    func endToEnd() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let saved = try await browser.post("/settings", [
                ("display_name", "Amara" + Self.rawQuote + " onmouseover=\"alert(1)"), ("organisation", ""), ("role_title", ""), ("bio", ""),
            ])
            #expect(saved.status == .seeOther)
            let settings = try await browser.get("/settings")
            let escaped = "value=\"Amara" + Self.escapedQuote + " onmouseover=&quot;alert(1)\""
            let leaked = Self.rawQuote + " onmouseover"
            #expect(settings.body.contains(escaped))
            #expect(!settings.body.contains(leaked))
        }
    }

    @Test("templates output unescaped only the HTML our Markdown renderer produced, and no inline script or style")
    func noUnescapedOutput() throws {
        let files = FileManager.default.enumerator(atPath: ProjectPaths.views)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: ProjectPaths.views + "/" + file, encoding: .utf8)
            for match in text.matches(of: /\{\{\{\s*([A-Za-z0-9_.]+)\s*\}\}\}/) {
                #expect(match.1.lowercased().hasSuffix("html"), "\(file): {{{\(match.1)}}}")
            }
            #expect(!text.contains("{{&"), "\(file)")
            // Scripts only as external files (src=, empty body): no inline script.
            for match in text.matches(of: /<script([^>]*)>([^<]*)<\/script>/) {
                #expect(match.1.contains("src=\"{{layout.paths.") && match.2.isEmpty, "\(file): inline script")
            }
            #expect(text.components(separatedBy: "<script").count == text.components(separatedBy: "</script>").count, "\(file)")
            #expect(!text.contains("style="), "\(file)")
            #expect(!text.contains("<style"), "\(file)")
        }
    }
}
