import Foundation
import GRDB
import Testing
@testable import Commonplace

/// A file database's short reads go through read-only connections of our own (`ReaderPool`).
@Suite("Reader connections")
struct ReaderPoolTests {
    static func fileDatabase() throws -> (AppDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-readers-\(UUID().uuidString)")
        let database = try AppDatabase.open(path: folder.appendingPathComponent("forum.sqlite").path)
        return (database, folder)
    }

    @Test("a read sees every write committed before it, and one snapshot throughout")
    func snapshots() async throws {
        let (database, folder) = try Self.fileDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(database.readers != nil)
        let now = Date()
        _ = try await database.createCommunity(Community(slug: "first", name: "First", summary: "s", description: "d",
                                                         visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now))
        #expect(try database.readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM community") } == 1)
        // A write that commits in the middle of a read is not seen by the rest of that read
        let (before, after) = try database.readNow { db in
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM community")
            try database.writer.write { db in
                try db.execute(sql: "INSERT INTO community (slug, name, summary, description, visibility, join_policy, created_at, updated_at) VALUES ('second', 'Second', 's', 'd', 'public', 'open', ?, ?)", arguments: [now, now])
            }
            return (before, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM community"))
        }
        #expect(before == 1 && after == 1)
        // The next read sees it
        #expect(try database.readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM community") } == 2)
    }

    @Test("a read that fails ends its transaction, and the connection serves the next read; reads cannot write")
    func failureAndReadOnly() async throws {
        let (database, folder) = try Self.fileDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        struct Failure: Error {}
        #expect(throws: Failure.self) { try database.readNow { _ in throw Failure() } }
        #expect(throws: DatabaseError.self) { try database.readNow { db in try Int.fetchOne(db, sql: "SELECT * FROM no_such_table") } }
        #expect(try database.readNow { db in try Int.fetchOne(db, sql: "SELECT 1") } == 1)
        #expect(throws: DatabaseError.self) {
            try database.readNow { db in try db.execute(sql: "DELETE FROM community") }
        }
    }

    @Test("many reads at once each get a connection")
    func concurrentReads() async throws {
        let (database, folder) = try Self.fileDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 { group.addTask { try database.readNow { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0 } } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.count == 32)
        #expect(Set(counts).count == 1 && counts[0] > 10)
    }
}
