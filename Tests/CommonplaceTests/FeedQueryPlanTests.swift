import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Each feed is one or two short reads: its rows in one statement along an index (newest first, no sort of the
/// whole table), and the authors' names (from memory once read).
@Suite("Feed query plans")
struct FeedQueryPlanTests {
    @Test("every feed reads its rows in one statement that walks an index newest first, plus one for authors not in memory")
    func plans() async throws {
        let (database, log) = try await QueryPlanTests.tracedDatabase()
        let (community, board, discussion, author) = try await database.reader.read { db in
            let d = try Discussion.fetchOne(db, sql: "SELECT * FROM discussion ORDER BY post_count DESC LIMIT 1")!
            return (try Community.fetchOne(db, key: d.communityId)!, try Board.fetchOne(db, key: d.boardId)!, d, d.authorId!)
        }
        let shown = Guardian(nil).feedDiscussionSQL()
        let reads: [(String, () async throws -> Int)] = [
            ("site", { try await database.feedDiscussions(.site, shown: shown).count }),
            ("community", { try await database.feedDiscussions(.community(community.id!), shown: shown).count }),
            ("board", { try await database.feedDiscussions(.board(board.id!), shown: shown).count }),
            ("discussion", { try await database.feedPosts(discussion: discussion).count }),
            ("member", { try await database.feedPosts(authorID: author, shown: shown).count }),
            ("resources", { try await database.feedResources(communityID: community.id!).count }),
        ]
        for (name, read) in reads {
            _ = try await read()  // authors' names now in memory
            log.reset()
            let count = try await read()
            #expect(count > 0, "\(name)")
            #expect(log.selects.count == 1, "\(name): \(log.selects)")
            let sql = try #require(log.selects.first)
            let plan = try await database.reader.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ")
            }
            #expect(!plan.contains("TEMP B-TREE"), "\(name): \(plan)")
        }
    }
}
