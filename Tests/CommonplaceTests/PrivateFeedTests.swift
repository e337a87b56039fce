import Foundation
import GRDB
import HTTPTypes
import Testing
@testable import Commonplace

/// Private feed addresses (issue 12): a random token per member, stored hashed, made, remade and revoked on
/// `/settings/feeds`; read access to feeds only, checked against the owner's memberships on every request.
@Suite("Private feeds")
struct PrivateFeedTests {
    @Test("a member's private address is shown once, stored hashed, and carries their members-only communities")
    func privateAddress() async throws {
        // Given a discussion in the members-only community
        let f = try await ForumFixture.make()
        let (secret, _) = try await f.question(title: "Zebraprivate plans", in: f.privateBoard)
        try await f.app.run { browser in
            // When a member makes a private address
            try await browser.signIn(email: f.member.email)
            let token = try await browser.makeFeedToken()
            // Then only its SHA-256 is stored, and the settings page does not show it again
            let row = try #require(await f.app.database.feedToken(userID: f.member.id!))
            #expect(row.tokenHash == RandomToken.sha256(token) && row.tokenHash != token)
            let later = try await browser.get(Paths.settingsFeeds)
            #expect(later.status == .ok && !later.body.contains(token) && later.body.contains("not read yet"))
            // …and its feeds, read with no cookie at all, carry the members-only community, never stored by caches
            browser.clearCookies()
            for path in [Paths.siteFeed, Paths.communityFeed(f.privateCommunity), Paths.boardFeed(f.privateCommunity, f.privateBoard),
                         Paths.discussionFeed(secret), Paths.userFeed(f.author.handle)] {
                let (page, feed) = try await browser.feed(Paths.privateFeed(token: token, path))
                #expect(page.body.contains("Zebraprivate"), "\(path)")
                #expect(page.headers[.cacheControl] == "private, no-store", "\(path)")
                #expect(feed.link("self") == testBaseURL + Paths.privateFeed(token: token, path))
                #expect(feed.id?.contains(token) == false && feed.id != testBaseURL + path, "a private feed's id never holds the token")
            }
            // …and the first read is recorded
            #expect(try await f.app.database.feedToken(userID: f.member.id!)?.lastUsedAt == f.app.clock.now)
        }
    }

