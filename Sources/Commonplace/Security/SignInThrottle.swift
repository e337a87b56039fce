import Foundation

/// Limits on failed sign-ins, per account and per client address, over a sliding window.
public struct SignInThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var maxFailuresPerAccount = 10
    public var maxFailuresPerClient = 50

    public init() {}

    /// The account key for an email as typed: the same for known and unknown addresses.
    static func accountKey(_ email: String) -> String {
        User.normalizedEmail(email)
    }

    /// Whether this account or client is locked now; if so, when the oldest counted failure leaves the window.
    func lockedUntil(email: String, clientAddress: String, database: AppDatabase, now: Date) async throws -> Date? {
        let since = now.addingTimeInterval(-window)
        let key = Self.accountKey(email)
        let counts = try await database.recentFailures(accountKey: key, clientAddress: clientAddress, since: since)
        guard counts.account >= maxFailuresPerAccount || counts.client >= maxFailuresPerClient else { return nil }
        let oldest = try await database.oldestFailure(accountKey: key, clientAddress: clientAddress, since: since) ?? now
        return oldest.addingTimeInterval(window)
    }
}
