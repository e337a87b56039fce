import Foundation
import GRDB
import HTTPTypes
import Testing
@testable import Commonplace

/// Public Atom feeds (issue 12): valid for a real parser, escaped, carrying only what an anonymous visitor can read,
/// with conditional GET, and linked from the pages they follow.
@Suite("Feeds")
struct FeedTests {
    /// A title with every kind of trouble for XML: markup, a CDATA end, an ampersand, quotes, and C0 controls (which
    /// XML forbids, escaped or not).
    static let hostileTitle = "</title><script>alert(1)</script> ]]> & \"double\" 'single' \u{1}\u{8}\u{B}\u{C}\u{1F}end"
    /// The same title as a feed must give it back: the controls removed, nothing else changed.
    static let hostileTitleRead = "</title><script>alert(1)</script> ]]> & \"double\" 'single' end"
    static let hostileBody = "<script>alert('body')</script>\n\n**Bold** ]]> & <img src=x onerror=alert(1)> \"q\" \u{7}bell"

    /// Every public feed's path for the fixture's public community, its board, `discussion` and the author.
    static func publicFeeds(_ f: ForumFixture, _ discussion: Discussion) -> [String] {
        [Paths.siteFeed, Paths.communityFeed(f.community), Paths.boardFeed(f.community, f.board),
         Paths.resourcesFeed(f.community), Paths.discussionFeed(discussion), Paths.userFeed(f.author.handle),
         Paths.userFeed(f.member.handle)]
    }

    @Test("every public feed parses with feedparser without bozo, with ids, RFC 3339 dates and absolute links")
    func valid() async throws {
        // Given a question with two replies and a resource
        let f = try await ForumFixture.make()
        let (discussion, replies) = try await f.question(replies: 2)
        _ = try await f.resource("Disclosure checklist")
        try await f.app.run { browser in
            for path in Self.publicFeeds(f, discussion) {
                // When each feed is read
                let (page, feed) = try await browser.feed(path)
                // Then it names itself, its page and its time, and each entry has a permanent id, dates and a link
                #expect(feed.id == testBaseURL + path, "\(path)")
                #expect(feed.link("self") == testBaseURL + path, "\(path)")
                #expect(feed.link("alternate")?.hasPrefix(testBaseURL + "/") == true, "\(path)")
                #expect(feed.updated?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(path): \(feed.updated ?? "")")
                #expect(page.headers[.eTag]?.hasPrefix("\"") == true)
                #expect(page.headers[.cacheControl] == "public, no-cache")
                #expect(!feed.entries.isEmpty, "\(path)")
                for entry in feed.entries {
                    #expect(entry.id?.wholeMatch(of: /tag:127\.0\.0\.1,\d{4}-\d\d-\d\d:(discussion|post|resource)\/\d+/) != nil, "\(path): \(entry.id ?? "")")
                    #expect(entry.updated?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(path)")
                    #expect(entry.published != nil && entry.author != nil && entry.content?.type == "text/html", "\(path)")
                    #expect(entry.link?.hasPrefix(testBaseURL + "/") == true, "\(path): \(entry.link ?? "")")
                }
            }
            // The discussion's feed lists its posts newest first, each linking to its anchor
            let opening = try #require(await f.app.database.post(discussionID: discussion.id!, number: 1)).post
            let (_, posts) = try await browser.feed(Paths.discussionFeed(discussion))
            #expect(posts.entries.map(\.id) == [replies[1], replies[0], opening].map { "tag:127.0.0.1,\(Formatting.isoDay($0.createdAt)):post/\($0.id!)" })
            #expect(posts.entries.map(\.link) == [3, 2, 1].map { testBaseURL + Paths.post(discussion, number: $0) })
            #expect(posts.entries.first?.title == "Re: \(discussion.title) (#3)")
        }
    }

