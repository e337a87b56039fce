import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 4: the private-use characters search puts around matches (U+E000, U+E001) cannot be forged. They are
/// removed from what members write, and the snippet builder turns whatever it is given into balanced `<mark>` pairs.
@Suite("Search: snippet markers")
struct SnippetMarkerTests {
    static let start = "\u{E000}", end = "\u{E001}"

    /// Whether `text` holds either marker character.
    static func hasMarker(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\u{E000}" || $0 == "\u{E001}" }
    }

    /// Whether every `<mark>` in `html` is closed before the next opens and none is left open or closed twice. Read
    /// by bytes, as an HTML parser reads code points: `<mark>` before a combining mark is still a tag.
    static func isBalanced(_ html: String) throws -> Bool {
        var open = false
        for opening in tags(html).map(\.opening) {
            guard opening != open else { return false }
            open = opening
        }
        return !open
    }

    /// The `<mark>` and `</mark>` tags of `html` (byte ranges), and its bytes without them.
    static func tags(_ html: String) -> [(opening: Bool, range: Range<Int>)] {
        let bytes = Array(html.utf8), start = Array("<mark>".utf8), end = Array("</mark>".utf8)
        var found: [(Bool, Range<Int>)] = []
        var i = 0
        while i < bytes.count {
            if bytes[i...].starts(with: start) { found.append((true, i..<i + start.count)); i += start.count }
            else if bytes[i...].starts(with: end) { found.append((false, i..<i + end.count)); i += end.count }
            else { i += 1 }
        }
        return found
    }

    static func withoutTags(_ html: String) -> [UInt8] {
        var bytes = Array(html.utf8)
        for tag in tags(html).reversed() { bytes.removeSubrange(tag.range) }
        return bytes
    }

    @Test("the snippet builder gives balanced marks and no marker character, whatever it is fed")
    func builderOnAdversarialInput() throws {
        let (s, e) = (Self.start, Self.end)
        let inputs = [
            s, e, "\(e)phi\(s)", "\(s)\(s)phi\(e)\(e)", "a\(s)b", "a\(e)b", "<b>\(s)x\(e)</b>", "\(s)phi\(e) and \(s)emr\(e)",
            "\(s)phi \(s)inner\(e) tail\(e)", "\(e)\(e)\(e)", "\(s)\(s)\(s)", "\(s)<script>alert(1)</script>", "",
            "\(s)\u{0301}\(e)", "\"\(s)\u{0301}", String(repeating: "\(s)x", count: 50),
        ]
        for input in inputs {
            let html = SearchResultEntry.markedSnippet(input)
            #expect(!Self.hasMarker(html), "\(input.debugDescription) -> \(html.debugDescription)")
            #expect(try Self.isBalanced(html), "\(input.debugDescription) -> \(html.debugDescription)")
            // Nothing but the marks is added: the text is the input's, escaped, in order.
            let plain = String(String.UnicodeScalarView(input.unicodeScalars.filter { $0 != "\u{E000}" && $0 != "\u{E001}" }))
            #expect(Self.withoutTags(html) == Array(HTMLEscaping.escape(plain).utf8), "\(input.debugDescription)")
            #expect(!html.contains("<script>"))
        }
        // FTS5's own markers still become marks.
        #expect(SearchResultEntry.markedSnippet("\(s)phi\(e) & <b>\(s)emr\(e)") == "<mark>phi</mark> &amp; &lt;b&gt;<mark>emr</mark>")
    }

