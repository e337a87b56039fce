import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Communities, boards, visitors and authors' names are served from memory; any committed change to their tables
/// is seen on the next read.
@Suite("Caches of rows")
struct TableCacheTests {
    @Test("a change made by any write, even plain SQL, is seen by the next read; a rolled-back one is not")
    func invalidatedByAnyWrite() async throws {
        // Given a seeded database whose communities have been read (and cached)
        let app = try TestApp()
        try await app.seed()
        let before = try #require(try await app.database.community(slug: "privacy"))
        // When a transaction renames it with plain SQL
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET name = 'Privacy (renamed)' WHERE slug = 'privacy'")
        }
        // Then every cached lookup sees the new name
        #expect(try await app.database.community(slug: "privacy")?.name == "Privacy (renamed)")
        #expect(try await app.database.community(id: before.id!)?.name == "Privacy (renamed)")
        #expect(try await app.database.communities().contains { $0.name == "Privacy (renamed)" })
        // And a transaction that rolls back changes nothing that is read
        struct Abort: Error {}
        _ = try? await app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET name = 'Never' WHERE slug = 'privacy'")
            throw Abort()
        }
        #expect(try await app.database.community(slug: "privacy")?.name == "Privacy (renamed)")
    }

    @Test("the directory page shows a community created a moment before")
    func directorySeesNewCommunity() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            #expect(try await browser.get("/").body.contains("Quality Circle") == false)
            let now = app.clock.now
            _ = try await app.database.createCommunity(Community(
                slug: "quality-circle", name: "Quality Circle", summary: "s", description: "d", visibility: .public,
                joinPolicy: .open, createdAt: now, updatedAt: now))
            #expect(try await browser.get("/").body.contains("Quality Circle"))
        }
    }

    @Test("a load that raced a change is not kept")
    func racingLoadIsDropped() throws {
        let cache = CommunityCache()
        let now = Date()
        let stale = Community(slug: "old", name: "Old", summary: "s", description: "d", visibility: .public, joinPolicy: .open,
                              createdAt: now, updatedAt: now)
        // A load during which a change commits (the change invalidates the cache mid-load)
        _ = cache.all { cache.invalidate(); return [stale] }
        // The next read loads again instead of serving what the racing load saw
        var loads = 0
        _ = cache.all { loads += 1; return [] }
        #expect(loads == 1)
        _ = cache.all { loads += 1; return [] }
        #expect(loads == 1)
    }

    /// A live session for `user`, as signing in stores it (the token's hash); returns its token.
    static func session(_ app: TestApp, for user: User) async throws -> String {
        let now = app.clock.now
        let token = "token-\(user.handle)"
        let hash = RandomToken.sha256(token)
        _ = try await app.database.createSession(Session(
            userId: user.id!, tokenHash: hash, createdAt: now, lastSeenAt: now, expiresAt: now.addingTimeInterval(86_400),
            userAgent: "test", clientAddress: "127.0.0.1"))
        return token
    }

    @Test("the visitor behind a session sees a changed role, a suspension, a new name and a signed-out session on the next request")
    func visitorFollowsWrites() async throws {
        let app = try TestApp()
        try await app.seed()
        let user = try await app.createUser(handle: "rowan")
        let token = try await Self.session(app, for: user)
        let privacy = try #require(try await app.database.community(slug: "privacy"))
        let now = app.clock.now
        // Loaded (and kept) once with no membership
        let first = try #require(try await app.database.liveSession(token: token, now: now, idleTimeout: 3600))
        #expect(first.memberships.isEmpty)
        // A membership written with plain SQL is seen
        try await app.database.writer.write { db in
            try db.execute(sql: "INSERT INTO membership (community_id, user_id, role, created_at) VALUES (?, ?, 'moderator', ?)",
                           arguments: [privacy.id!, user.id!, now])
        }
        #expect(try await app.database.liveSession(token: token, now: now, idleTimeout: 3600)?.memberships[privacy.id!] == .moderator)
        // So is a suspension and a new display name
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET suspended_until = ?, display_name = 'Rowan R.' WHERE id = ?",
                           arguments: [now.addingTimeInterval(3600), user.id!])
        }
        let suspended = try #require(try await app.database.liveSession(token: token, now: now, idleTimeout: 3600))
        #expect(suspended.user.isSuspended(at: now))
        #expect(suspended.user.displayName == "Rowan R.")
        // And a deleted session (signing out elsewhere) is gone at once
        try await app.database.writer.write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [RandomToken.sha256(token)]) }
        #expect(try await app.database.liveSession(token: token, now: now, idleTimeout: 3600) == nil)
    }

    @Test("a kept visitor still expires by the clock: idle timeout, expiry and the end of a silence need no write")
    func visitorExpiresByClock() async throws {
        let app = try TestApp()
        try await app.seed()
        let user = try await app.createUser(handle: "sage")
        let token = try await Self.session(app, for: user)
        let privacy = try #require(try await app.database.community(slug: "privacy"))
        let now = app.clock.now
        try await app.database.writer.write { db in
            try db.execute(sql: "INSERT INTO membership (community_id, user_id, role, created_at, silenced_until) VALUES (?, ?, 'member', ?, ?)",
                           arguments: [privacy.id!, user.id!, now, now.addingTimeInterval(600)])
        }
        // Silenced now, and kept in memory
        #expect(try await app.database.liveSession(token: token, now: now, idleTimeout: 3600)?.silences[privacy.id!] != nil)
        // Twenty minutes later the silence is over, with no write in between
        let later = now.addingTimeInterval(1200)
        let visitor = try #require(try await app.database.liveSession(token: token, now: later, idleTimeout: 3600))
        #expect(visitor.silences.isEmpty)
        // Past the idle timeout, and past the expiry, the kept session is refused
        #expect(try await app.database.liveSession(token: token, now: now.addingTimeInterval(3601), idleTimeout: 3600) == nil)
        #expect(try await app.database.liveSession(token: token, now: now.addingTimeInterval(86_401), idleTimeout: 1e9) == nil)
    }

    @Test("an unknown session token is not kept: a token stored later is found")
    func unknownTokenNotKept() async throws {
        let app = try TestApp()
        let user = try await app.createUser(handle: "ash")
        let now = app.clock.now
        #expect(try await app.database.liveSession(token: "token-ash", now: now, idleTimeout: 3600) == nil)
        #expect(app.database.visitorCache.value(for: "token-ash") { nil } == nil)
        _ = try await Self.session(app, for: user)
        #expect(try await app.database.liveSession(token: "token-ash", now: now, idleTimeout: 3600)?.user.id == user.id)
    }

    @Test("a discussion page shows an author's new name and a board's new name at once")
    func authorsAndBoardsFollowWrites() async throws {
        let app = try TestApp()
        try await app.seed()
        let discussion = try #require(try await app.database.reader.read { db in
            try Discussion.filter(Column("post_count") > 1).fetchOne(db)
        })
        let thread = try #require(try await app.database.discussionThread(id: discussion.id!, page: 1))
        let author = try #require(thread.posts.first?.author)
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET display_name = 'Renamed Author' WHERE id = ?", arguments: [author.id])
            try db.execute(sql: "UPDATE board SET name = 'Renamed Board' WHERE id = ?", arguments: [discussion.boardId])
        }
        let again = try #require(try await app.database.discussionThread(id: discussion.id!, page: 1))
        #expect(again.posts.first?.author?.displayName == "Renamed Author")
        #expect(again.context.board.name == "Renamed Board")
        #expect(try app.database.board(id: discussion.boardId)?.name == "Renamed Board")
    }

    @Test("a cache past its capacity starts again empty instead of growing")
    func capacityBound() {
        let cache = TableCache<Int, Int>(tables: ["user"], capacity: 3)
        for key in 0..<3 { _ = cache.value(for: key) { key } }
        var loads = 0
        _ = cache.value(for: 0) { loads += 1; return 0 }
        #expect(loads == 0)
        _ = cache.value(for: 3) { 3 }  // the fourth value: the cache starts again with it alone
        _ = cache.value(for: 0) { loads += 1; return 0 }
        #expect(loads == 1)
    }
}
