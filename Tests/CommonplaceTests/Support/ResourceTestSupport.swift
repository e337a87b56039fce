import Foundation
import GRDB
import Hummingbird
@testable import Commonplace

/// A file to upload in a multipart form.
struct UploadFile {
    let fileName: String
    let bytes: [UInt8]
    var contentType = "application/octet-stream"
}

/// Sample files of each kind (just enough bytes for the content checks).
enum SampleFiles {
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8) + [UInt8](repeating: 7, count: 40)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8) + [UInt8](repeating: 1, count: 40) + [0xFF, 0xD9]
    static let html = Array("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>".utf8)
    static let csv = Array("name,role\nAda,lead\nGrace,member\n".utf8)
    static let docx = zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])
    static let xlsx = zip(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"])
    static let plainZip = zip(["readme.txt", "script.js"])

    /// A ZIP archive of stored (uncompressed) small entries with a correct central directory (CRCs left 0).
    static func zip(_ names: [String]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        for name in names {
            let data = Array("content of \(name)".utf8)
            let nameBytes = Array(name.utf8)
            let offset = out.count
            out += [0x50, 0x4B, 0x03, 0x04] + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
                + u32(data.count) + u32(data.count) + u16(nameBytes.count) + u16(0) + nameBytes + data
            central += [0x50, 0x4B, 0x01, 0x02] + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
                + u32(data.count) + u32(data.count) + u16(nameBytes.count) + u16(0) + u16(0) + u16(0) + u16(0)
                + u32(0) + u32(offset) + nameBytes
        }
        let centralOffset = out.count
        out += central
        out += [0x50, 0x4B, 0x05, 0x06] + u16(0) + u16(0) + u16(names.count) + u16(names.count)
            + u32(central.count) + u32(centralOffset) + u16(0)
        return out
    }
}

extension Browser {
    static let boundary = "----CommonplaceTestBoundary7MA4YWxkTrZu0gW"

    /// A multipart/form-data body: `_csrf` first (as the forms put it), then the fields, then the file.
    static func multipart(_ fields: [(String, String)], file: UploadFile?, fileField: String = "file") -> ByteBuffer {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(file.fileName)\"\r\nContent-Type: \(file.contentType)\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    /// Posts a multipart form with a valid CSRF token as its first part (`csrf: ""` sends none).
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], file: UploadFile? = nil, csrf: String? = nil) async throws -> Page {
        let token: String
        if let csrf { token = csrf } else { token = try await csrfToken() }
        let all = token.isEmpty ? fields : [("_csrf", token)] + fields
        return try await postBytes(path, body: Self.multipart(all, file: file), contentType: "multipart/form-data; boundary=\(Self.boundary)")
    }
}

/// A fixture whose uploads go to a fresh folder the test can inspect.
struct ResourceFixture {
    let f: ForumFixture
    let uploads: URL

    static func make(maxUploadBytes: Int = AppConfiguration.defaultMaxUploadBytes) async throws -> ResourceFixture {
        let uploads = FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-test-uploads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        let f = try await ForumFixture.make { config in
            config.uploadsDirectory = uploads.path
            config.maxUploadBytes = maxUploadBytes
        }
        return ResourceFixture(f: f, uploads: uploads)
    }

    /// Files in the uploads folder (temporary ones included). A folder that cannot be read is an error, not an empty
    /// list: "nothing left on disk" must not pass because the test looked in the wrong place.
    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: uploads.path)
    }

    func resources() async throws -> [Resource] {
        try await f.app.database.reader.read { db in try Resource.order(Column("id")).fetchAll(db) }
    }

    /// Rows written by any share: resources, their discussions and posts.
    func writtenCounts() async throws -> [Int] {
        try await f.app.database.reader.read { db in
            [try Resource.fetchCount(db), try Discussion.fetchCount(db), try Post.fetchCount(db),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resource_tag") ?? 0]
        }
    }

    /// A link resource stored directly (as the share form would), with optional curation state.
    @discardableResult
    func link(_ title: String, in community: Community? = nil, by author: User? = nil, type: Resource.Kind = .guide,
              description: String = "", audience: String = "", tags: [String] = [], created: TimeInterval = 0,
              helpful: Int = 0, featured: Bool = false, outdated: Bool = false, archived: Bool = false, held: Bool = false) async throws -> Resource {
        let community = community ?? f.community
        let now = f.app.clock.now.addingTimeInterval(created)
        var r = Resource(communityId: community.id!, authorId: (author ?? f.author).id!, title: title, type: type,
                         url: "https://example.org/\(title.lowercased().replacingOccurrences(of: " ", with: "-"))",
                         descriptionMarkdown: description, descriptionHtml: RenderedText.from(description).html,
                         audience: audience, createdAt: now, updatedAt: now)
        r.helpfulCount = helpful
        if featured { r.featuredAt = now }
        if outdated { r.outdatedAt = now; r.outdatedNote = "Replaced by the 2027 edition." }
        if archived { r.archivedAt = now }
        if held { r.heldAt = now }
        return try await f.app.database.createResource(r, tags: tags)
    }

    func requireApproval(in community: Community) async throws {
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET require_resource_approval = 1 WHERE id = ?", arguments: [community.id])
        }
    }
}
