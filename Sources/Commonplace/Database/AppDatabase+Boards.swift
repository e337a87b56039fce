import Foundation
import GRDB

/// A board with its number of discussions, for the community page.
public struct BoardSummary: Sendable {
    public let board: Board
    public let discussionCount: Int
}

extension AppDatabase {
    /// The community's boards in their order, with their listed discussions' counts (kept by triggers, migration
    /// 0014), archived ones last.
    /// The boards themselves come from memory (`allBoards`); only their order and counts are read.
    public func boards(communityID: Int64) async throws -> [BoardSummary] {
        let directory = try allBoards()
        return try readNow { db in
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT id, listed_discussion_count FROM board WHERE community_id = ?
                ORDER BY archived_at IS NOT NULL, position
                """), arguments: [communityID])
            var summaries: [BoardSummary] = []
            while let row = try cursor.next() {
                let id: Int64 = row[0]
                // A board created after the directory was read is read here.
                guard let board = try directory.byID[id] ?? Board.fetchOne(db, cached: "SELECT * FROM board WHERE id = ?", [id]) else { continue }
                summaries.append(BoardSummary(board: board, discussionCount: row[1]))
            }
            return summaries
        }
    }

    public func board(communityID: Int64, slug: String) async throws -> Board? {
        try allBoards().bySlug[BoardDirectory.key(communityID, slug)]
    }

    /// A board by id.
    public func board(id: Int64) throws -> Board? {
        try allBoards().byID[id]
    }

    /// Every board, from memory (`boardCache`) or read.
    func allBoards() throws -> BoardDirectory {
        try boardCache.value(for: true) {
            try readNow { db in BoardDirectory(try Board.fetchAll(db, cached: "SELECT * FROM board")) }
        } ?? BoardDirectory([])
    }

    /// Adds a board at the end; throws `SlugTaken` if the community already has that slug.
    public func createBoard(_ board: Board, log: ModerationAction? = nil, checking check: WriteCheck) async throws -> Board {
        try await write(checking: check) { db in
            if try Board.filter(Column("community_id") == board.communityId && Column("slug") == board.slug).fetchCount(db) > 0 {
                throw SlugTaken()
            }
            var board = board
            board.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM board WHERE community_id = ?",
                                               arguments: [board.communityId]) ?? 0) + 1
            try board.insert(db)
            if var log { log.targetId = board.id; try Self.log(db, log) }
            return board
        }
    }

    /// Saves a renamed board; throws `SlugTaken` on a clash within the community.
    public func updateBoard(_ board: Board, log: ModerationAction? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let clash = try Board
                .filter(Column("community_id") == board.communityId && Column("slug") == board.slug && Column("id") != board.id)
                .fetchCount(db)
            if clash > 0 { throw SlugTaken() }
            try board.update(db)
            if let log { try Self.log(db, log) }
        }
    }

    /// Swaps a board with its neighbour above (`-1`) or below (`+1`).
    public func moveBoard(id: Int64, by offset: Int, log: ModerationAction? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let board = try Board.fetchOne(db, key: id) else { throw AppError.notFound }
            let siblings = try Board.filter(Column("community_id") == board.communityId).order(Column("position")).fetchAll(db)
            guard let index = siblings.firstIndex(where: { $0.id == id }) else { return }
            let target = index + offset
            guard siblings.indices.contains(target) else {
                throw AppError.conflict("This board is already at the \(offset < 0 ? "top" : "bottom") of the list.")
            }
            if let log { try Self.log(db, log) }
            var order = siblings
            order.swapAt(index, target)
            for (position, var sibling) in order.enumerated() where sibling.position != position + 1 {
                sibling.position = position + 1
                try sibling.update(db)
            }
        }
    }

    public func setBoardArchived(id: Int64, archived: Bool, now: Date, log: ModerationAction? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            if let log { try Self.log(db, log) }
            try db.execute(sql: "UPDATE board SET archived_at = ? WHERE id = ?", arguments: [archived ? now : nil, id])
        }
    }
}

extension AppDatabase {
    /// The board that used to be at `slug` in a community that was merged away.
    public func redirectedBoard(communityID: Int64, slug: String) async throws -> Board? {
        try await reader.read { db in
            try Board.fetchOne(db, sql: """
                SELECT board.* FROM board_redirect r JOIN board ON board.id = r.board_id
                WHERE r.community_id = ? AND r.slug = ?
                """, arguments: [communityID, slug])
        }
    }
}

/// Every board by id and by community and slug (a board's URL), as `AppDatabase.boardCache` keeps them.
struct BoardDirectory: Sendable {
    let byID: [Int64: Board]
    let bySlug: [String: Board]

    init(_ boards: [Board]) {
        byID = Dictionary(boards.map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        bySlug = Dictionary(boards.map { (Self.key($0.communityId, $0.slug), $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func key(_ communityID: Int64, _ slug: String) -> String { "\(communityID)/\(slug)" }
}