    @Test("a revoked address and a remade one's old token are 404; the new token works")
    func revokeAndRemake() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: f.member.email)
            // A form without its CSRF token makes nothing
            try await f.app.expectNoWrite {
                let forged = try await browser.post(Paths.makeFeedToken, [], csrf: "")
                #expect(forged.status == .forbidden)
            }
            let first = try await browser.makeFeedToken()
            // When the address is remade, the old token stops at once and the new one answers
            let second = try await browser.makeFeedToken()
            #expect(first != second)
            #expect(try await browser.get(Paths.privateFeed(token: first, Paths.siteFeed)).status == .notFound)
            #expect(try await browser.get(Paths.privateFeed(token: second, Paths.siteFeed)).status == .ok)
            // When it is revoked, its feeds are 404 and the page says so
            let revoked = try await browser.post(Paths.revokeFeedToken, [])
            #expect(revoked.status == .seeOther && revoked.location == Paths.settingsFeeds + "?notice=revoked")
            #expect(try await browser.get(Paths.privateFeed(token: second, Paths.siteFeed)).status == .notFound)
            #expect(try await browser.get(Paths.settingsFeeds).body.contains("You have no private feed address."))
            #expect(try await f.app.database.feedToken(userID: f.member.id!) == nil)
            // Revoking again is refused with a message, and writes nothing
            try await f.app.expectNoWrite {
                let again = try await browser.post(Paths.revokeFeedToken, [])
                #expect(again.status == .badRequest && again.body.contains("You have no private feed address to revoke."))
            }
            // Unknown and malformed tokens are 404 too
            for token in [String(repeating: "A", count: 43), "short", first + "x"] {
                #expect(try await browser.get(Paths.privateFeed(token: token, Paths.siteFeed)).status == .notFound, "\(token)")
            }
        }
    }

    @Test("a non-member's token sees nothing private; leaving a community takes it out of the feeds at once")
    func membershipCheckedEachTime() async throws {
        let f = try await ForumFixture.make()
        let (secret, _) = try await f.question(title: "Zebraprivate plans", in: f.privateBoard)
        try await f.app.run { browser in
            // Given an outsider's and a member's private addresses
            try await browser.signIn(email: f.outsider.email)
            let outsider = try await browser.makeFeedToken()
            browser.clearCookies()
            try await browser.signIn(email: f.member.email)
            let member = try await browser.makeFeedToken()
            browser.clearCookies()
            // Then the outsider's feeds carry nothing of the members-only community
            let (site, _) = try await browser.feed(Paths.privateFeed(token: outsider, Paths.siteFeed))
            #expect(!site.body.contains("Zebraprivate"))
            for path in [Paths.communityFeed(f.privateCommunity), Paths.discussionFeed(secret), Paths.resourcesFeed(f.privateCommunity)] {
                #expect(try await browser.get(Paths.privateFeed(token: outsider, path)).status == .notFound, "\(path)")
            }
            // When the member is removed from the community, their feed of it is 404 on the next read
            #expect(try await browser.get(Paths.privateFeed(token: member, Paths.discussionFeed(secret))).status == .ok)
            try await f.app.database.removeMember(communityID: f.privateCommunity.id!, userID: f.member.id!)
            #expect(try await browser.get(Paths.privateFeed(token: member, Paths.discussionFeed(secret))).status == .notFound)
            #expect(try await !browser.get(Paths.privateFeed(token: member, Paths.siteFeed)).body.contains("Zebraprivate"))
        }
    }

    @Test("a moderator's private feed carries no held or hidden discussion")
    func moderatorFeedListedOnly() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        let held = try await f.app.database.createDiscussion(NewDiscussion(
            communityID: f.community.id!, boardID: f.board.id!, kind: .question, title: "Zebraheld question", authorID: f.member.id!,
            body: .from("held"), createdAt: now, holdFirst: 5))
        let (hidden, _) = try await f.question(title: "Zebrahidden question")
        try await f.app.database.setDiscussionHidden(id: hidden.id!, hidden: true, reason: "spam", by: ModeratorStamp(moderatorID: f.moderator.id!, at: now))
        try await f.app.run { browser in
            try await browser.signIn(email: f.moderator.email)
            let token = try await browser.makeFeedToken()
            // The moderator sees both pages…
            #expect(try await browser.get(Paths.discussion(held)).status == .ok)
            browser.clearCookies()
            // …but their feeds carry neither
            for path in [Paths.siteFeed, Paths.communityFeed(f.community), Paths.boardFeed(f.community, f.board)] {
                #expect(try await !browser.feed(Paths.privateFeed(token: token, path)).0.body.contains("Zebra"), "\(path)")
            }
            for d in [held, hidden] {
                #expect(try await browser.get(Paths.privateFeed(token: token, Paths.discussionFeed(d))).status == .notFound)
            }
        }
    }

    @Test("a token opens feeds only: no page, no form, no session")
    func feedsOnly() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: f.member.email)
            let token = try await browser.makeFeedToken()
            let csrf = try await browser.csrfToken()
            browser.clearCookies()
            for path in ["", "/", "/settings", "/settings/feeds", "/c/privacy", Paths.discussion(discussion), "/feed"] {
                #expect(try await browser.get(Paths.privateFeed(token: token, path)).status == .notFound, "\(path)")
            }
            // A reply posted under the token's path is not a route; the real reply form needs a session
            try await f.app.expectNoWrite {
                let posted = try await browser.post(Paths.privateFeed(token: token, Paths.reply(discussion)), [("body", "Hi")], csrf: csrf)
                #expect(posted.status == .notFound || posted.status == .forbidden, "\(posted.status)")
                let asFeed = try await browser.post(Paths.privateFeed(token: token, Paths.siteFeed), [], csrf: csrf)
                #expect(asFeed.status != .ok && asFeed.status != .seeOther, "\(asFeed.status)")
            }
            // …and the token is no session: as a session cookie it signs nobody in
            browser.setCookie(CookieNames(secure: f.app.config.secureCookies).session, token)
            #expect(try await browser.get(Paths.settingsFeeds).status == .seeOther)
        }
    }

    @Test("a suspended owner's feeds are 404; they may revoke but not make an address")
    func suspendedOwner() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            // Given a member's address, then their suspension
            try await browser.signIn(email: f.member.email)
            let token = try await browser.makeFeedToken()
            try await f.app.database.suspend(userID: f.member.id!, until: f.app.clock.now.addingTimeInterval(86_400), reason: "spam",
                                             actorID: f.admin.id!, now: f.app.clock.now)
            #expect(try await browser.get(Paths.privateFeed(token: token, Paths.siteFeed)).status == .notFound)
            // A suspended account (with a session from before) may not make a new address…
            browser.clearCookies()
            try await f.app.startSession(for: f.suspended, in: browser)
            let settings = try await browser.get(Paths.settingsFeeds)
            #expect(settings.status == .ok && !settings.body.contains(Paths.makeFeedToken))
            try await f.app.expectNoWrite {
                let refused = try await browser.post(Paths.makeFeedToken, [])
                #expect(refused.status == .forbidden && refused.body.contains("suspended"))
            }
            // …but may revoke one made before the suspension
            try await f.app.database.writer.write { db in
                try db.execute(sql: "INSERT INTO feed_token (user_id, token_hash, created_at) VALUES (?, 'old', ?)",
                               arguments: [f.suspended.id!, f.app.clock.now])
            }
            #expect(try await browser.post(Paths.revokeFeedToken, []).status == .seeOther)
            #expect(try await f.app.database.feedToken(userID: f.suspended.id!) == nil)
            // …and anonymous visitors are sent to sign in
            browser.clearCookies()
            #expect(try await browser.get(Paths.settingsFeeds).location?.hasPrefix(Paths.signIn) == true)
        }
    }
}
