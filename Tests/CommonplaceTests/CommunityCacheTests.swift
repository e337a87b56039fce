import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Communities are served from memory; any committed change to the table is seen on the next read.
@Suite("Community cache")
struct CommunityCacheTests {
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
}
