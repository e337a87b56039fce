import Foundation
import GRDB

/// Accounts as site admins see them, and suspending them.
extension AppDatabase {
    /// Accounts whose handle, display name or email contains `query` (all when empty), newest first, one page of them,
    /// with the number that match.
    public func accounts(matching query: String, page: Int, perPage: Int) async throws -> (users: [User], total: Int) {
        try await reader.read { db in
            var request = User.all()
            if !query.isEmpty {
                let pattern = "%" + Self.likeEscaped(query.lowercased()) + "%"
                request = request.filter(sql: """
                    (lower(handle) LIKE ? ESCAPE '\\' OR lower(display_name) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\')
                    """, arguments: [pattern, pattern, pattern])
            }
            let total = try request.fetchCount(db)
            let users = try request.order(Column("created_at").desc, Column("id").desc)
                .limit(perPage, offset: (page - 1) * perPage).fetchAll(db)
            return (users, total)
        }
    }

    /// `text` with LIKE's wildcards escaped by a backslash.
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// Suspends an account until `until` with a reason and ends all its sessions at once, in one transaction with its log row.
    /// Suspending an account that is already suspended replaces the date and reason.
    public func suspend(userID: Int64, until: Date, reason: String, actorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let user = try User.fetchOne(db, key: userID) else { throw AppError.notFound }
            try db.execute(sql: "UPDATE user SET suspended_until = ?, suspension_reason = ?, updated_at = ? WHERE id = ?",
                           arguments: [until, reason, now, userID])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userID])
            try Self.log(db, ModerationAction(
                communityId: nil, actorId: actorID, action: .suspendAccount, targetType: .user, targetId: userID,
                targetLabel: "@\(user.handle)", reason: reason, createdAt: now))
        }
    }

    /// Lifts a suspension (409 when the account is not suspended), with its log row.
    public func liftSuspension(userID: Int64, actorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let user = try User.fetchOne(db, key: userID) else { throw AppError.notFound }
            guard user.isSuspended(at: now) else { throw AppError.conflict("@\(user.handle) is not suspended.") }
            try db.execute(sql: "UPDATE user SET suspended_until = NULL, suspension_reason = '', updated_at = ? WHERE id = ?",
                           arguments: [now, userID])
            try Self.log(db, ModerationAction(
                communityId: nil, actorId: actorID, action: .liftSuspension, targetType: .user, targetId: userID,
                targetLabel: "@\(user.handle)", createdAt: now))
        }
    }

    /// The communities an account belongs to, with its role in each, by name.
    public func accountCommunities(userID: Int64) async throws -> [(Community, Membership.Role)] {
        try await reader.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT community.*, membership.role AS membership_role FROM membership
                JOIN community ON community.id = membership.community_id
                WHERE membership.user_id = ? ORDER BY community.name COLLATE NOCASE
                """, arguments: [userID])
            return try rows.map { (try Community(row: $0), Membership.Role(rawValue: $0["membership_role"]) ?? .member) }
        }
    }
}
