import Foundation
import GRDB

/// A community, board or discussion a member watches or muted, with the level and when it was chosen.
public struct WatchedTarget: Sendable {
    public let level: Watch.Level
    public let updatedAt: Date
    public let community: Community
    /// The board watched, or the discussion's board.
    public let board: Board?
    public let discussion: Discussion?
}

/// Everything a member watches or muted that they may still see, for `/settings/watching`.
public struct WatchList: Sendable {
    public let communities: [WatchedTarget]
    public let boards: [WatchedTarget]
    /// One page of the discussions, latest activity first.
    public let discussions: [WatchedTarget]
    public let discussionCount: Int
}

extension AppDatabase {
    /// Discussions per page of `/settings/watching` (communities and boards are listed whole: a site has few).
    public static let watchedDiscussionsPerPage = 50

    /// The member's watch rows whose targets they may still see: `visibleCommunity` is the Guardian's
    /// `visibleCommunitySQL(table: "c")`, `visibleDiscussion` its `visibleDiscussionSQL(discussion: "d", community: "c")`.
    /// Rows for what they may no longer see (a community they left, a discussion hidden since) are kept, not listed:
    /// they count again if the member comes back.
    public func watchList(userID: Int64, visibleCommunity: SQL, visibleDiscussion: SQL, page: Int) throws -> WatchList {
        let communities = Dictionary(try allCommunities().map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        let boards = try allBoards()
        let read = try readNow { db in
            let communityRows = try Row.fetchAll(db, cachedSQL: """
                SELECT w.target_id, w.level, w.updated_at FROM watch w JOIN community c ON c.id = w.target_id
                WHERE w.user_id = \(userID) AND w.target_type = 'community' AND \(visibleCommunity)
                """)
            let boardRows = try Row.fetchAll(db, cachedSQL: """
                SELECT w.target_id, w.level, w.updated_at FROM watch w JOIN board b ON b.id = w.target_id
                JOIN community c ON c.id = b.community_id
                WHERE w.user_id = \(userID) AND w.target_type = 'board' AND \(visibleCommunity)
                """)
            let discussions: SQL = """
                FROM watch w JOIN discussion d ON d.id = w.target_id JOIN community c ON c.id = d.community_id
                WHERE w.user_id = \(userID) AND w.target_type = 'discussion' AND \(visibleDiscussion)
                """
            let count = try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) \(discussions)") ?? 0
            let discussionRows = try Row.fetchAll(db, cachedSQL: """
                SELECT \(sql: Discussion.columnListD), w.level, w.updated_at \(discussions)
                ORDER BY d.last_post_at DESC, d.id DESC
                LIMIT \(Self.watchedDiscussionsPerPage) OFFSET \((max(1, page) - 1) * Self.watchedDiscussionsPerPage)
                """)
            return (communityRows, boardRows, discussionRows, count)
        }
        func target(_ row: Row, levelAt index: Int, community: Community?, board: Board? = nil,
                    discussion: Discussion? = nil) throws -> WatchedTarget? {
            guard let community, let level = Watch.Level(rawValue: row[index]) else { return nil }
            return WatchedTarget(level: level, updatedAt: try row.storedDate(atIndex: index + 1), community: community,
                                 board: board, discussion: discussion)
        }
        let watchedCommunities = try read.0.compactMap { row in
            try target(row, levelAt: 1, community: communities[row[0]])
        }
        let watchedBoards = try read.1.compactMap { row -> WatchedTarget? in
            guard let board = boards.byID[row[0]] else { return nil }
            return try target(row, levelAt: 1, community: communities[board.communityId], board: board)
        }
        let watchedDiscussions = try read.2.compactMap { row -> WatchedTarget? in
            let discussion = try Discussion(columns: row)
            return try target(row, levelAt: Discussion.columnNames.count, community: communities[discussion.communityId],
                              board: boards.byID[discussion.boardId], discussion: discussion)
        }
        return WatchList(
            communities: watchedCommunities.sorted { $0.community.name.localizedStandardCompare($1.community.name) == .orderedAscending },
            boards: watchedBoards.sorted { ($0.community.name, $0.board!.position) < ($1.community.name, $1.board!.position) },
            discussions: watchedDiscussions, discussionCount: read.3)
    }
}
