import Foundation
import GRDB

/// A signed-in browser. The token itself lives only in the cookie; the row keeps its SHA-256.
public struct Session: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "session"

    public var id: Int64?
    public var userId: Int64
    public var tokenHash: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var userAgent: String
    public var clientAddress: String

    mutating public func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// One failed sign-in, kept for throttling.
struct SignInFailure: SnakeCaseRecord {
    static let databaseTableName = "sign_in_failure"
    var id: Int64?
    var accountKey: String
    var clientAddress: String
    var createdAt: Date
}

extension Session {
    /// Read by column name, not through `Codable` (see `User.init(row:)`): every signed-in request reads one.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        userId = try row.decode(forColumn: "user_id")
        tokenHash = try row.decode(forColumn: "token_hash")
        createdAt = try row.storedDate("created_at")
        lastSeenAt = try row.storedDate("last_seen_at")
        expiresAt = try row.storedDate("expires_at")
        userAgent = try row.decode(forColumn: "user_agent")
        clientAddress = try row.decode(forColumn: "client_address")
    }
}
