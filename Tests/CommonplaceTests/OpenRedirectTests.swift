import Foundation
import Testing
@testable import Commonplace

/// Issue 11, item 2: `next` (and any other return address a visitor can choose) is followed only when it is a path
/// on this site after the normalisation browsers apply (tabs and newlines removed anywhere, leading controls and
/// spaces stripped, backslashes read as slashes).
@Suite("Open redirects")
struct OpenRedirectTests {
    /// Known bypasses of open-redirect filters (the usual public lists, adapted to a path-only parameter): each must
    /// be refused, so the visitor goes to the default page.
    static let bypasses: [String] = [
        // Scheme-relative and absolute addresses
        "//evil.example", "//evil.example/", "///evil.example", "////evil.example/", "//evil.example@commonplace.example",
        "https://evil.example", "http:evil.example", "https:evil.example", "https:/evil.example", "HTTPS://evil.example",
        "evil.example", "evil.example/d/12", "@evil.example", ".evil.example", "",
        // Backslashes, which browsers read as slashes
        "/\\evil.example", "/\\/evil.example", "\\/\\/evil.example", "\\\\evil.example", "\\evil.example",
        "/.\\evil.example", "/..\\evil.example", "/d/12\\..\\..\\\\evil.example",
        // Controls that browsers remove (tab, LF, CR) or refuse, and spaces they strip at the start
        "/\t/evil.example/", "/\n/evil.example", "/\r/evil.example", "/\r\n/evil.example", "/\u{0B}/evil.example",
        "/\u{0C}/evil.example", "/\u{00}/evil.example", "/\u{1F}/evil.example", "/\u{7F}/evil.example",
        "\t//evil.example", " //evil.example", "/ /evil.example", "/d/12\r\nSet-Cookie: a=b", "/d/12\t",
        // Unicode line separators and C1 controls
        "/\u{2028}/evil.example", "/\u{2029}/evil.example", "/\u{85}/evil.example", "/d/12\u{2028}",
        // Percent-encoded forms that decode at the start of the path (once more by a proxy or a second redirect)
        "%2F%2Fevil.example", "%2f%2fevil.example", "/%2F%2Fevil.example", "/%2f/evil.example", "/%2F/evil.example",
        "/%5Cevil.example", "/%5cevil.example", "/%5C%5Cevil.example", "/%09/evil.example", "/%0a/evil.example",
        "/%0D%0ASet-Cookie:a=b", "/%20/evil.example", "/%00/evil.example", "/%252F%252Fevil.example", "/%2e%2e//evil.example",
        "/%", "/%2", "/%zz/evil.example",
        // Dot segments that resolve to a path starting with //
        "/..//evil.example", "/.//evil.example", "/d/../..//evil.example",
        // Script and data URLs
        "javascript:alert(1)", "JaVaScRiPt:alert(document.domain)", "java\tscript:alert(1)", "/javascript:alert(1)//\u{2028}",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
        // Absurd lengths
        "/" + String(repeating: "a", count: 3_000),
    ]

    /// Addresses on this site, which are kept exactly.
    static let local: [String] = [
        "/c/privacy?x=1#p3", "/d/12", "/d/12/how-we-reconcile?page=2#p51", "/", "/settings", "/u/o'brien",
        "/search?q=a b&in=x", "/search?q=%22data%20sharing%22&sort=newest", "/c/santé/résumé", "/c/sant%C3%A9",
        "/d/12/a.b", "/d/12/...", "/c/privacy/b/questions?page=2", "/search?q=//evil.example",
    ]

    @Test("every known bypass in the corpus is refused, by safeNext and by the sign-in link")
    func corpusRefused() {
        #expect(Self.bypasses.count >= 40)
        for next in Self.bypasses {
            #expect(Paths.safeNext(next) == nil, "\(next.debugDescription)")
            #expect(Paths.signIn(next: next) == Paths.signIn, "\(next.debugDescription)")
        }
    }

    @Test("local paths are kept exactly, and come back unchanged from a sign-in link's query")
    func localKept() throws {
        for next in Self.local {
            #expect(Paths.safeNext(next) == next, "\(next.debugDescription)")
            let link = Paths.signIn(next: next)
            if next == Paths.home { #expect(link == Paths.signIn); continue }
            let encoded = try #require(link.split(separator: "=", maxSplits: 1).last.map(String.init), "\(link)")
            #expect(link.hasPrefix(Paths.signIn + "?next="))
            #expect(encoded.removingPercentEncoding == next, "\(next.debugDescription)")
            #expect(Paths.safeNext(encoded.removingPercentEncoding) == next)
        }
        #expect(Paths.safeNext(nil) == nil)
    }

    @Test("a signed-in visitor sent to /signin?next=/%09/evil.example/ is redirected home, not off-site")
    func signedInRedirect() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            for query in ["/%09/evil.example/", "%2F%09%2Fevil.example%2F", "/%5C/evil.example", "/%0B/evil.example",
                          "/%E2%80%A8/evil.example", "//evil.example", "/%252F%252Fevil.example"] {
                let page = try await browser.get("/signin?next=\(query)")
                #expect(page.status == .seeOther, "\(query)")
                #expect(page.location == Paths.home, "\(query): \(page.location ?? "no Location")")
            }
            let local = try await browser.get("/signin?next=%2Fc%2Fprivacy%3Fx%3D1%23p3")
            #expect(local.location == "/c/privacy?x=1#p3")
        }
    }

    @Test("signing in with next=/<tab>/evil.example/ lands on the home page; the form does not carry the address")
    func signInForm() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let form = try await browser.get("/signin?next=/%09/evil.example/")
            #expect(form.status == .ok)
            #expect(Browser.Page.hiddenValue("next", in: form.body) == "")
            #expect(!form.body.contains("evil.example"))

            let signedIn = try await browser.post("/signin", [("email", "amara@example.org"), ("password", TestApp.password),
                                                              ("next", "/\t/evil.example/")])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == Paths.home)

            browser.clearCookies()
            let local = try await browser.post("/signin", [("email", "amara@example.org"), ("password", TestApp.password),
                                                           ("next", "/c/privacy?x=1#p3")])
            #expect(local.location == "/c/privacy?x=1#p3")
        }
    }
}
