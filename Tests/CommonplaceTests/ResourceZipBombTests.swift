import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 6: Office files are ZIP archives; one that declares more than 100 MiB of content, or more than 10,000
/// parts, is refused with 413 before anything is kept (a 200 MiB zip bomb of 205 KB was accepted as a .docx).
@Suite("Resources: zip bombs")
struct ResourceZipBombTests {
    /// A Word document with ten parts of 20 MiB of zeros each, really deflated: 200 MiB in about 205 KB.
    static let bomb = ZipBuilder.docx((0..<10).map { ("word/media/zeros\($0).bin", .zeros(count: 20 << 20)) })

    static func refusal(_ name: String, _ detail: String) -> String {
        HTMLEscaping.escape("“\(name)” \(detail). Files like this (“zip bombs”) can freeze the computers that open them. "
            + "Nothing was saved: save the document again from its application, or share a link to it.")
    }

    @Test("a 200 MiB zip bomb of 205 KB named .docx, .xlsx or .pptx is refused with 413 and a clear message; nothing is written")
    func bombRefused() async throws {
        #expect(Self.bomb.count < 210_000)
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for name in ["bomb.docx", "bomb.xlsx", "Bomb.PPTX"] {
                let r = try await browser.postMultipart(Paths.newResource(f.community), ResourceUploadTests.fields,
                                                        file: UploadFile(fileName: name, bytes: Self.bomb))
                #expect(r.status == .contentTooLarge, "\(name)")
                #expect(r.body.contains(Self.refusal(name, "would unpack to 200 MB when opened; this site accepts Office files of up to 100 MB unpacked")), "\(name)")
                #expect(r.body.contains("Breach notification checklist"), "the form keeps what was typed")
            }
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
        #expect(try rf.files().isEmpty)
    }

    @Test("an Office file of more than 10,000 parts is refused with 413; nothing is written")
    func tooManyParts() async throws {
        var zip = ZipBuilder()
        zip.add("[Content_Types].xml", .stored([]))
        for n in 0..<10_000 { zip.add("word/p\(n)", .stored([])) }
        let archive = zip.archive
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let r = try await browser.postMultipart(Paths.newResource(f.community), ResourceUploadTests.fields,
                                                    file: UploadFile(fileName: "many.docx", bytes: archive))
            #expect(r.status == .contentTooLarge)
            #expect(r.body.contains(Self.refusal("many.docx", "holds 10,001 parts; this site accepts Office files of up to 10,000 parts")))
        }
        #expect(try await rf.writtenCounts() == [0, 0, 0, 0])
        #expect(try rf.files().isEmpty)
    }

    @Test("replacing a resource's file with a bomb is refused with 413 and leaves the resource and the disk as they were")
    func bombOnEdit() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let id = try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let shared = try await browser.postMultipart(Paths.newResource(f.community), ResourceUploadTests.fields,
                                                         file: UploadFile(fileName: "policy.docx", bytes: SampleFiles.docx))
            #expect(shared.status == .seeOther)
            let id = try #require(try await rf.resources().first?.id)
            let r = try await browser.postMultipart(Paths.editResource(id), ResourceUploadTests.fields,
                                                    file: UploadFile(fileName: "policy.docx", bytes: Self.bomb))
            #expect(r.status == .contentTooLarge)
            #expect(r.body.contains(Self.refusal("policy.docx", "would unpack to 200 MB when opened; this site accepts Office files of up to 100 MB unpacked")))
            return id
        }
        let resource = try #require(try await f.app.database.resource(id: id)?.resource)
        #expect(resource.fileSize == SampleFiles.docx.count)
        #expect(try rf.files() == [try #require(resource.fileStorageName)])
        #expect(try await rf.writtenCounts()[0] == 1)
    }

    @Test("ordinary Office files are accepted, deflated parts and a highly compressed 1 MiB part included")
    func ordinaryAccepted() async throws {
        let docx = ZipBuilder.docx([
            ("word/styles.xml", .stored(Array("<w:styles/>".utf8))),
            ("word/media/blank.bin", .zeros(count: 1 << 20)),
            ("word/media/page.bin", .zeros(count: 30 << 20)),
        ])
        let rf = try await ResourceFixture.make()
        let f = rf.f
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for (name, bytes) in [("policy.docx", docx), ("small.docx", SampleFiles.docx)] {
                let r = try await browser.postMultipart(Paths.newResource(f.community), [("title", name), ("type", "toolkit"), ("url", "")],
                                                        file: UploadFile(fileName: name, bytes: bytes))
                #expect(r.status == .seeOther, "\(name)")
            }
        }
        #expect(try await rf.writtenCounts()[0] == 2)
        #expect(try rf.files().count == 2)
    }

    /// `archive` with its central directory's declared uncompressed sizes replaced by `sizes`, in order.
    static func declaring(_ sizes: [Int], in archive: [UInt8]) -> Data {
        var bytes = archive
        var next = sizes.makeIterator()
        var at = 0
        while at + 46 <= bytes.count {
            if bytes[at] == 0x50, bytes[at + 1] == 0x4B, bytes[at + 2] == 0x01, bytes[at + 3] == 0x02, let size = next.next() {
                for i in 0..<4 { bytes[at + 24 + i] = UInt8(size >> (8 * i) & 0xFF) }
            }
            at += 1
        }
        return Data(bytes)
    }

    @Test("the limits are exact: 100 MiB declared in all passes, one byte more is refused, ZIP64's 0xFFFFFFFF too")
    func limits() throws {
        let docx = ZipBuilder.docx()
        #expect(ZipDirectory.bombRefusal(fileName: "a.docx", data: Self.declaring([100 << 20, 0, 0], in: docx)) == nil)
        let over = try #require(ZipDirectory.bombRefusal(fileName: "a.docx", data: Self.declaring([100 << 20, 1, 0], in: docx)))
        #expect(over.tooLarge)
        #expect(over.message.hasPrefix("“a.docx” would unpack to 101 MB when opened;"))
        #expect(ZipDirectory.bombRefusal(fileName: "a.docx", data: Self.declaring([0xFFFF_FFFF, 0, 0], in: docx))?.tooLarge == true)
        // Each type is checked by its name before its content: a bomb named .xlsx is a bomb, not "not a workbook".
        let bomb = Self.declaring([0, 0, 200 << 20], in: docx)
        guard case .failure(let refusal) = UploadedFileType.check(fileName: "b.xlsx", data: bomb) else {
            Issue.record("a bomb named .xlsx was accepted"); return
        }
        #expect(refusal.tooLarge)
        // Not archives, or not Office files: no bomb check, the ordinary answers.
        #expect(ZipDirectory.bombRefusal(fileName: "a.docx", data: Data(SampleFiles.pdf)) == nil)
        #expect(try UploadedFileType.check(fileName: "a.pdf", data: Data(SampleFiles.pdf)).get() == .pdf)
        #expect(try UploadedFileType.check(fileName: "a.docx", data: Data(docx)).get() == .docx)
        // 10,000 parts is the most, and is read.
        var many = ZipBuilder()
        many.add("[Content_Types].xml", .stored([]))
        for n in 1..<10_000 { many.add("word/p\(n)", .stored([])) }
        guard case .entries(let entries) = ZipDirectory.read(Data(many.archive)) else {
            Issue.record("10,000 entries were not read"); return
        }
        #expect(entries.count == 10_000)
        #expect(ZipDirectory.bombRefusal(fileName: "many.docx", data: Data(many.archive)) == nil)
    }
}
