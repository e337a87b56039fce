import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Headers and error pages")
struct SecurityHeaderTests {
    static func expectSecurityHeaders(_ page: Browser.Page, _ path: String) {
        let csp = page.headers[.contentSecurityPolicy] ?? ""
        #expect(csp.contains("default-src 'self'"), "\(path)")
        #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
        #expect(!csp.contains("unsafe-inline"), "\(path)")
        #expect(page.headers[.xContentTypeOptions] == "nosniff", "\(path)")
        #expect(page.headers[HTTPField.Name("Referrer-Policy")!] != nil, "\(path)")
    }

    @Test("every response carries the security headers, error pages too")
    func headersEverywhere() async throws {
        let app = try TestApp()
        try await app.run { browser in
            for path in ["/", "/about", "/signin", "/nowhere", "/?type=bogus", "/css/site.css"] {
                Self.expectSecurityHeaders(try await browser.get(path), path)
            }
            let forbidden = try await browser.post("/signup", [], csrf: "")
            Self.expectSecurityHeaders(forbidden, "POST /signup")
        }
    }

    @Test("GET /health answers ok with the security headers, sets no cookie and is not stored; POST is not a route")
    func health() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/health")
            #expect(page.status == .ok)
            #expect(page.body == "ok")
            #expect(page.headers[.contentType] == "text/plain; charset=utf-8")
            #expect(page.headers[.setCookie] == nil)
            #expect(page.headers[.cacheControl] == "no-store")
            Self.expectSecurityHeaders(page, "/health")
            let post = try await browser.post("/health", [], csrf: "")
            #expect(post.status != .ok)
        }
    }

    @Test("signed-in pages are not stored by caches")
    func noStore() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            for path in ["/", "/settings", "/settings/sessions", "/u/amara"] {
                #expect(try await browser.get(path).headers[.cacheControl] == "no-store", "\(path)")
            }
        }
    }

    @Test("the stylesheet is served from Static/ as CSS")
    func stylesheet() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let css = try await browser.get("/css/site.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
        }
    }

    @Test("a server error shows a 500 page in the layout with a short error ID and no stack trace")
    func serverError() async throws {
        let app = try TestApp()
        // Given a database that has lost a table the home page needs
        try await app.database.writer.write { db in try db.execute(sql: "DROP TABLE community") }
        try await app.run { browser in
            let page = try await browser.get("/")
            #expect(page.status == .internalServerError)
            #expect(page.body.contains("Something went wrong"))
            #expect(page.body.contains("class=\"site-header\""))
            let id = try #require(page.body.firstMatch(of: /Error ID: <code>([0-9a-f]{8})<\/code>/))
            #expect(id.1.count == 8)
            #expect(!page.body.contains("SQLite"))
            #expect(!page.body.contains("no such table"))
        }
    }

    @Test("errors are JSON when JSON is asked for")
    func jsonErrors() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let page = try await browser.get("/c/nowhere", headers: [.accept: "application/json"])
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(page.body.contains("\"status\":404"))
        }
    }
}
