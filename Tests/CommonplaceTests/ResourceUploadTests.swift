import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Resources: uploads")
struct ResourceUploadTests {
    static let fields: [(String, String)] = [
        ("title", "Breach notification checklist"), ("type", "template"), ("description", "Use it **within 72 hours**."),
        ("audience", "privacy officers"), ("tags", "breach, Notification"), ("review_by", ""), ("url", ""),
    ]

    @Test("a member shares a PDF: stored under a generated name, served to members with the right headers")
    func sharePDF() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let created = try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let form = try await browser.get(Paths.newResource(f.privateCommunity))
            #expect(form.status == .ok)
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            let posted = try await browser.postMultipart(Paths.newResource(f.privateCommunity), Self.fields,
                                                         file: UploadFile(fileName: "Checklist (v2).pdf", bytes: SampleFiles.pdf))
            #expect(posted.status == .seeOther)
            return posted.location ?? ""
        }
        let resource = try #require(try await rf.resources().first)
        #expect(created == Paths.resource(resource.id!))
        #expect(resource.fileName == "Checklist (v2).pdf")
        #expect(resource.fileContentType == "application/pdf")
        #expect(resource.fileSize == SampleFiles.pdf.count)
        #expect(resource.url == nil)
        #expect(resource.descriptionHtml.contains("<strong>within 72 hours</strong>"))
        let storage = try #require(resource.fileStorageName)
        #expect(try rf.files() == [storage])
        #expect(!storage.contains("Checklist"))
        #expect(try #require(try await f.app.database.resource(id: resource.id!)).tags == ["breach", "notification"])
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let page = try await browser.get(Paths.resource(resource.id!))
            #expect(page.status == .ok)
            #expect(page.body.contains("Checklist (v2).pdf"))
            #expect(page.body.contains(Paths.resourceFile(resource.id!)))
            let file = try await browser.get(Paths.resourceFile(resource.id!))
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "application/pdf")
            #expect(file.headers[.xContentTypeOptions] == "nosniff")
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"Checklist (v2).pdf\"; filename*=UTF-8''Checklist%20%28v2%29.pdf")
            #expect(file.headers[.cacheControl] == "private, no-store")
            #expect(Array(file.body.utf8) == SampleFiles.pdf)
        }
    }

    @Test("images are served inline; Office files and CSV are checked by content and offered as downloads")
    func otherTypes() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let uploads: [(String, [UInt8], String, String)] = [
            ("diagram.png", SampleFiles.png, "image/png", "inline"),
            ("photo.JPG", SampleFiles.jpeg, "image/jpeg", "inline"),
            ("policy.docx", SampleFiles.docx, UploadedFileType.docx.contentType, "attachment"),
            ("budget.xlsx", SampleFiles.xlsx, UploadedFileType.xlsx.contentType, "attachment"),
            ("contacts.csv", SampleFiles.csv, "text/csv; charset=utf-8", "attachment"),
        ]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (name, bytes, type, disposition) in uploads {
                let posted = try await browser.postMultipart(Paths.newResource(f.community),
                                                             [("title", name), ("type", "toolkit"), ("url", "")],
                                                             file: UploadFile(fileName: name, bytes: bytes))
                #expect(posted.status == .seeOther, "\(name)")
                let file = try await browser.get((posted.location ?? "") + "/file")
                #expect(file.headers[.contentType] == type, "\(name)")
                #expect(file.headers[.contentDisposition]?.hasPrefix(disposition + ";") == true, "\(name)")
                #expect(file.headers[.cacheControl] == "private, max-age=300", "\(name)")
            }
        }
        #expect(try rf.files().count == uploads.count)
    }

    @Test("a file whose content is not its type is refused with 400 and a clear message, and nothing is written")
    func contentMismatch() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let refused: [(UploadFile, String)] = [
            (UploadFile(fileName: "report.pdf", bytes: SampleFiles.png), "The file's content is not a PDF: it is named “report.pdf” but its content is a PNG image."),
            (UploadFile(fileName: "report.pdf", bytes: SampleFiles.html), "The file's content is not a PDF: it is named “report.pdf” but its content is not one of the allowed types."),
            (UploadFile(fileName: "photo.png", bytes: SampleFiles.jpeg), "The file's content is not a PNG image"),
            (UploadFile(fileName: "policy.docx", bytes: SampleFiles.plainZip), "The file's content is not a Word document (DOCX)"),
            (UploadFile(fileName: "policy.docx", bytes: SampleFiles.xlsx), "The file's content is not a Word document (DOCX)"),
            (UploadFile(fileName: "data.csv", bytes: SampleFiles.csv + [0] + SampleFiles.csv), "The file's content is not a CSV file (UTF-8 text)"),
            (UploadFile(fileName: "data.csv", bytes: [0xC3, 0x28, 0x41]), "The file's content is not a CSV file (UTF-8 text)"),
            (UploadFile(fileName: "page.html", bytes: SampleFiles.html), "Only PDF, DOCX, XLSX, PPTX, CSV, PNG and JPEG files can be shared (not “.html”)."),
            (UploadFile(fileName: "setup", bytes: SampleFiles.pdf), "(this file has no extension)"),
            (UploadFile(fileName: "empty.pdf", bytes: []), "The file “empty.pdf” is empty."),
        ]
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (file, message) in refused {
                let r = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: file) }
                #expect(r.status == .badRequest, "\(file.fileName)")
                #expect(r.body.contains(HTMLEscaping.escape(message)), "\(file.fileName): \(message)")
                #expect(r.body.contains("Breach notification checklist"), "the form keeps what was typed")
            }
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
        #expect(try rf.files().isEmpty)
    }

    @Test("an oversized file is refused with 413 and a clear page, and nothing is written or left on disk")
    func oversized() async throws {
        let rf = try await ResourceFixture.make(maxUploadBytes: 1_000)
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let big = SampleFiles.pdf + [UInt8](repeating: 0x20, count: 1_000)
            let r = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: UploadFile(fileName: "big.pdf", bytes: big)) }
            #expect(r.status == .contentTooLarge)
            #expect(r.body.contains("The file is larger than 1000 bytes, the most this site accepts."))
            #expect(r.body.contains("Nothing was saved"))
            // A body far beyond the limit is refused from its Content-Length, before it is read.
            let huge = SampleFiles.pdf + [UInt8](repeating: 0x20, count: 400_000)
            let r2 = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: UploadFile(fileName: "huge.pdf", bytes: huge)) }
            #expect(r2.status == .contentTooLarge)
            // Just under the limit is fine.
            let small = SampleFiles.pdf + [UInt8](repeating: 0x20, count: 1_000 - SampleFiles.pdf.count)
            let ok = try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: UploadFile(fileName: "ok.pdf", bytes: small))
            #expect(ok.status == .seeOther)
        }
        #expect(try await rf.writtenCounts()[0] == 1)
        #expect(try rf.files().count == 1)
    }

    @Test("other routes keep the 1 MiB body limit; the upload route alone accepts the upload setting's size")
    func bodyLimitOnlyForUploads() async throws {
        let rf = try await ResourceFixture.make(maxUploadBytes: 3 << 20)
        let f = rf.f
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let big = SampleFiles.pdf + [UInt8](repeating: 0x20, count: 2 << 20)
            let shared = try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: UploadFile(fileName: "big.pdf", bytes: big))
            #expect(shared.status == .seeOther)
            let reply = try await f.app.expectNoWrite { try await browser.post(Paths.reply(discussion), [("body", String(repeating: "a", count: 2 << 20))]) }
            #expect(reply.status == .contentTooLarge)
            // A multipart body on a route that takes no upload is not read as a form.
            let multipartReply = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.reply(discussion), [("body", "Hello there")]) }
            #expect(multipartReply.status == .badRequest)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 0)
    }

    @Test("a multipart form needs its CSRF token as the first part: missing, wrong or late tokens are 403 with nothing written")
    func csrf() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let file = UploadFile(fileName: "a.pdf", bytes: SampleFiles.pdf)
            let none = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: file, csrf: "") }
            #expect(none.status == .forbidden)
            let wrong = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields, file: file, csrf: "0123abcd") }
            #expect(wrong.status == .forbidden)
            let token = try await browser.csrfToken()
            let late = try await f.app.expectNoWrite { try await browser.postMultipart(Paths.newResource(f.community), Self.fields + [("_csrf", token)], file: file, csrf: "") }
            #expect(late.status == .forbidden)
            let approve = try await f.app.expectNoWrite { try await browser.postMultipart("/mod/privacy/queue/1/approve", [], csrf: "") }
            #expect(approve.status == .forbidden)
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
        #expect(try rf.files().isEmpty)
    }

    @Test("a members-only community's file and page are 404 to outsiders and anonymous visitors, even with the URL")
    func privateFiles() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let location = try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.postMultipart(Paths.newResource(f.privateCommunity), Self.fields,
                                                         file: UploadFile(fileName: "secret.png", bytes: SampleFiles.png))
            return posted.location ?? ""
        }
        let id = try #require(try await rf.resources().first?.id)
        #expect(location == Paths.resource(id))
        try await f.app.run { browser in
            for email in [nil, "outsider@example.org", "othermod@example.org"] as [String?] {
                browser.clearCookies()
                if let email { try await browser.signIn(email: email) }
                let page = try await browser.get(Paths.resource(id))
                let file = try await browser.get(Paths.resourceFile(id))
                #expect(page.status == .notFound, "\(email ?? "anonymous")")
                #expect(file.status == .notFound, "\(email ?? "anonymous")")
                #expect(!file.body.contains("PNG"))
            }
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            #expect(try await browser.get(Paths.resourceFile(id)).status == .ok)
        }
    }

    @Test("a file missing on disk is 404; a link resource has no file")
    func missingFile() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let link = try await rf.link("A link")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.postMultipart(Paths.newResource(f.community), Self.fields,
                                                         file: UploadFile(fileName: "a.pdf", bytes: SampleFiles.pdf))
            #expect(posted.status == .seeOther)
            for name in try rf.files() { try FileManager.default.removeItem(at: rf.uploads.appendingPathComponent(name)) }
            #expect(try await browser.get((posted.location ?? "") + "/file").status == .notFound)
            #expect(try await browser.get(Paths.resourceFile(link.id!)).status == .notFound)
        }
    }

    @Test("replacing the file on edit removes the old one; switching to a link removes the file")
    func replaceFile() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.postMultipart(Paths.newResource(f.community), Self.fields,
                                                         file: UploadFile(fileName: "v1.pdf", bytes: SampleFiles.pdf))
            let id = try #require(Int64((posted.location ?? "").split(separator: "/").last.map(String.init) ?? ""))
            let first = try rf.files()
            // Saving without a file keeps it.
            let kept = try await browser.postMultipart(Paths.editResource(id), Self.fields)
            #expect(kept.status == .seeOther)
            #expect(try rf.files() == first)
            let replaced = try await browser.postMultipart(Paths.editResource(id), Self.fields, file: UploadFile(fileName: "v2.png", bytes: SampleFiles.png))
            #expect(replaced.status == .seeOther)
            let second = try rf.files()
            #expect(second.count == 1 && second != first)
            let resource = try #require(try await f.app.database.resource(id: id)).resource
            #expect(resource.fileName == "v2.png")
            #expect(resource.fileContentType == "image/png")
            let linked = try await browser.postMultipart(Paths.editResource(id),
                                                         Self.fields.filter { $0.0 != "url" } + [("url", "https://example.org/v3")])
            #expect(linked.status == .seeOther)
            #expect(try rf.files().isEmpty)
            let now = try #require(try await f.app.database.resource(id: id)).resource
            #expect(now.url == "https://example.org/v3")
            #expect(now.fileStorageName == nil && now.fileName == nil)
        }
    }

    @Test("content checks: magic bytes, the ZIP directory of Office files, CSV text")
    func contentChecks() {
        #expect(UploadedFileType.check(fileName: "a.PDF", data: Data(SampleFiles.pdf)) == .success(.pdf))
        #expect(UploadedFileType.check(fileName: "a.jpeg", data: Data(SampleFiles.jpeg)) == .success(.jpeg))
        #expect(UploadedFileType.check(fileName: "a.docx", data: Data(SampleFiles.docx)) == .success(.docx))
        #expect(UploadedFileType.check(fileName: "a.xlsx", data: Data(SampleFiles.xlsx)) == .success(.xlsx))
        #expect(UploadedFileType.named("deck.pptx") == .pptx)
        #expect(ZipDirectory.entryNames(Data(SampleFiles.docx)) == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
        // A truncated archive, or one whose directory points past its end, is not an Office file.
        #expect(ZipDirectory.entryNames(Data(SampleFiles.docx.dropLast(30))) == nil)
        var broken = SampleFiles.docx
        broken[broken.count - 6] = 0xFF
        #expect(ZipDirectory.entryNames(Data(broken)) == nil)
        #expect(MultipartReader.parameters("form-data; name=\"file\"; filename=\"a \\\"b\\\"; c.pdf\"") == ["name": "file", "filename": "a \"b\"; c.pdf"])
        #expect(MultipartReader.parameters("form-data; name=file; filename*=UTF-8''%C3%A9t%C3%A9.pdf")["filename"] == "été.pdf")
        #expect(MultipartReader.cleanFileName("C:\\Users\\ada\\plan\u{7}.pdf") == "plan.pdf")
        #expect(ResourceController.contentDisposition(inline: false, fileName: "été \"x\".pdf")
                == "attachment; filename=\"_t_ _x_.pdf\"; filename*=UTF-8''%C3%A9t%C3%A9%20%22x%22.pdf")
    }
}

