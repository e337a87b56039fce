import Foundation
import GRDB

/// What can go wrong when an account is written, for the form to show beside the right field.
public enum AccountConflict: Error, Equatable {
    case handleTaken
    case emailTaken
}

extension AppDatabase {
    /// Creates an account; throws `AccountConflict` if the handle or email is already used.
    public func createUser(_ user: User) async throws -> User {
        try await writer.write { db in try Self.insertUser(db, user) }
    }

    public func user(id: Int64) async throws -> User? {
        try await reader.read { db in try User.fetchOne(db, key: id) }
    }

    public func user(handle: String) async throws -> User? {
        try await reader.read { db in try User.filter(Column("handle") == handle.lowercased()).fetchOne(db) }
    }

    public func user(email: String) async throws -> User? {
        try await reader.read { db in try User.filter(Column("email") == User.normalizedEmail(email)).fetchOne(db) }
    }

    /// Saves profile fields (display name, organisation, role or title, bio).
    /// `timeZone`: the zone event times are shown in (`.some(nil)`: the site's default; nil: unchanged).
    public func updateProfile(userID: Int64, displayName: String, organisation: String, roleTitle: String, bio: String,
                              timeZone: String?? = nil, now: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE user SET display_name = ?, organisation = ?, role_title = ?, bio = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [displayName, organisation, roleTitle, bio, now, userID])
            if let timeZone {
                try db.execute(sql: "UPDATE user SET time_zone = ? WHERE id = ?", arguments: [timeZone, userID])
            }
        }
    }

    /// Replaces the password hash and ends every session of the account except `keepSessionID`, in one transaction.
    public func changePassword(userID: Int64, newHash: String, keepSessionID: Int64?, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE user SET password_hash = ?, updated_at = ? WHERE id = ?", arguments: [newHash, now, userID])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ? AND id IS NOT ?", arguments: [userID, keepSessionID])
        }
    }

    /// Stores a stronger hash of the same password (after a sign-in verified the old one).
    func upgradePasswordHash(userID: Int64, from oldHash: String, to newHash: String) async throws {
        try await writer.write { db in
            // Only if nothing changed it meanwhile (a password change wins).
            try db.execute(
                sql: "UPDATE user SET password_hash = ? WHERE id = ? AND password_hash = ?",
                arguments: [newHash, userID, oldHash])
        }
    }

    /// Makes an existing account a site admin, or not.
    public func setAdmin(userID: Int64, _ isAdmin: Bool, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE user SET is_admin = ? WHERE id = ?", arguments: [isAdmin, userID])
        }
    }

    public func userCount() async throws -> Int {
        try await reader.read { db in try User.fetchCount(db) }
    }
}
