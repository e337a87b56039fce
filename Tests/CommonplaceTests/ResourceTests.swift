import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Resources: sharing, the page, editing")
struct ResourceTests {
    static func fields(title: String = "PHIPA disclosure guide", url: String = "https://example.org/phipa?x=1&y=2",
                       type: String = "guide", reviewBy: String = "", tags: String = "phipa, Police, #phipa") -> [(String, String)] {
        [("title", title), ("url", url), ("type", type), ("description", "When police ask, check **s. 43** first."),
         ("audience", "Privacy officers"), ("tags", tags), ("review_by", reviewBy)]
    }

    @Test("a member shares a link: the resource, its tags and its own discussion in one go; the page shows it all")
    func shareLink() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let location = try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.post(Paths.newResource(f.community), Self.fields(reviewBy: "2030-01-31"))
            #expect(posted.status == .seeOther)
            return posted.location ?? ""
        }
        let resource = try #require(try await rf.resources().first)
        #expect(location == Paths.resource(resource.id!))
        #expect(resource.url == "https://example.org/phipa?x=1&y=2")
        #expect(resource.type == .guide)
        #expect(resource.heldAt == nil)
        #expect(resource.reviewBy == ResourceValidation.day("2030-01-31"))
        let discussion = try #require(try await f.app.database.discussion(id: resource.discussionId!))
        #expect(discussion.title == "PHIPA disclosure guide")
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>PHIPA disclosure guide</h1>"))
            #expect(page.body.contains("href=\"https://example.org/phipa?x=1&amp;y=2\" rel=\"noopener noreferrer nofollow\""))
            #expect(page.body.contains("<strong>s. 43</strong>"))
            #expect(page.body.contains("Privacy officers"))
            #expect(page.body.contains("href=\"/c/privacy/resources?tag=phipa\""))
            #expect(page.body.contains("href=\"/c/privacy/resources?tag=police\""))
            #expect(page.body.contains("31 Jan 2030"))
            #expect(page.body.contains("Not yet reviewed by a moderator"))
            #expect(page.body.contains("0 members found this helpful"))
            #expect(page.body.contains("href=\"\(Paths.discussion(discussion))\""))
            #expect(page.body.contains("0 replies"))
            #expect(page.body.contains("<dt>Shared by</dt><dd><a href=\"/u/member\">Member</a>"))
            #expect(!page.body.contains(Paths.editResource(resource.id!)), "only the sharer and moderators edit")
        }
    }

    @Test("links with other schemes, no host or too long are refused with 400, a clear message and nothing written")
    func badLinks() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let cases: [(String, String)] = [
            ("javascript:alert(1)", "A link must start with http:// or https:// (not “javascript:”)."),
            ("JavaScript:alert(document.cookie)", "(not “javascript:”)"),
            ("data:text/html;base64,PHNjcmlwdD4=", "(not “data:”)"),
            ("file:///etc/passwd", "(not “file:”)"),
            ("ftp://example.org/a.pdf", "(not “ftp:”)"),
            ("example.org/guide", "A link must start with http:// or https://."),
            ("https:///nohost", "That link has no site in it"),
            ("https://user:secret@example.org/", "A link cannot contain a user name or password."),
            ("https://example.org/a b", "A link cannot contain spaces or line breaks."),
            ("https://example.org/" + String(repeating: "a", count: 2_000), "A link can be at most 2000 characters."),
        ]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (url, message) in cases {
                let r = try await f.app.expectNoWrite { try await browser.post(Paths.newResource(f.community), Self.fields(url: url)) }
                #expect(r.status == .badRequest, "\(url)")
                #expect(r.body.contains(HTMLEscaping.escape(message)), "\(url): \(message)")
            }
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
    }

    @Test("missing title, both or neither of link and file, bad type, tags and dates: 400 with the field's message, nothing written")
    func badFields() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let pdf = UploadFile(fileName: "a.pdf", bytes: SampleFiles.pdf)
        let cases: [([(String, String)], UploadFile?, String)] = [
            (Self.fields(title: "  "), nil, "Give the resource a title."),
            (Self.fields(title: String(repeating: "t", count: 201)), nil, "A title can be at most 200 characters"),
            (Self.fields(), pdf, "Share either a link or a file, not both"),
            (Self.fields(url: ""), nil, "Add a link, or choose a file to upload."),
            (Self.fields(type: "podcast"), nil, "Choose what kind of resource this is"),
            (Self.fields(reviewBy: "31/01/2030"), nil, "Write the review date as a date, such as 2027-03-31."),
            (Self.fields(reviewBy: "2030-02-30"), nil, "Write the review date as a date"),
            (Self.fields(reviewBy: "2020-01-01"), nil, "The review date must be in the future."),
            (Self.fields(tags: (1...11).map { "tag\($0)" }.joined(separator: ",")), nil, "Use at most 10 tags (there are 11)."),
            (Self.fields(tags: String(repeating: "x", count: 41)), nil, "Each tag can be at most 40 characters"),
        ]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (fields, file, message) in cases {
                let r = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), fields, file: file) }
                #expect(r.status == .badRequest, "\(message)")
                #expect(r.body.contains(HTMLEscaping.escape(message)), "\(message)")
                #expect(r.body.contains("Nothing was saved yet."))
            }
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
        #expect(try rf.files().isEmpty)
    }

    @Test("who may share: members; outsiders, suspended members and anonymous posts are refused; anonymous GET signs in")
    func whoMayShare() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            let anonymousForm = try await browser.get(Paths.newResource(f.community))
            #expect(anonymousForm.status == .seeOther)
            #expect(anonymousForm.location?.hasPrefix(Paths.signIn) == true)
            let anonymousPost = try await f.app.expectNoWrite { try await browser.post(Paths.newResource(f.community), Self.fields()) }
            #expect(anonymousPost.status == .forbidden)
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await f.app.expectNoWrite { try await browser.post(Paths.newResource(f.community), Self.fields()) }
            #expect(outsider.status == .forbidden)
            #expect(outsider.body.contains("Only members of Privacy can share resources. Join the community first."))
            #expect(try await browser.get(Paths.newResource(f.privateCommunity)).status == .notFound)
            browser.clearCookies()
            try await rf.f.signIn(browser, "suspended@example.org")
            let suspended = try await f.app.expectNoWrite { try await browser.post(Paths.newResource(f.community), Self.fields()) }
            #expect(suspended.status == .forbidden)
            #expect(suspended.body.contains("Your account is suspended"))
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
    }

    @Test("the sharer and moderators edit; the discussion title follows; others get 403 and nothing changes")
    func edit() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let resource = try await rf.link("Old title", tags: ["old"])
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post(Paths.editResource(resource.id!), Self.fields(title: "Hijacked")) }
            #expect(refused.status == .forbidden)
            #expect(try await browser.get(Paths.editResource(resource.id!)).status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let form = try await browser.get(Paths.editResource(resource.id!))
            #expect(form.status == .ok)
            #expect(form.body.contains("value=\"Old title\""))
            #expect(form.body.contains("value=\"old\""))
            let bad = try await f.app.expectNoWrite { try await browser.post(Paths.editResource(resource.id!), Self.fields(url: "javascript:alert(1)")) }
            #expect(bad.status == .badRequest)
            let saved = try await browser.post(Paths.editResource(resource.id!), Self.fields(title: "New title", tags: "fresh"))
            #expect(saved.status == .seeOther)
            #expect(saved.location == Paths.resource(resource.id!))
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get(Paths.resource(resource.id!))
            #expect(page.body.contains(Paths.editResource(resource.id!)))
            let byModerator = try await browser.post(Paths.editResource(resource.id!), Self.fields(title: "Moderated title", type: "policy"))
            #expect(byModerator.status == .seeOther)
        }
        let row = try #require(try await f.app.database.resource(id: resource.id!))
        #expect(row.resource.title == "Moderated title")
        #expect(row.resource.type == .policy)
        #expect(row.tags == ["phipa", "police"])
        #expect(try await f.app.database.discussion(id: resource.discussionId!)?.title == "Moderated title")
    }

    @Test("an unchanged past review date stays valid on edit")
    func pastReviewDateKept() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let resource = try await rf.link("Dated")
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE resource SET review_by = ? WHERE id = ?", arguments: [ResourceValidation.day("2020-05-01"), resource.id])
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let saved = try await browser.post(Paths.editResource(resource.id!), Self.fields(title: "Dated", reviewBy: "2020-05-01"))
            #expect(saved.status == .seeOther)
        }
    }

    @Test("community pages link to the library; a resource page of another visitor's held resource is 404")
    func communityLinkAndHeld() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let held = try await rf.link("Held one", held: true)
        try await f.app.run { browser in
            let community = try await browser.get(Paths.community(f.community))
            #expect(community.body.contains("href=\"/c/privacy/resources\""))
            #expect(try await browser.get(Paths.resource(held.id!)).status == .notFound)
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.resource(held.id!)).status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "author@example.org")
            let own = try await browser.get(Paths.resource(held.id!))
            #expect(own.status == .ok)
            #expect(own.body.contains("waiting for a moderator's approval"))
            #expect(try await browser.get("/r/999999").status == .notFound)
        }
    }
}
