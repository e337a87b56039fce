import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("Database")
struct DatabaseTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("commonplace-\(UUID().uuidString)")
            .appendingPathComponent("test.sqlite").path
    }

    @Test("migrations run on a temp-file DatabasePool in WAL mode with foreign keys on, and reopening keeps the data")
    func migrationsOnPool() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }

        let database = try AppDatabase.open(path: path)
        #expect(database.writer is DatabasePool)
        let applied = try await database.reader.read { db in try AppDatabase.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(AppDatabase.knownMigrations))
        let (journal, foreignKeys, synchronous) = try await database.writer.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        #expect(synchronous == 1)  // NORMAL
        let tables = try await database.reader.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["community", "session", "setting", "sign_in_failure", "user"] { #expect(tables.contains(table)) }

        let now = Date()
        _ = try await database.createUser(User(handle: "amara", email: "a@example.org", displayName: "A", passwordHash: "h", createdAt: now, updatedAt: now))
        let secret = try await database.serverSecret()

        let reopened = try AppDatabase.open(path: path, synchronous: .full)
        #expect(try await reopened.user(handle: "amara") != nil)
        #expect(try await reopened.serverSecret() == secret)
        let full = try await reopened.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(full == 2)
    }

    @Test("foreign keys are enforced: a session cannot point at a missing user, and deleting a user deletes its sessions")
    func foreignKeys() async throws {
        let database = try AppDatabase.inMemory()
        let now = Date()
        await #expect(throws: DatabaseError.self) {
            _ = try await database.createSession(Session(userId: 42, tokenHash: "h", createdAt: now, lastSeenAt: now,
                                                         expiresAt: now, userAgent: "", clientAddress: ""))
        }
        let user = try await database.createUser(User(handle: "amara", email: "a@example.org", displayName: "A", passwordHash: "h", createdAt: now, updatedAt: now))
        _ = try await database.createSession(Session(userId: user.id!, tokenHash: "h", createdAt: now, lastSeenAt: now,
                                                     expiresAt: now.addingTimeInterval(60), userAgent: "", clientAddress: ""))
        try await database.writer.write { db in _ = try User.deleteOne(db, key: user.id) }
        #expect(try await database.reader.read { db in try Session.fetchCount(db) } == 0)
    }

    @Test("expired sessions and old sign-in failures are pruned")
    func pruning() async throws {
        let database = try AppDatabase.inMemory()
        let now = Date()
        let user = try await database.createUser(User(handle: "amara", email: "a@example.org", displayName: "A", passwordHash: "h", createdAt: now, updatedAt: now))
        _ = try await database.createSession(Session(userId: user.id!, tokenHash: "old", createdAt: now, lastSeenAt: now,
                                                     expiresAt: now.addingTimeInterval(10), userAgent: "", clientAddress: ""))
        _ = try await database.createSession(Session(userId: user.id!, tokenHash: "live", createdAt: now, lastSeenAt: now.addingTimeInterval(100),
                                                     expiresAt: now.addingTimeInterval(1000), userAgent: "", clientAddress: ""))
        try await database.recordFailure(accountKey: "a@example.org", clientAddress: "1.2.3.4", now: now)
        try await database.pruneExpired(now: now.addingTimeInterval(200), idleTimeout: 3600, failureWindow: 60)
        let left = try await database.reader.read { db in try Session.fetchAll(db).map(\.tokenHash) }
        #expect(left == ["live"])
        let failures = try await database.recentFailures(accountKey: "a@example.org", clientAddress: "1.2.3.4", since: .distantPast)
        #expect(failures.account == 0)
    }
}
