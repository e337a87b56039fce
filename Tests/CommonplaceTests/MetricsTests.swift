import Foundation
import HTTPTypes
import Testing
@testable import Commonplace

/// Issue 16: `/metrics` in Prometheus text format, never public.
@Suite("Metrics")
struct MetricsTests {
    @Test("without a token /metrics is not on the main address; with one it needs Authorization: Bearer")
    func protected() async throws {
        let open = try TestApp()
        let status = try await open.run { browser in try await browser.get("/metrics").status }
        #expect(status == .notFound)
        let app = try TestApp { $0.metricsToken = "s3cret-token" }
        try await app.run { browser in
            let anonymous = try await browser.get("/metrics")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(!anonymous.body.contains("commonplace_"))
            let wrong = try await browser.get("/metrics", headers: [.authorization: "Bearer s3cret-tokeN"])
            #expect(wrong.status == .unauthorized)
            let right = try await browser.get("/metrics", headers: [.authorization: "Bearer s3cret-token"])
            #expect(right.status == .ok)
            #expect(right.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test("requests are counted by route pattern and status, never by raw path; the gauges are there")
    func byRoutePattern() async throws {
        let f = try await ForumFixture.make { $0.metricsToken = "t" }
        let (discussion, _) = try await f.question(replies: 1)
        let text = try await f.app.run { browser in
            _ = try await browser.get(Paths.discussion(discussion))
            _ = try await browser.get("/d/999999")
            _ = try await browser.get("/verify/abcdef0123456789secret")
            return try await browser.get("/metrics", headers: [.authorization: "Bearer t"]).body
        }
        #expect(text.contains(#"commonplace_http_requests_total{method="GET",route="/d/{id}"#))
        #expect(text.contains(#"commonplace_http_requests_total{method="GET",route="/d/{id}",status="404"}"#))
        #expect(text.contains(#"commonplace_http_request_duration_seconds_bucket{route="/d/{id}/{slug}",le="0.1"}"#))
        #expect(!text.contains("abcdef0123456789secret"))
        #expect(!text.contains("999999"))
        for gauge in ["commonplace_db_read_seconds_count", "commonplace_db_write_seconds_count", "commonplace_db_write_queue_wait_seconds",
                      "commonplace_signin_hash_queue", "commonplace_signin_hash_refused_total", "commonplace_notification_events_pending",
                      "commonplace_mail_queued", "commonplace_mail_failed", "commonplace_views_pending", "commonplace_backup_age_seconds",
                      "commonplace_process_resident_memory_bytes", "commonplace_http_open_connections"] {
            #expect(text.contains(gauge), "\(gauge)")
        }
        #expect(text.contains("commonplace_backup_age_seconds +Inf") || text.contains("commonplace_backup_age_seconds inf"))
    }

    @Test("--metrics-address serves /metrics on a port of its own, and the site's address does not")
    func separateAddress() async throws {
        let port = try Self.freePort()
        let app = try TestApp { $0.metricsAddress = ("127.0.0.1", port) }
        try await app.run(.live) { browser in
            let status = try await browser.get("/metrics").status
            #expect(status == .notFound)
            var text = ""
            for _ in 0..<50 {
                let curl = Process()
                curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
                curl.arguments = ["-sf", "http://127.0.0.1:\(port)/metrics"]
                let out = Pipe()
                curl.standardOutput = out
                try curl.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                curl.waitUntilExit()
                if curl.terminationStatus == 0 {
                    text = String(decoding: data, as: UTF8.self)
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(text.contains("commonplace_process_resident_memory_bytes"))
        }
    }

    /// A port nothing listens on now (the kernel's choice for port 0), so the test never collides with another's.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.fileReadUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
