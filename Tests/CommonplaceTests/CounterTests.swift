import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The member and discussion counts a community page shows are kept by triggers; whatever writes happen, they
/// equal a fresh count.
@Suite("Kept counts")
struct CounterTests {
    /// Every community's kept member count and every board's kept listed-discussion count, beside a fresh count.
    static func disagreements(_ database: AppDatabase) async throws -> [String] {
        try await database.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT 'community ' || slug || ': kept ' || member_count || ', counted ' || counted FROM (
                    SELECT slug, member_count, (SELECT COUNT(*) FROM membership m WHERE m.community_id = c.id) AS counted FROM community c)
                WHERE member_count <> counted
                UNION ALL
                SELECT 'board ' || id || ': kept ' || listed_discussion_count || ', counted ' || counted FROM (
                    SELECT id, listed_discussion_count, (SELECT COUNT(*) FROM discussion d WHERE d.board_id = b.id
                        AND d.held_at IS NULL AND d.hidden_at IS NULL) AS counted FROM board b)
                WHERE listed_discussion_count <> counted
                """)
        }
    }

    @Test("joins, leaves, account deletions, new, held, hidden, restored, moved and deleted discussions and a community merge keep both counts exact")
    func countsFollowEveryWrite() async throws {
        let app = try TestApp()
        try await app.seed()
        let database = app.database
        let now = app.clock.now
        #expect(try await Self.disagreements(database).isEmpty)
        let privacy = try #require(try await database.community(slug: "privacy"))
        let boards = try await database.boards(communityID: privacy.id!)
        let (first, second) = (boards[0].board, boards[1].board)
        let membersBefore = try await database.memberCount(communityID: privacy.id!)
        let listedBefore = boards[0].discussionCount

        // Members join, one leaves, one account is deleted (its memberships go by cascade)
        let rowan = try await app.createUser(handle: "rowan")
        let sage = try await app.createUser(handle: "sage")
        _ = try await database.addMember(communityID: privacy.id!, userID: rowan.id!, now: now)
        _ = try await database.addMember(communityID: privacy.id!, userID: sage.id!, now: now)
        #expect(try await database.memberCount(communityID: privacy.id!) == membersBefore + 2)
        try await database.removeMember(communityID: privacy.id!, userID: rowan.id!)
        try await database.writer.write { db in _ = try User.deleteOne(db, key: sage.id!) }
        #expect(try await database.memberCount(communityID: privacy.id!) == membersBefore)

        // Discussions are started (one held for approval), hidden, restored, moved and deleted
        func start(_ title: String, holdFirst: Int = 0) async throws -> Discussion {
            var new = NewDiscussion(communityID: privacy.id!, boardID: first.id!, kind: .conversation, title: title,
                                    authorID: rowan.id!, body: .from("Body of \(title)"), createdAt: now)
            new.holdFirst = holdFirst
            return try await database.createDiscussion(new)
        }
        let kept = try await start("Kept")
        let moved = try await start("Moved")
        let held = try await start("Held", holdFirst: 1)
        #expect(try await database.boards(communityID: privacy.id!)[0].discussionCount == listedBefore + (held.isHeld ? 2 : 3))
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET hidden_at = ? WHERE id = ?", arguments: [now, kept.id!])
        }
        #expect(try await database.boards(communityID: privacy.id!)[0].discussionCount == listedBefore + (held.isHeld ? 1 : 2))
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET hidden_at = NULL WHERE id = ?", arguments: [kept.id!])
            try db.execute(sql: "UPDATE discussion SET held_at = NULL WHERE id = ?", arguments: [held.id!])
        }
        try await database.moveDiscussion(id: moved.id!, toBoardID: second.id!, by: ModeratorStamp(moderatorID: rowan.id!, at: now))
        try await database.writer.write { db in _ = try Discussion.deleteOne(db, key: kept.id!) }
        let after = try await database.boards(communityID: privacy.id!)
        #expect(after[0].discussionCount == listedBefore + 1)
        #expect(after[1].discussionCount == boards[1].discussionCount + 1)
        #expect(try await Self.disagreements(database).isEmpty)

        // A community merged into another takes its members and boards along
        let communities = try await database.communities()
        let source = try #require(communities.first { $0.slug != "privacy" && $0.parentId == nil && $0.status == .active })
        _ = try await database.mergeCommunity(sourceID: source.id!, into: privacy.id!, actorID: rowan.id!, now: now)
        #expect(try await Self.disagreements(database).isEmpty)
    }
}
