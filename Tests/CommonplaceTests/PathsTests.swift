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

    @Test("a post's links written as bytes are the links Paths builds")
    func postLinks() {
        #expect(PostAction(42, "edit").description == Paths.editPost(42))
        #expect(PostAction(42, "history").description == Paths.postHistory(42))
        #expect(PostAction(42, "delete").description == Paths.deletePost(42))
        #expect(PostAction(42, "hide").description == Paths.hidePost(42))
        #expect(PostAction(42, "restore").description == Paths.restorePost(42))
        #expect(PostAction(42, "flag").description == Paths.flagPost(42))
        for number in [1, 50, 51, 120] {
            #expect(PostPermalink(discussionPath: "/d/7/a-title", number: number).description
                    == Paths.post(discussionPath: "/d/7/a-title", number: number))
        }
        let now = Date()
        var discussion = Discussion(communityId: 1, boardId: 1, kind: .question, title: "T", authorId: 1, createdAt: now,
                                    lastPostAt: now, lastPosterId: 1)
        discussion.id = 7
        for page in [1, 3] {
            #expect(QuoteLink(discussionID: 7, number: 9, page: page).description == Paths.quote(discussion, number: 9, page: page))
        }
    }
}
