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
    /// When the owner proved the address theirs (the link of a verification email); nil: not verified. Only account
    /// email (verification, password reset) goes to an unverified address.
    public var emailVerifiedAt: Date? = nil
    /// The IANA zone the member reads event times in (nil: the site's default).
    public var timeZone: String? = nil

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

extension User {
    /// Read by column name, not through `Codable` (which converts every column name of every row: the discussion
    /// page spent 40 % of its time there). `RowDecodingTests` checks every field against the table.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        handle = try row.decode(forColumn: "handle")
        email = try row.decode(forColumn: "email")
        displayName = try row.decode(forColumn: "display_name")
        passwordHash = try row.decode(forColumn: "password_hash")
        organisation = try row.decode(forColumn: "organisation")
        roleTitle = try row.decode(forColumn: "role_title")
        bio = try row.decode(forColumn: "bio")
        isAdmin = try row.decode(forColumn: "is_admin")
        createdAt = try row.storedDate("created_at")
        updatedAt = try row.storedDate("updated_at")
        suspendedUntil = try row.storedDateIfPresent("suspended_until")
        suspensionReason = try row.decode(forColumn: "suspension_reason")
        emailVerifiedAt = try row.storedDateIfPresent("email_verified_at")
        timeZone = row["time_zone"]
    }
}

/// A member as lists of posts and discussions name them: their name and the handle of their profile.
public struct Author: Sendable, Equatable {
    public let id: Int64
    public let handle: String
    public let displayName: String

    public init(id: Int64, handle: String, displayName: String) {
        self.id = id
        self.handle = handle
        self.displayName = displayName
    }

    public init(_ user: User) {
        self.init(id: user.id ?? 0, handle: user.handle, displayName: user.displayName)
    }
}
