import Foundation
import GRDB
import Synchronization
import Testing
@testable import Commonplace

/// Replies that arrive together commit together, each in a savepoint of its own.
@Suite("Group commit")
struct GroupCommitTests {
    @Test("a write that fails in a batch is rolled back alone; the others of its transaction commit")
    func failureStaysInItsSavepoint() async throws {
        let writer = try DatabaseQueue()
        try await writer.write { db in try db.execute(sql: "CREATE TABLE note (text TEXT NOT NULL UNIQUE)") }
        let group = GroupCommit(writer: writer)
        // Hold the writer so the next writes queue up and go in one batch
        let release = DispatchSemaphore(value: 0)
        let held = Task { try await writer.write { _ in release.wait() } }
        try await Task.sleep(for: .milliseconds(50))
        let first = Task { try await group.write { db in try db.execute(sql: "INSERT INTO note VALUES ('first')") } }
        try await Task.sleep(for: .milliseconds(50))
        // Queued behind `first`'s batch: a duplicate that fails half-way (its own first insert must be undone) and a good one
        let failing = Task {
            try await group.write { db in
                try db.execute(sql: "INSERT INTO note VALUES ('half-way')")
                try db.execute(sql: "INSERT INTO note VALUES ('first')")
            }
        }
        let good = Task { try await group.write { db in try db.execute(sql: "INSERT INTO note VALUES ('second')") } }
        try await Task.sleep(for: .milliseconds(50))
        release.signal()
        try await held.value
        try await first.value
        await #expect(throws: DatabaseError.self) { try await failing.value }
        try await good.value
        let notes = try await writer.read { db in try String.fetchAll(db, sql: "SELECT text FROM note ORDER BY text") }
        #expect(notes == ["first", "second"])
    }

    @Test("a batch whose transaction fails tells every write of it, and acknowledges none")
    func failedCommitFailsAll() async throws {
        let writer = try DatabaseQueue()
        try await writer.write { db in
            try db.execute(sql: "CREATE TABLE note (text TEXT NOT NULL)")
            // Deferred: checked at commit, so the whole transaction fails after every savepoint succeeded
            try db.execute(sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)")
        }
        let group = GroupCommit(writer: writer)
        let release = DispatchSemaphore(value: 0)
        let held = Task { try await writer.write { _ in release.wait() } }
        try await Task.sleep(for: .milliseconds(50))
        let opener = Task { try await group.write { db in try db.execute(sql: "INSERT INTO note VALUES ('opener')") } }
        try await Task.sleep(for: .milliseconds(50))
        let innocent = Task { try await group.write { db in try db.execute(sql: "INSERT INTO note VALUES ('innocent')") } }
        let culprit = Task { try await group.write { db in try db.execute(sql: "INSERT INTO child VALUES (42)") } }
        try await Task.sleep(for: .milliseconds(50))
        release.signal()
        try await held.value
        try await opener.value
        await #expect(throws: (any Error).self) { try await innocent.value }
        await #expect(throws: (any Error).self) { try await culprit.value }
        let notes = try await writer.read { db in try String.fetchAll(db, sql: "SELECT text FROM note") }
        #expect(notes == ["opener"])
    }

    @Test("fifty members replying at once get fifty posts numbered 2 to 51, and the counters agree")
    func concurrentReplies() async throws {
        let app = try TestApp()
        try await app.seed()
        let discussion = try #require(try await app.database.reader.read { db in
            try Discussion.filter(Column("post_count") == 1).fetchOne(db)
        })
        let author = try await app.createUser(handle: "replier")
        let now = app.clock.now
        let numbers = try await withThrowingTaskGroup(of: Int.self) { group in
            for n in 0..<50 {
                group.addTask {
                    try await app.database.reply(discussionID: discussion.id!, authorID: author.id!, body: .from("Reply \(n)"), now: now).number
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(numbers.sorted() == Array(2...51))
        let after = try #require(try await app.database.reader.read { db in try Discussion.fetchOne(db, key: discussion.id!) })
        #expect(after.postCount == 51)
        #expect(after.replyCount == discussion.replyCount + 50)
        #expect(try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE discussion_id = ?", arguments: [discussion.id!])
        } == 51)
    }
}
