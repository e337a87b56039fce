import Foundation
import GRDB

/// A new community's first steps (site admins): its first moderator, its first boards.
extension AppDatabase {
    /// Makes `userID` a moderator of the community, joining them first if they are not a member; logged.
    /// Returns false when they already moderate it.
    public func appointModerator(communityID: Int64, userID: Int64, actorID: Int64, now: Date, checking check: WriteCheck) async throws -> Bool {
        try await write(checking: check) { db in
            if try Self.addMember(db, communityID: communityID, userID: userID, role: .moderator, now: now) == false {
                try db.execute(sql: "UPDATE membership SET role = 'moderator' WHERE community_id = ? AND user_id = ? AND role <> 'moderator'",
                               arguments: [communityID, userID])
                guard db.changesCount > 0 else { return false }
            }
            let handle = try String.fetchOne(db, sql: "SELECT handle FROM user WHERE id = ?", arguments: [userID]) ?? ""
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: actorID, action: .appointModerator,
                targetType: .user, targetId: userID, targetLabel: "@\(handle)", createdAt: now))
            return true
        }
    }

    /// Adds these boards at the end, in order, in one transaction; a slug the community already has is skipped.
    /// Returns the boards created.
    public func createBoards(_ boards: [Board], actorID: Int64, now: Date, checking check: WriteCheck) async throws -> [Board] {
        try await write(checking: check) { db in
            var created: [Board] = []
            for var board in boards {
                if try Board.filter(Column("community_id") == board.communityId && Column("slug") == board.slug).fetchCount(db) > 0 { continue }
                board.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM board WHERE community_id = ?",
                                                   arguments: [board.communityId]) ?? 0) + 1
                try board.insert(db)
                try Self.log(db, ModerationAction(communityId: board.communityId, actorId: actorID, action: .createBoard, targetType: .board,
                                                  targetId: board.id, targetLabel: board.name, createdAt: now))
                created.append(board)
            }
            return created
        }
    }
}
