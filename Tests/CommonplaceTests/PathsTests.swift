import Foundation
import Testing
@testable import Commonplace

@Suite("Paths")
struct PathsTests {
    @Test("a sign-in link carries the page to come back to, percent-encoded as Foundation encodes it")
    func signInNext() {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "/-_.~"))
        for path in ["/d/12/how-we-reconcile", "/c/privacy/b/questions?page=2", "/c/santé/résumé", "/search?q=a b&in=x", "/u/o'brien"] {
            #expect(Paths.signIn(next: path) == "/signin?next=" + path.addingPercentEncoding(withAllowedCharacters: allowed)!)
        }
        #expect(Paths.signIn(next: "//evil.example/") == "/signin")
        #expect(Paths.signIn(next: "/") == "/signin")
    }
}
