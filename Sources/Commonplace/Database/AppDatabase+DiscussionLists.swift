import Foundation
import GRDB

/// The lists of discussions every reader shares between writes: a board's pages and the recent discussions across
/// communities, each kept under the key of what the reader may see (`SQLFilter`).
extension AppDatabase {
    /// Discussions per board page.
    public static let discussionsPerPage = 30

    /// A page of a board: pinned first, then by last activity, with each discussion's author and last poster.
    /// `listed` is the Guardian's rule for held and hidden discussions (`listedDiscussionSQL(in:)`).
    public func boardPage(boardID: Int64, listed: SQL, filter: AnsweredFilter, page: Int) async throws -> (rows: [DiscussionListRow], total: Int) {
        try await boardPage(boardID: boardID, listed: SQLFilter(key: nil) { listed }, filter: filter, page: page)
    }

    /// A page of a board, kept in `boardPageCache` under the filter's key until a discussion changes.
    func boardPage(boardID: Int64, listed filter: SQLFilter, filter answeredFilter: AnsweredFilter, page: Int) async throws -> (rows: [DiscussionListRow], total: Int) {
        let listedFilter = filter
        let filter = answeredFilter
        let key = listedFilter.key.map { BoardPageKey(boardID: boardID, listedKey: $0, filter: answeredFilter, page: page) }
        let read = try boardPageCache.value(for: key) { () -> BoardPageRead? in try readNow { db in
            let answered: SQL = switch filter {
            case .all: "1"
            case .answered: "kind = 'question' AND accepted_post_id IS NOT NULL"
            case .unanswered: "kind = 'question' AND accepted_post_id IS NULL"
            }
            let condition: SQL = "board_id = \(boardID) AND \(listedFilter.sql) AND \(answered)"
            let total = try Int.fetchOne(db, cachedSQL: "SELECT COUNT(*) FROM discussion WHERE \(condition)") ?? 0
            let discussions = try Discussion.fetchAll(db, columns: """
                SELECT \(sql: Discussion.columnList) FROM discussion WHERE \(condition) ORDER BY pinned DESC, last_post_at DESC
                LIMIT \(Self.discussionsPerPage) OFFSET \((page - 1) * Self.discussionsPerPage)
                """)
            return BoardPageRead(discussions: discussions, total: total)
        } }
        let (discussions, total) = (read?.discussions ?? [], read?.total ?? 0)
        let users = try authors(ids: discussions.flatMap { [$0.authorId, $0.lastPosterId].compactMap { $0 } })
        let rows = discussions.map {
            DiscussionListRow(discussion: $0, author: $0.authorId.flatMap { users[$0] }, lastPoster: $0.lastPosterId.flatMap { users[$0] })
        }
        return (rows, total)
    }
}

extension AppDatabase {
    /// The latest active discussions in communities `visible` allows (the Guardian's `visibleCommunitySQL(table: "c")`).
    public func recentDiscussions(visible: SQL, limit: Int) async throws -> [RecentDiscussionRow] {
        try await recentDiscussions(visible: SQLFilter(key: nil) { visible }, limit: limit)
    }

    /// Recent discussions, kept in `recentCache` under the filter's key until a discussion or community changes.
    func recentDiscussions(visible filter: SQLFilter, limit: Int) async throws -> [RecentDiscussionRow] {
        let byID = Dictionary(try allCommunities().map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        let discussions = try recentCache.value(for: filter.key.map { "\(limit)|\($0)" }) {
            try readNow { db in
                try Discussion.fetchAll(db, columns: """
                    SELECT \(sql: Discussion.columnListD) FROM discussion d JOIN community c ON c.id = d.community_id
                    WHERE d.held_at IS NULL AND d.hidden_at IS NULL AND \(filter.sql)
                    ORDER BY d.last_post_at DESC LIMIT \(limit)
                    """)
            }
        } ?? []
        let users = try authors(ids: discussions.compactMap(\.lastPosterId))
        return discussions.compactMap { discussion in
            byID[discussion.communityId].map {
                RecentDiscussionRow(discussion: discussion, community: $0, lastPoster: discussion.lastPosterId.flatMap { users[$0] })
            }
        }
    }
}
