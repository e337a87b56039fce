import Foundation
import Synchronization
import Testing
@testable import Commonplace

/// Issue 16: one log line per request, without secrets; JSON with `--log-format json`.
@Suite("Request log")
struct RequestLogTests {
    /// Log output kept in memory.
    final class Captured: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        var sink: LogSink { LogSink { [self] new in self.bytes.withLock { $0.append(contentsOf: new) } } }
        var lines: [String] { bytes.withLock { String(decoding: $0, as: UTF8.self) }.split(separator: "\n").map(String.init) }
    }

    @Test("each request is one JSON line with method, route pattern, status, duration and request ID; never a password, token, cookie or query")
    func jsonLines() async throws {
        let captured = Captured()
        let sink = captured.sink
        let app = try TestApp { $0.requestLog = RequestLog(format: .json, sink: sink) }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            _ = try await browser.get("/search?q=confidential-query-words")
            _ = try await browser.get("/verify/Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ1Ng")
            _ = try await browser.get("/no/such/page")
        }
        sink.flush()
        let lines = captured.lines
        let records = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(records.count >= 5)
        for record in records {
            #expect(record["message"] as? String == "request")
            #expect(record["method"] is String)
            #expect(record["status"] is Int)
            #expect(record["duration_ms"] is Double || record["duration_ms"] is Int)
            #expect((record["request_id"] as? String)?.isEmpty == false)
        }
        #expect(records.contains { $0["route"] as? String == "/signin" && $0["method"] as? String == "POST" && $0["status"] as? Int == 303 })
        #expect(records.contains { $0["route"] as? String == "/verify/{token}" })
        #expect(records.contains { $0["path"] as? String == "/no/such/page" && $0["status"] as? Int == 404 }, "\(lines.last ?? "")")
        let all = lines.joined(separator: "\n")
        for secret in [TestApp.password, "confidential-query-words", "Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ1Ng", "commonplace_session", "_csrf"] {
            #expect(!all.contains(secret), "\(secret)")
        }
    }

    @Test("a 500's line carries the error ID the page shows, and the header that carried it is not sent")
    func errorID() async throws {
        let captured = Captured()
        let sink = captured.sink
        let app = try TestApp { $0.requestLog = RequestLog(format: .text, sink: sink) }
        try await app.database.writer.write { db in try db.execute(sql: "DROP TABLE community") }
        let page = try await app.run { browser in try await browser.get("/") }
        sink.flush()
        let id = try #require(page.body.firstMatch(of: /Error ID: <code>([0-9a-f]{8})<\/code>/)).1
        #expect(page.headers[RequestRecordMiddleware.errorIDHeader] == nil)
        let line = try #require(captured.lines.first { $0.contains("status=500") })
        #expect(line.contains("error_id=\(id)"))
        #expect(line.contains("route=/ ") || line.contains("route=/\n") || line.hasSuffix("route=/") || line.contains("method=GET route=/"))
    }
}
