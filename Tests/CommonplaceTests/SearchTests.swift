import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Search")
struct SearchTests {
    @Test("short terms and acronyms are found in the demo data: PHI, EMR, IAW, AI, GL, FOI")
    func acronyms() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            for term in ["PHI", "EMR", "IAW", "AI", "GL", "FOI"] {
                let page = try await browser.get("/search?q=\(term)")
                #expect(page.status == .ok, "\(term)")
                #expect(page.body.contains("<mark>"), "\(term)")
                #expect(!page.body.contains("No results"), "\(term)")
            }
        }
    }

    @Test("a phrase, an exclusion, OR, a prefix and filters narrow the results; the page shows how it read the query")
    func syntaxOverHTTP() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Phishing simulation results from March")
        _ = try await f.question(title: "Phishing training for new staff")
        try await f.app.run { browser in
            let phrase = try await browser.get("/search?q=%22simulation+results%22")
            #expect(phrase.body.contains("Phishing simulation results from March"))
            #expect(!phrase.body.contains("Phishing training for new staff"))
            let excluded = try await browser.get("/search?q=phishing+-training")
            #expect(excluded.body.contains("from March"))
            #expect(!excluded.body.contains("for new staff"))
            #expect(excluded.body.contains("Leaving out"))
            let prefix = try await browser.get("/search?q=simul*")
            #expect(prefix.body.contains("from March"))
            let filtered = try await browser.get("/search?q=phishing+in:finance")
            #expect(filtered.body.contains("No results"))
            #expect(filtered.body.contains("Remove a filter"))
            let unknown = try await browser.get("/search?q=phishing+colour:blue")
            #expect(unknown.body.contains("There is no filter “colour:”"))
        }
    }

    @Test("titles weigh more than bodies")
    func titlesWeighMore() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        _ = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .conversation, title: "Notes from the meeting",
            authorID: f.author.id!, body: .from("We talked about vaccination clinics at length."), createdAt: now))
        _ = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Vaccination clinic staffing",
            authorID: f.author.id!, body: .from("How do you staff it?"), createdAt: now.addingTimeInterval(-86_400)))
        try await f.app.run { browser in
            let page = try await browser.get("/search?q=vaccination")
            let title = try #require(page.body.range(of: "Vaccination clinic staffing"))
            let body = try #require(page.body.range(of: "Notes from the meeting"))
            #expect(title.lowerBound < body.lowerBound)
        }
    }

    @Test("edits are searchable at once; hidden and deleted posts leave the results at once")
    func staysInSync() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 2)
        try await f.app.database.editPost(id: posts[0].id!, PostEdit(body: .from("Now mentions quokkaword"), editorID: f.member.id!, now: f.app.clock.now))
        try await f.app.database.editPost(id: posts[1].id!, PostEdit(body: .from("Also wallabyword here"), editorID: f.member.id!, now: f.app.clock.now))
        try await f.app.run { browser in
            let found = try await browser.get("/search?q=quokkaword")
            #expect(found.body.contains(discussion.title))
        }
        try await f.app.database.hidePost(id: posts[0].id!, moderatorID: f.moderator.id!, reason: "x", now: f.app.clock.now)
        try await f.app.database.deletePost(id: posts[1].id!, now: f.app.clock.now)
        try await f.app.run { browser in
            let hidden = try await browser.get("/search?q=quokkaword")
            let deleted = try await browser.get("/search?q=wallabyword")
            #expect(hidden.body.contains("No results"))
            #expect(deleted.body.contains("No results"))
        }
        try await f.app.database.restorePost(id: posts[0].id!, moderatorID: f.moderator.id!, now: f.app.clock.now)
        try await f.app.database.editPost(id: try #require(try await f.app.database.post(discussionID: discussion.id!, number: 1)).post.id!,
                                          PostEdit(body: .from("What does PHIPA allow?"), title: "Renamed platypusword thread", editorID: f.author.id!, now: f.app.clock.now))
        try await f.app.run { browser in
            let restored = try await browser.get("/search?q=quokkaword")
            let renamed = try await browser.get("/search?q=platypusword")
            #expect(!restored.body.contains("No results"))
            #expect(renamed.body.contains("Renamed platypusword thread"))
        }
    }

    @Test("nothing from a members-only community, or hidden, reaches outsiders on any search surface")
    func permissions() async throws {
        let f = try await ForumFixture.make()
        let (secret, secretPosts) = try await f.question(title: "Zyxwvu drill for the IT team", replies: 1, in: f.privateBoard)
        try await f.app.database.editPost(id: secretPosts[0].id!, PostEdit(body: .from("the zyxwvu results"), editorID: f.member.id!, now: f.app.clock.now))
        let (open, openPosts) = try await f.question(title: "Public thread", replies: 1)
        try await f.app.database.editPost(id: openPosts[0].id!, PostEdit(body: .from("qwertzuiop hidden words"), editorID: f.member.id!, now: f.app.clock.now))
        try await f.app.database.hidePost(id: openPosts[0].id!, moderatorID: f.moderator.id!, reason: "private data", now: f.app.clock.now)
        let surfaces = ["/search?q=zyxwvu", "/search?q=zyxwvu+in:security", "/search?q=zyxw*", "/search?q=%22zyxwvu+drill%22",
                        "/search?q=zyxwvu&sort=newest", "/search?q=qwertzuiop", "/search?q=zyxwvu+OR+qwertzuiop+OR+public"]
        try await f.app.run { browser in
            for signedIn in [nil, "outsider@example.org"] as [String?] {
                browser.clearCookies()
                if let email = signedIn { try await browser.signIn(email: email) }
                for path in surfaces {
                    let html = try await browser.get(path)
                    let json = try await browser.get(path, headers: [.accept: "application/json"])
                    // An error page would contain none of the words either: only an answered search proves the absence.
                    #expect(html.status == .ok && json.status == .ok, "\(path) \(signedIn ?? "anonymous")")
                    for body in [html.body, json.body] {
                        #expect(!body.contains("Zyxwvu"), "\(path) \(signedIn ?? "anonymous")")
                        #expect(!body.contains("<mark>zyxwvu") && !body.contains("<mark>Zyxwvu"), "\(path)")
                        #expect(!body.contains("<mark>qwertzuiop"), "\(path)")
                        #expect(!body.contains("/d/\(secret.id!)"), "\(path)")
                    }
                }
                #expect(!(try await browser.get("/search").body.contains(">Security<")), "the community filter lists only visible communities")
            }
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            // The positive control: every surface but the hidden word's finds the secret for a member, so the
            // outsiders' empty answers above were the filter at work, not a surface that finds nothing.
            for path in surfaces where !path.contains("qwertzuiop") {
                let html = try await browser.get(path)
                #expect(html.status == .ok && html.body.contains("/d/\(secret.id!)"), "\(path)")
            }
            #expect(try await browser.get("/search").body.contains(">Security<"))
            #expect(try await browser.get("/search?q=qwertzuiop").body.contains("No results"))
            #expect(!(try await browser.get("/search?q=public").body.contains("No results")))
            _ = open
        }
    }

    @Test("snippets mark the matched words and escape everything else")
    func snippetEscaping() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.database.editPost(id: posts[0].id!, PostEdit(
            body: .from("`<script>alert(1)</script>` and <b>bold</b> kangarooword & more"), editorID: f.member.id!, now: f.app.clock.now))
        try await f.app.run { browser in
            let page = try await browser.get("/search?q=kangarooword")
            #expect(page.body.contains("<mark>kangarooword</mark>"))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<b>bold</b>"))
        }
    }

    @Test("JSON search returns the same results")
    func json() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(title: "Emus and ostriches compared")
        try await f.app.run { browser in
            let response = try await browser.get("/search?q=ostriches", headers: [.accept: "application/json"])
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any])
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.count == 1)
            #expect(results.first?["discussion_id"] as? Int == Int(discussion.id!))
            #expect((results.first?["snippet_html"] as? String)?.contains("<mark>") == true)
        }
    }

    @Test("an OR group or a parenthesised group next to other terms answers 200 and finds what it means (issue 11 item 3)")
    func orGroupsNextToTerms() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "PHI consent and data sharing")
        _ = try await f.question(title: "Consent forms for the clinic")
        try await f.app.run { browser in
            for q in ["a+OR+b+c", "%28phi+OR+emr%29+consent", "phi+OR+emr+%22data+sharing%22"] {
                let html = try await browser.get("/search?q=\(q)")
                let json = try await browser.get("/search?q=\(q)", headers: [.accept: "application/json"])
                #expect(html.status == .ok, "\(q)")
                #expect(json.status == .ok, "\(q)")
            }
            let grouped = try await browser.get("/search?q=%28phi+OR+emr%29+consent")
            #expect(grouped.body.contains("PHI consent and data sharing"))
            #expect(!grouped.body.contains("Consent forms for the clinic"))
            let phrase = try await browser.get("/search?q=phi+OR+emr+%22data+sharing%22")
            #expect(phrase.body.contains("PHI consent and data sharing"))
            #expect(!phrase.body.contains("Consent forms for the clinic"))
        }
    }

    @Test("a corpus of hostile queries never gives a 500")
    func hostileQueries() async throws {
        let app = try TestApp()
        try await app.seed()
        let corpus = [
            "\"", "\"\"", "\"unbalanced", "OR", "AND", "NOT", "NEAR", "NEAR(phi ehr, 3)", "phi AND", "OR phi", "- -", "*", "**", "phi*",
            "title:phi", "body:phi", "{title}:x", "^phi", "phi:", ":phi", "(", ")", "((phi", "phi))", "'", "`", "\\", "%", "%00", "%FF",
            "!@#$%^&*()", "in:", "in:nowhere phi", "kind:", "is:", "after:", "after:2025-13-45", "before:0000-00-00", "author:",
            String(repeating: "a", count: 5_000), (1...1_000).map { "t\($0)" }.joined(separator: " "),
            String(repeating: "\"a\" ", count: 300), String(repeating: "OR ", count: 500), String(repeating: "-x ", count: 500),
            "phi -phi", "\u{E000}phi\u{E001}", "日本語 検索", "emoji 🔐 search", "ǅ Ǆ ǆ", "\u{0301}\u{0301}",
        ]
        try await app.run { browser in
            for query in corpus {
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed)!
                let page = try await browser.get("/search?q=\(encoded)")
                #expect(page.status == .ok, "\(query.prefix(30))")
                let json = try await browser.get("/search?q=\(encoded)", headers: [.accept: "application/json"])
                #expect(json.status == .ok, "\(query.prefix(30))")
            }
            #expect(try await browser.get("/search?q=phi&sort=sideways").status == .badRequest)
            #expect(try await browser.get("/search?q=phi&page=0").status == .badRequest)
        }
    }
}

@Suite("Similar discussions")
struct SimilarDiscussionTests {
    @Test("checking a new question's title lists similar discussions in the community and writes nothing")
    func checkSimilar() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.question(title: "Disclosing PHI to police officers at reception")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "question"), ("title", "Can we disclose PHI to police?"), ("body", "Draft"), ("check", "1"),
            ])
            #expect(page.status == .ok)
            #expect(page.body.contains("Has this been answered already?"))
            #expect(page.body.contains("Disclosing PHI to police officers at reception"))
            #expect(page.body.contains("value=\"Can we disclose PHI to police?\""))
            let none = try await browser.post("/c/privacy/b/questions/new", [
                ("kind", "question"), ("title", "Completely unrelated kumquat matter"), ("body", "Draft"), ("check", "1"),
            ])
            #expect(none.body.contains("No similar discussions found"))
        }
        #expect(try await f.app.database.reader.read { db in try Discussion.fetchCount(db) } == 1)
    }
}
