import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing
@testable import Commonplace

/// Pages kept for anonymous visitors (`PageCache`) and lists kept between writes (`TableCache`): whatever is kept, a
/// visitor never sees a page older than the last committed write, and never someone else's page.
@Suite("Kept pages")
struct PageCacheTests {
    @Test("an anonymous page is given again only until the next write: a reply, a hidden post and a hidden discussion show at once")
    func keptUntilWrite() async throws {
        let f = try await ForumFixture.make()
        let (discussion, posts) = try await f.question(replies: 1)
        let path = Paths.discussion(discussion)
        try await f.app.run { browser in
            let first = try await browser.get(path)
            #expect(first.status == .ok)
            #expect(first.body.contains("Reply 1"))
            #expect(try await browser.get(path).body == first.body, "the same page again, from memory")

            _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!,
                                               body: .from("A second reply about retention"), now: f.app.clock.now)
            #expect(try await browser.get(path).body.contains("A second reply about retention"))

            try await f.app.database.hidePost(id: posts[0].id!, moderatorID: f.moderator.id!, reason: "Names a client",
                                              now: f.app.clock.now)
            let afterHide = try await browser.get(path)
            #expect(!afterHide.body.contains("Reply 1"), "a hidden post leaves the kept page at once")

            let boardPath = Paths.board(f.community, f.board)
            #expect(try await browser.get(boardPath).body.contains(discussion.title))
            try await f.app.database.setDiscussionHidden(id: discussion.id!, hidden: true, reason: "Off topic",
                                                         by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
            #expect(try await !browser.get(boardPath).body.contains(discussion.title), "a hidden discussion leaves the board at once")
            #expect(try await browser.get(path).status == .notFound)
        }
    }

    @Test("a signed-in member's page is never given to anyone else, nor an anonymous page to a member")
    func neverShared() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        let path = Paths.discussion(discussion)
        try await f.app.run { browser in
            let anonymous = try await browser.get(path)
            #expect(!anonymous.body.contains("Sign out"))
            _ = try await browser.signIn(email: f.member.email, password: TestApp.password)
            let member = try await browser.get(path)
            #expect(member.body.contains("Sign out"), "the member's own page, not the anonymous one kept")
            #expect(member.body.contains("name=\"body\""), "with the reply form")
            browser.clearCookies()
            let again = try await browser.get(path)
            #expect(again.status == .ok)
            #expect(!again.body.contains("Sign out") && !again.body.contains("name=\"_csrf\""), "no member's page, no token")
        }
    }

    @Test("a members-only community's pages are never kept for anonymous visitors (they get 404 each time)")
    func privateNeverKept() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(title: "Firewall rules for the clinic", in: f.privateBoard)
        try await f.app.run { browser in
            _ = try await browser.signIn(email: f.member.email, password: TestApp.password)
            #expect(try await browser.get(Paths.discussion(discussion)).status == .ok)
            browser.clearCookies()
            let anonymous = try await browser.get(Paths.discussion(discussion))
            #expect(anonymous.status == .notFound)
            #expect(!anonymous.body.contains("Firewall rules"))
        }
    }

    @Test("every anonymous view of a discussion is counted, from memory too")
    func viewsCounted() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            for _ in 0..<3 {
                let page = try await browser.get(Paths.discussion(discussion))
                #expect(page.status == .ok)
            }
        }
        #expect(f.app.views.unsaved(discussion.id!) == 3)
    }

    @Test("a kept page is dropped after its lifetime, and a page built while a write committed is never kept")
    func lifetimeAndGeneration() throws {
        let cache = PageCache(lifetime: 30)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var body = ByteBuffer()
        body.writeString("<p>page</p>")
        let entry = PageCache.Entry(generation: cache.currentGeneration, storedAt: start, headers: [:], body: body, countsViewOf: nil)
        cache.keep(entry, for: "/d/1")
        #expect(cache.entry("/d/1", now: start.addingTimeInterval(29)) != nil)
        #expect(cache.entry("/d/1", now: start.addingTimeInterval(30)) == nil)

        let stale = PageCache.Entry(generation: cache.currentGeneration, storedAt: start, headers: [:], body: body, countsViewOf: nil)
        cache.invalidate()  // a write committed while the page was built
        cache.keep(stale, for: "/d/2")
        #expect(cache.entry("/d/2", now: start) == nil)
        #expect(cache.count == 0)
    }

    @Test("the page cache can be turned off")
    func off() async throws {
        let f = try await ForumFixture.make { $0.anonymousPageSeconds = nil }
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            let first = try await browser.get(Paths.discussion(discussion))
            let second = try await browser.get(Paths.discussion(discussion))
            #expect(first.status == .ok && second.status == .ok)
        }
        #expect(f.app.views.unsaved(discussion.id!) == 2)
    }
}
