import Foundation
import GRDB

/// A member's private feed address. The token itself is shown once, when made; the row keeps its SHA-256.
public struct FeedToken: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "feed_token"

    public var userId: Int64
    public var tokenHash: String
    public var createdAt: Date
    /// When a feed was last read with it (written at most once per `FeedToken.touchInterval`).
    public var lastUsedAt: Date?

    /// How often reading a private feed records its use: a feed reader polls every few minutes, and a write each time
    /// would cost more than the read.
    public static let touchInterval: TimeInterval = 3600
    /// Random bytes in a token (base64url: 43 characters).
    static let tokenBytes = 32
}