    @Test("markers typed into a discussion, a reply, a resource and a profile are not stored, and search marks stay balanced")
    func strippedOnWrite() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let (s, e) = (Self.start, Self.end)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let created = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "question"), ("title", "Consent \(e)forms\(s) for numbat minors"),
                ("body", "Ask \(s)the numbat\(e) parents \(e)</p><script>x</script>\(s) first."),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            let id = try #require(location.split(separator: "/").dropFirst(1).first.flatMap { Int64($0) })
            let replied = try await browser.post("/d/\(id)/reply", [("body", "\(e)\(e)Numbat\(s) reply \(s)")])
            #expect(replied.status == .seeOther)
            let shared = try await browser.post(Paths.newResource(f.community), [
                ("title", "Numbat \(s)guide\(e)"), ("url", "https://example.org/numbat"), ("description", "All \(e)about numbat\(s)."),
                ("type", "guide"), ("audience", "\(s)parents"), ("tags", "numbat\(e), \(s)kids"), ("review_by", ""),
            ])
            #expect(shared.status == .seeOther)
            let profile = try await browser.post("/settings", [
                ("display_name", "Member \(s)Numbat\(e)"), ("organisation", "\(e)Org"), ("role_title", "Lead\(s)"), ("bio", "Hi \(s)\(e)"),
            ])
            #expect(profile.status == .seeOther)

            let json = try await ResourceSearchTests.json(browser, "q=numbat")
            let results = try #require(json["results"] as? [[String: Any]])
            let resources = try #require(json["resources"] as? [[String: Any]])
            #expect(results.count == 1, "the question (the resource's discussion is listed once, as the resource)")
            #expect(resources.count == 1)
            for entry in results + resources {
                let snippet = try #require(entry["snippet_html"] as? String)
                #expect(snippet.contains("<mark>"), "\(snippet)")
                #expect(!Self.hasMarker(snippet), "\(snippet)")
                #expect(try Self.isBalanced(snippet), "\(snippet)")
                #expect(!Self.hasMarker(try #require(entry["title"] as? String)))
            }
        }
        let stored: [String] = try await f.app.database.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT title FROM discussion UNION ALL SELECT body_markdown FROM post UNION ALL SELECT body_html FROM post
                UNION ALL SELECT title || description_markdown || audience FROM resource UNION ALL SELECT tag FROM resource_tag
                UNION ALL SELECT display_name || organisation || role_title || bio FROM user
                UNION ALL SELECT title || body FROM search_document
                """)
        }
        #expect(stored.contains("Consent forms for numbat minors"))
        #expect(stored.contains("Numbat reply"))
        #expect(stored.contains("Member NumbatOrgLeadHi"))
        #expect(!stored.contains(where: Self.hasMarker), "\(stored.filter(Self.hasMarker))")
    }

    @Test("markers stored directly in the database (bypassing the forms) still give balanced snippets without markers")
    func storedMarkersAreHarmless() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let (s, e) = (Self.start, Self.end)
        let now = f.app.clock.now
        let discussion = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .conversation, title: "Wombat \(e)handover\(s) notes",
            authorID: f.author.id!, body: .from("The wombat \(e)</mark><mark>\(s) handover \(s)\(s)wombat\(e)"), createdAt: now))
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                           body: .from("\(e)wombat\(s) again \(s)"), now: now.addingTimeInterval(1))
        try await rf.link("Wombat \(s)kit", description: "\(e)wombat\(s) kit \(s)")
        try await f.app.run { browser in
            let json = try await ResourceSearchTests.json(browser, "q=wombat")
            let entries = try #require(json["results"] as? [[String: Any]]) + (try #require(json["resources"] as? [[String: Any]]))
            #expect(entries.count == 2, "the conversation and the resource (not again as its discussion)")
            for entry in entries {
                let snippet = try #require(entry["snippet_html"] as? String)
                #expect(snippet.contains("<mark>"), "\(snippet)")
                #expect(!Self.hasMarker(snippet), "\(snippet)")
                #expect(try Self.isBalanced(snippet), "\(snippet)")
                #expect(!snippet.contains("<mark><mark>") && !snippet.contains("</mark></mark>"))
            }
            let page = try await browser.get("/search?q=wombat")
            #expect(page.status == .ok)
            let html = page.body.components(separatedBy: "class=\"snippet\">").dropFirst().map { $0.components(separatedBy: "</p>")[0] }
            #expect(html.count == 2)
            for snippet in html {
                #expect(!Self.hasMarker(snippet), "\(snippet)")
                #expect(try Self.isBalanced(snippet), "\(snippet)")
            }
        }
    }

    @Test("InputText removes only the two markers, before trimming; passwords are never cleaned")
    func inputText() async throws {
        let (s, e) = (Self.start, Self.end)
        #expect(InputText.clean(" \(s)a\(e)\u{E002}b \r\nc\(e) ") == "a\u{E002}b \nc")
        #expect(InputText.clean(nil) == "")
        #expect(InputText.clean("plain") == "plain")
        #expect(InputText.removingReserved("\u{E0FF}é\(s)") == "\u{E0FF}é")
        #expect(cleanText("x\(s)") == "x" && AccountValidation.clean("\(e)y") == "y" && Topics.normalize("\(s)PHI") == "phi")
        // A password is taken exactly as typed, markers and all.
        let password = "correct horse \(s)battery\(e) staple"
        let app = try TestApp()
        try await app.run { browser in
            let signedUp = try await browser.signUp(handle: "nadia", password: password)
            #expect(signedUp.status == .seeOther)
            browser.clearCookies()
            let stripped = try await browser.signIn(email: "nadia@example.org", password: "correct horse battery staple")
            #expect(stripped.status == .badRequest)
            let exact = try await browser.signIn(email: "nadia@example.org", password: password)
            #expect(exact.status == .seeOther)
        }
    }
}
