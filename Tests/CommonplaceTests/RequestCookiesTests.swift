import Testing
@testable import Commonplace

/// The session and visitor cookies are found in the `Cookie` header by scanning it, as Hummingbird's parser would.
@Suite("Request cookies")
struct RequestCookiesTests {
    @Test("a cookie is found by its exact name, whatever its place and spacing, with its value whole")
    func found() {
        let header = "theme=dark;cp_session=abc=def; \tcp_visitor=xyz;last="
        #expect(RequestCookies.value(of: "cp_session", inHeader: header) == "abc=def")
        #expect(RequestCookies.value(of: "cp_visitor", inHeader: header) == "xyz")
        #expect(RequestCookies.value(of: "theme", inHeader: header) == "dark")
        #expect(RequestCookies.value(of: "last", inHeader: header) == "")
    }

    @Test("a name that only starts like another, a missing cookie, a part without '=' and an empty header give nothing")
    func notFound() {
        #expect(RequestCookies.value(of: "cp_session", inHeader: "cp_session2=abc; xcp_session=def") == nil)
        #expect(RequestCookies.value(of: "cp_session", inHeader: "cp_session; other=1") == nil)
        #expect(RequestCookies.value(of: "cp_session", inHeader: "") == nil)
        #expect(RequestCookies.value(of: "cp_session", inHeader: ";;") == nil)
    }

    @Test("the first of two cookies of the same name wins, as with Hummingbird's parser")
    func firstWins() {
        #expect(RequestCookies.value(of: "a", inHeader: "a=1; a=2") == "1")
    }
}
