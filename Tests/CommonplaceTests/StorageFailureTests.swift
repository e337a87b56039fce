import Foundation
import GRDB
import Logging
import Synchronization
import Testing
@testable import Commonplace

/// Issue 11, item 5: when the server cannot save (disk full, database locked past the busy timeout, read-only file
/// system), a member gets 503 with Retry-After and their text back, nothing is written, reads go on, the log has one
/// line a minute, and `/ready` and site admins say so.
@Suite("When the server cannot save")
struct StorageFailureTests {
    /// Caps the in-memory database at its current size: the next write that needs a new page fails with SQLITE_FULL.
    static func fillDisk(_ database: AppDatabase) async throws {
        try await database.writer.writeWithoutTransaction { db in
            let pages = try #require(try Int.fetchOne(db, sql: "PRAGMA page_count"))
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
    }

    static func freeDisk(_ database: AppDatabase) async throws {
        try await database.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
    }

    /// A reply long enough to need new pages (overflow pages for its text, its search index rows).
    static let text = "Our policy: ask for a warrant first.\n\n" + String(repeating: "Keep a record of every request you answer. ", count: 150)

    static func postCount(_ f: ForumFixture) async throws -> Int {
        try await f.app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post") ?? -1 }
    }

    /// The hidden CSRF token of the "Try again" form.
    static func retryToken(_ page: Browser.Page) -> String? {
        guard let form = page.body.range(of: "class=\"kept-form\"") else { return nil }
        return Browser.Page.hiddenValue("_csrf", in: String(page.body[form.upperBound...]))
    }

    @Test("a reply on a full disk: 503 with Retry-After and the text given back, nothing written, reads go on, and “Try again” saves it once there is room")
    func fullDisk() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        let before = try await Self.postCount(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            try await Self.fillDisk(f.app.database)
            let page = try await browser.post(Paths.reply(discussion), [("body", Self.text)])
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers[.retryAfter] == "60")
            #expect(page.body.contains("The server cannot save right now, so nothing was changed. Your text is below."))
            #expect(page.body.contains(">\(Self.text)</textarea>"))
            #expect(page.body.contains("<form method=\"post\" action=\"\(Paths.reply(discussion))\" class=\"kept-form\">"))
            #expect(!page.body.contains("Error ID"))
            #expect(try await Self.postCount(f) == before)

            // Reading still works, and a member sees no admin banner.
            let read = try await browser.get(Paths.discussion(discussion))
            #expect(read.status == .ok)
            #expect(!read.body.contains("could not save changes"))

            // Once there is room again, the kept form sends the same text.
            try await Self.freeDisk(f.app.database)
            let token = try #require(Self.retryToken(page))
            let retry = try await browser.post(Paths.reply(discussion), [("body", Self.text)], csrf: token)
            #expect(retry.status == .seeOther)
            #expect(try await Self.postCount(f) == before + 1)
        }
    }

    @Test("/ready answers 503 naming the failure while saving fails, and site admins see a banner; both clear after a write succeeds")
    func readyAndAdmins() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            let calm = try await browser.get("/ready")
            #expect(calm.status == .ok)
            #expect(calm.body.contains("\"status\":\"ready\""))

            let admin = Browser(client: browser.client)
            try await admin.signIn(email: "admin@example.org")
            #expect(!(try await admin.get("/").body.contains("could not save changes")))
            try await browser.signIn(email: "member@example.org")
            try await Self.fillDisk(f.app.database)
            #expect(try await browser.post(Paths.reply(discussion), [("body", Self.text)]).status == .serviceUnavailable)
            let ready = try await browser.get("/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.headers[.retryAfter] == "60")
            #expect(ready.body.contains("\"status\":\"not ready\""))
            #expect(ready.body.contains("the disk is full"))

            let home = try await admin.get("/")
            #expect(home.body.contains("role=\"alert\">The server could not save changes"))
            #expect(home.body.contains("the disk is full"))
            #expect(!(try await browser.get("/").body.contains("could not save changes")))

            try await Self.freeDisk(f.app.database)
            #expect(try await browser.post(Paths.reply(discussion), [("body", "Room again.")]).status == .seeOther)
            #expect(try await browser.get("/ready").status == .ok)
            #expect(!(try await admin.get("/").body.contains("could not save changes")))
        }
    }

    @Test("a database locked past the busy timeout, or read-only, is a 503 too, with nothing written", arguments: ["busy", "readOnly"])
    func busyAndReadOnly(_ kind: String) async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        let before = try await Self.postCount(f)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            // What SQLite answers when the lock is not released within the busy timeout, or when the file or its
            // folder is read-only (root ignores file modes, and GRDB resets `query_only` after each read, so the
            // error is thrown at the point of the write).
            let code: ResultCode = kind == "busy" ? .SQLITE_BUSY : .SQLITE_READONLY
            f.app.database.writeBarrier.once { throw DatabaseError(resultCode: code, message: "refused") }
            let page = try await browser.post(Paths.reply(discussion), [("body", "Ask for a warrant first.")])
            #expect(page.status == .serviceUnavailable)
            #expect(page.headers[.retryAfter] == (kind == "busy" ? "5" : "60"))
            #expect(page.body.contains("name=\"body\" type=\"text\" value=\"Ask for a warrant first.\""))
        }
        #expect(try await Self.postCount(f) == before)
    }

    @Test("a continuing failure is logged once a minute, with how many were not logged")
    func logsOncePerMinute() {
        let lines = LogCapture()
        let logger = Logger(label: "test") { _ in lines }
        let health = StorageHealth()
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for second in 0..<30 { health.record(.full, at: start.addingTimeInterval(Double(second)), logger: logger, detail: "SQLITE_FULL") }
        #expect(lines.messages.count == 1)
        health.record(.full, at: start.addingTimeInterval(61), logger: logger, detail: "SQLITE_FULL")
        #expect(lines.messages.count == 2)
        #expect(lines.messages.last?.metadata["not_logged_since_last"]?.description == "29")
        #expect(lines.messages.allSatisfy { $0.level == .error && $0.message == "cannot save: the disk is full" })
        #expect(health.current(at: start.addingTimeInterval(61))?.count == 31)
        #expect(health.current(at: start.addingTimeInterval(61 + StorageHealth.shownFor)) == nil)
    }

    @Test("storage errors are told apart from other database errors")
    func classification() {
        #expect(StorageProblem(DatabaseError(resultCode: .SQLITE_FULL)) == .full)
        #expect(StorageProblem(DatabaseError(resultCode: .SQLITE_BUSY)) == .busy)
        #expect(StorageProblem(DatabaseError(resultCode: .SQLITE_READONLY)) == .readOnly)
        #expect(StorageProblem(CocoaError(.fileWriteOutOfSpace)) == .full)
        #expect(StorageProblem(NSError(domain: NSPOSIXErrorDomain, code: Int(EROFS))) == .readOnly)
        #expect(StorageProblem(DatabaseError(resultCode: .SQLITE_CONSTRAINT)) == nil)
        #expect(StorageProblem(AppError.notFound) == nil)
    }
}

/// Collects log lines (a `LogHandler` for tests).
final class LogCapture: LogHandler, Sendable {
    struct Line: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    private let lines = Mutex<[Line]>([])
    var messages: [Line] { lines.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        lines.withLock { $0.append(Line(level: level, message: message.description, metadata: metadata ?? [:])) }
    }
}