    @Test("a hostile title and body come out escaped, controls removed, and the entry HTML is the stored sanitized rendering")
    func escaping() async throws {
        // Given a discussion started through the form with a hostile title and body
        let f = try await ForumFixture.make()
        let discussion = try await f.app.run { browser in
            try await browser.signIn(email: f.author.email)
            let made = try await browser.post(Paths.newDiscussion(f.community, f.board),
                                              [("title", Self.hostileTitle), ("kind", "question"), ("body", Self.hostileBody)])
            try #require(made.status == .seeOther, "\(made.body)")
            return try #require(await f.app.database.reader.read { db in
                try Discussion.fetchOne(db, sql: "SELECT * FROM discussion ORDER BY id DESC LIMIT 1")
            })
        }
        let stored = try #require(await f.app.database.post(discussionID: discussion.id!, number: 1)).post.bodyHtml
        #expect(!stored.contains("<script") && !stored.contains("onerror"), "the stored rendering is sanitized")
        #expect(stored.unicodeScalars.contains("\u{7}"), "the stored rendering keeps the control the feed must remove")
        try await f.app.run { browser in
            for path in [Paths.siteFeed, Paths.communityFeed(f.community), Paths.boardFeed(f.community, f.board),
                         Paths.discussionFeed(discussion), Paths.userFeed(f.author.handle)] {
                // When each feed carrying it is read
                let (page, feed) = try await browser.feed(path)
                // Then no markup of the title or body reaches the XML as markup, and the controls are gone
                #expect(!page.body.contains("<script") && !page.body.contains("]]>"), "\(path)")
                #expect(!page.body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" }, "\(path)")
                // …and the parser reads back the title as written (less the controls) and the HTML exactly as stored
                let entry = try #require(feed.entries.first, "\(path)")
                #expect(entry.title == Self.hostileTitleRead, "\(path)")
                // (feedparser trims the white space around content.)
                let expected = String(String.UnicodeScalarView(stored.unicodeScalars.filter(XMLEscaping.isAllowed)))
                #expect(entry.content?.value == expected.trimmingCharacters(in: .whitespacesAndNewlines), "\(path)")
            }
        }
        #expect(XMLEscaping.escape("a\u{0}b\u{FFFE}c<&>\"'\u{1F600}") == "abc&lt;&amp;&gt;&quot;&#39;\u{1F600}")
        // A quote followed by a combining mark is one grapheme: it is escaped all the same (per Unicode scalar).
        #expect(XMLEscaping.escape("\"\u{301}") == "&quot;\u{301}")
    }

    @Test("public feeds never carry members-only, held, hidden or deleted content, whoever asks")
    func onlyPublicContent() async throws {
        // Given planted words in a members-only discussion, a held one, a hidden one, and hidden, deleted and held replies
        let f = try await ForumFixture.make()
        let db = f.app.database
        let now = f.app.clock.now
        let (open, _) = try await f.question(title: "An open question about disclosure")
        let (secret, _) = try await f.question(title: "Zebraprivate plans", in: f.privateBoard)
        let held = try await db.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Zebraheld question", authorID: f.member.id!,
            body: .from("zebraheldbody"), createdAt: now, holdFirst: 5))
        let (hidden, _) = try await f.question(title: "Zebrahidden question")
        try await db.setDiscussionHidden(id: hidden.id!, hidden: true, reason: "off topic", by: ModeratorStamp(moderatorID: f.moderator.id!, at: now))
        let hiddenReply = try await db.reply(discussionID: open.id!, authorID: f.member.id!, body: .from("zebrahiddenreply"), now: now)
        try await db.hidePost(id: hiddenReply.id!, moderatorID: f.moderator.id!, reason: "rude", now: now)
        let deletedReply = try await db.reply(discussionID: open.id!, authorID: f.member.id!, body: .from("zebradeletedreply"), now: now)
        try await db.deletePost(id: deletedReply.id!, now: now)
        _ = try await db.reply(discussionID: open.id!, authorID: f.member.id!, body: .from("zebraheldreply"), now: now, holdFirst: 50)
        _ = try await db.reply(discussionID: secret.id!, authorID: f.member.id!, body: .from("zebraprivatereply"), now: now)
        _ = try await db.reply(discussionID: open.id!, authorID: f.member.id!, body: .from("visible answer"), now: now)
        try await f.app.run { browser in
            // When an anonymous visitor, and then the private community's moderator, read every public feed
            for user in [nil, f.moderator] {
                browser.clearCookies()
                if let user { try await f.app.startSession(for: user, in: browser) }
                for path in Self.publicFeeds(f, open) + [Paths.userFeed(f.moderator.handle)] {
                    let (page, _) = try await browser.feed(path)
                    // Then no planted word is in any of them
                    #expect(!page.body.lowercased().contains("zebra"), "\(path) as \(user?.handle ?? "anonymous")")
                }
                let (_, site) = try await browser.feed(Paths.siteFeed)
                #expect(site.entries.map(\.title) == [open.title])
                let (_, posts) = try await browser.feed(Paths.discussionFeed(open))
                #expect(posts.entries.compactMap(\.content?.value).contains { $0.contains("visible answer") })
                // …and the members-only community's feeds and the held, hidden and members-only discussions' are 404
                for path in [Paths.communityFeed(f.privateCommunity), Paths.boardFeed(f.privateCommunity, f.privateBoard),
                             Paths.resourcesFeed(f.privateCommunity), Paths.discussionFeed(secret),
                             Paths.discussionFeed(held), Paths.discussionFeed(hidden)] {
                    #expect(try await browser.get(path).status == .notFound, "\(path) as \(user?.handle ?? "anonymous")")
                }
            }
        }
    }

    @Test("a feed answers 304 to its ETag, and a new one once a post changes it")
    func conditionalGet() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        try await f.app.run { browser in
            // Given the ETag of the discussion's feed
            let first = try await browser.get(Paths.discussionFeed(discussion))
            let etag = try #require(first.headers[.eTag])
            // When it is asked for again with that ETag (alone, weak, or among others)
            for known in [etag, "W/\(etag)", "\"other\", \(etag)"] {
                let again = try await browser.get(Paths.discussionFeed(discussion), headers: [.ifNoneMatch: known])
                // Then the answer is 304 with no body and the same ETag
                #expect(again.status == .notModified, "\(known)")
                #expect(again.body.isEmpty && again.headers[.eTag] == etag)
            }
            #expect(try await browser.get(Paths.discussionFeed(discussion), headers: [.ifNoneMatch: "\"stale\""]).status == .ok)
            // When someone replies, the old ETag no longer matches
            _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("New"), now: f.app.clock.now)
            let changed = try await browser.get(Paths.discussionFeed(discussion), headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
        }
    }

    @Test("feeds of unknown communities, boards, discussions and members are 404")
    func unknown() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            for path in ["/c/nowhere/feed.atom", "/c/privacy/b/nowhere/feed.atom", "/c/nowhere/resources/feed.atom",
                         "/d/999999/feed.atom", "/d/abc/feed.atom", "/u/nobody/feed.atom"] {
                let status = try await browser.get(path).status
                #expect(status == .notFound, "\(path)")
            }
        }
    }

    @Test("a merged community's feeds answer 301 with the same feed in the community it went to")
    func mergedCommunity() async throws {
        let f = try await ForumFixture.make()
        _ = try await f.app.database.mergeCommunity(sourceID: f.otherCommunity.id!, into: f.community.id!, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.run { browser in
            let moved = try await browser.get(Paths.communityFeed(f.otherCommunity))
            #expect(moved.status == .movedPermanently)
            #expect(moved.location == Paths.communityFeed(f.community))
            let library = try await browser.get(Paths.resourcesFeed(f.otherCommunity))
            #expect(library.location == Paths.resourcesFeed(f.community))
        }
    }

    @Test("pages with a feed link to it in their head and visibly; members-only pages lead to private feed addresses")
    func pageLinks() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let pages = [
            (Paths.home, Paths.siteFeed), (Paths.community(f.community), Paths.communityFeed(f.community)),
            (Paths.board(f.community, f.board), Paths.boardFeed(f.community, f.board)),
            (Paths.discussion(discussion), Paths.discussionFeed(discussion)), (Paths.user(f.author.handle), Paths.userFeed(f.author.handle)),
            (Paths.resources(f.community), Paths.resourcesFeed(f.community)),
        ]
        try await f.app.run { browser in
            for user in [nil, f.member] {
                browser.clearCookies()
                if let user { try await f.app.startSession(for: user, in: browser) }
                for (page, feed) in pages {
                    let body = try await browser.get(page).body
                    let head = try #require(body.range(of: "</head>")).lowerBound
                    #expect(body[..<head].contains(/<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="/ ) && body[..<head].contains("href=\"\(feed)\">"), "\(page)")
                    #expect(body.contains("<a href=\"\(feed)\" type=\"application/atom+xml\">Atom feed: "), "\(page)")
                }
            }
            // A member on a members-only community's page is led to private feed addresses, with no public feed named
            let members = try await browser.get(Paths.community(f.privateCommunity)).body
            #expect(!members.contains("application/atom+xml"))
            #expect(members.contains("is members-only, so its feed is private: <a href=\"\(Paths.settingsFeeds)\">get your private feed address</a>"))
            // …and pages without a feed name none
            #expect(try await !browser.get(Paths.settings).body.contains("feed-link"))
        }
    }

    @Test("feeds' absolute links and ids use the configured public base URL")
    func baseURL() async throws {
        #expect(AppConfiguration().publicBaseURL == "http://127.0.0.1:8080")
        for good in ["https://forum.example.org", "http://localhost:8080/", "https://example.org/forum"] {
            #expect(AppConfiguration.isValidBaseURL(good), "\(good)")
        }
        for bad in ["forum.example.org", "ftp://example.org", "https://", "https://example.org/?x=1", "javascript:alert(1)"] {
            #expect(!AppConfiguration.isValidBaseURL(bad), "\(bad)")
        }
        let f = try await ForumFixture.make { $0.baseURL = "https://Forum.Example.org/" }
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            let (_, feed) = try await browser.feed(Paths.siteFeed)
            #expect(feed.id == "https://Forum.Example.org/feed.atom")
            #expect(feed.entries.first?.id == "tag:forum.example.org,\(Formatting.isoDay(discussion.createdAt)):discussion/\(discussion.id!)")
            #expect(feed.entries.first?.link == "https://Forum.Example.org" + Paths.discussion(discussion))
        }
    }
}
