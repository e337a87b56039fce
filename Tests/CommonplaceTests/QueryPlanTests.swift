import Foundation
import GRDB
import Synchronization
import Testing
@testable import Commonplace

/// Records the statements a database runs (with their arguments filled in).
final class StatementLog: Sendable {
    private let statements = Mutex<[String]>([])

    func record(_ sql: String) { statements.withLock { $0.append(sql) } }
    func reset() { statements.withLock { $0 = [] } }
    var all: [String] { statements.withLock { $0 } }
    var selects: [String] { all.filter { $0.uppercased().hasPrefix("SELECT") } }
}

@Suite("Query plans")
struct QueryPlanTests {
    /// A seeded in-memory database whose statements are logged.
    static func tracedDatabase() async throws -> (AppDatabase, StatementLog) {
        let log = StatementLog()
        var config = AppDatabase.configuration()
        config.prepareDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { log.record(statement.expandedSQL) }
            }
        }
        let database = try AppDatabase(DatabaseQueue(configuration: config))
        _ = try await DemoSeeder(database: database, hasher: PasswordHasher(parameters: .minimum)).run()
        return (database, log)
    }

    @Test("a discussion page is read in three SQL queries however many posts it shows (none per post), two once its authors are in memory")
    func discussionPageQueries() async throws {
        let (database, log) = try await Self.tracedDatabase()
        let board = try #require(try await database.reader.read { db in try Board.fetchOne(db) })
        let now = Date()
        let discussion = try await database.createDiscussion(NewDiscussion(
            communityID: board.communityId, boardID: board.id!, kind: .question, title: "A long thread",
            authorID: 1, body: .from("Opening"), createdAt: now))
        for n in 1...60 { _ = try await database.reply(discussionID: discussion.id!, authorID: 2, body: .from("Reply \(n)"), now: now) }
        let reply = try #require(try await database.post(discussionID: discussion.id!, number: 10))
        try await database.setAcceptedAnswer(discussionID: discussion.id!, postID: reply.post.id)
        _ = try await database.discussionThread(id: discussion.id!, page: 2)  // warm the schema cache
        log.reset()
        let thread = try #require(try await database.discussionThread(id: discussion.id!, page: 1))
        #expect(thread.posts.count == 50)
        #expect(thread.accepted?.post.number == 10)
        // The discussion, the page's posts with the accepted answer, their authors (the board and the community
        // are in memory since the warm-up read).
        #expect(log.selects.count == 3, "\(log.selects)")
        #expect(log.selects.last?.contains("FROM user") == true)
        // Page 2 again: kept in memory since the warm-up, as long as no discussion or post changes.
        let kept = try #require(try await database.discussionThread(id: discussion.id!, page: 2))
        #expect(kept.posts.count == 11)
        #expect(log.selects.count == 3, "\(log.selects)")
        // A reply changes the discussion: page 2 is read again, with the same authors now from memory.
        _ = try await database.reply(discussionID: discussion.id!, authorID: 2, body: .from("Reply 61"), now: now)
        log.reset()
        let second = try #require(try await database.discussionThread(id: discussion.id!, page: 2))
        #expect(second.posts.count == 12)
        #expect(log.selects.count == 2, "\(log.selects)")
        #expect(second.posts.allSatisfy { $0.author != nil })
    }

    @Test("a discussion page reads its page's posts by number, not every post of the discussion")
    func discussionPageReadsItsRange() async throws {
        let (database, log) = try await Self.tracedDatabase()
        let discussion = try #require(try await database.reader.read { db in
            try Discussion.order(Column("post_count").desc).fetchOne(db)
        })
        _ = try await database.discussionThread(id: discussion.id!, page: 1)
        database.threadCache.invalidate()  // read it from the database again, with the schema known
        log.reset()
        _ = try await database.discussionThread(id: discussion.id!, page: 1)
        let postQuery = try #require(log.selects.first { $0.contains("FROM post") })
        let plan = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + postQuery).map { $0["detail"] as String }
        }
        // A search on discussion_id alone walks all of a discussion's posts (2 ms per page at 18,000 posts).
        let postSearches = plan.filter { $0.contains("SEARCH post") }
        #expect(!postSearches.isEmpty, "\(plan)")
        #expect(postSearches.allSatisfy { $0.contains("number>? AND number<?") || $0.contains("rowid=?") }, "\(plan)")
    }

    @Test("the hot list queries use indexes: no full table scans")
    func noFullScans() async throws {
        let (database, log) = try await Self.tracedDatabase()
        let discussion = try #require(try await database.reader.read { db in
            try Discussion.order(Column("post_count").desc).fetchOne(db)
        })
        let member = try #require(try await database.user(handle: "amara"))
        _ = try await database.discussionThread(id: discussion.id!, page: 1)
        log.reset()
        _ = try await database.boardPage(boardID: discussion.boardId, listed: "((held_at IS NULL AND hidden_at IS NULL) OR author_id = 5)", filter: .all, page: 1)
        _ = try await database.boardPage(boardID: discussion.boardId, listed: "((held_at IS NULL AND hidden_at IS NULL) OR author_id = 5)", filter: .unanswered, page: 1)
        _ = try await database.discussionThread(id: discussion.id!, page: 1)
        _ = try await database.boards(communityID: discussion.communityId)
        _ = try await database.members(communityID: discussion.communityId)
        _ = try await database.pendingJoinRequests(communityID: discussion.communityId)
        _ = try await database.revisions(postID: 1)
        _ = try await database.liveSession(token: "x", now: Date(), idleTimeout: 60)
        _ = try await database.reader.read { db in try AppDatabase.roles(db, userID: member.id!) }
        let statements = log.selects
        #expect(statements.count >= 9)
        for sql in statements {
            let plan = try await database.reader.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            // json_each over bound ids is walked by design; tables use an index.
            let scans = plan.filter { $0.hasPrefix("SCAN ") && !$0.contains("CONSTANT ROW") && !$0.contains("json_each VIRTUAL TABLE") }
            #expect(scans.isEmpty, "\(sql)\n\(plan)")
        }
    }
}
