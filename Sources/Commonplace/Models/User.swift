import Foundation
import GRDB

/// An account: a member, and possibly a site admin.
public struct User: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "user"

    public var id: Int64?
    public var handle: String
    public var email: String
    public var displayName: String
    public var passwordHash: String
    public var organisation: String = ""
    public var roleTitle: String = ""
    public var bio: String = ""
    public var isAdmin: Bool = false
    public var createdAt: Date
    public var updatedAt: Date
    /// While set and in the future, the account may read but not post, join or edit.
    public var suspendedUntil: Date? = nil
    public var suspensionReason: String = ""

    mutating public func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension User {
    /// Whether the account is suspended at `now`.
    public func isSuspended(at now: Date) -> Bool {
        suspendedUntil.map { $0 > now } ?? false
    }

    /// Length limits for account fields, in characters (shared by validation, templates and tests).
    public enum Limits {
        public static let handle = 30
        public static let displayName = 60
        public static let email = 254
        public static let organisation = 120
        public static let roleTitle = 120
        public static let bio = 1000
    }

    /// Emails are compared case-insensitively: stored trimmed and lowercased.
    static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
