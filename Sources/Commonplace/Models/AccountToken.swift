import Foundation
import GRDB

/// A single-use link of account email: confirm an address, confirm a new address, or choose a new password. The token
/// itself is only in the email; the row keeps its SHA-256.
public struct AccountToken: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "account_token"

    public enum Purpose: String, Codable, Sendable {
        /// Confirms the account's own address (sent at sign-up, and again on request).
        case verify
        /// Confirms a new address: the account's address changes to `address` when it is followed.
        case change
        /// Lets the holder choose a new password.
        case reset
    }

    public var id: Int64?
    public var purpose: Purpose
    public var userId: Int64
    /// The address the link was sent to (for `change`, the new address).
    public var address: String
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    mutating public func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// How long a link works.
    public static func lifetime(_ purpose: Purpose) -> TimeInterval {
        switch purpose {
        case .verify, .change: verifyLifetime
        case .reset: resetLifetime
        }
    }

    /// An address link works for 24 hours…
    public static let verifyLifetime: TimeInterval = 24 * 3600
    /// …a password link for one.
    public static let resetLifetime: TimeInterval = 3600
    /// Random bytes in a token (base64url: 43 characters).
    static let tokenBytes = 32

    /// Whether the link can still be followed at `now` (unused and unexpired; whether its address still fits is the
    /// caller's question, on the account as it is then).
    func isUsable(at now: Date) -> Bool {
        usedAt == nil && expiresAt > now
    }
}

/// A new token: the secret for the email's link, and the hash the database keeps.
struct IssuedToken: Sendable {
    let token: String
    var hash: String { RandomToken.sha256(token) }

    static func make() -> IssuedToken {
        IssuedToken(token: RandomToken.urlSafe(bytes: AccountToken.tokenBytes))
    }
}

/// Why a link of account email cannot be followed (the page says it no longer works, whichever it is).
public enum AccountLinkError: Error, Equatable {
    /// Unknown (mistyped, tampered), used, or expired.
    case notUsable
    /// Made for an address the account no longer has (or, for a change, one another account took meanwhile).
    case addressChanged
}
