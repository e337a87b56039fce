import Foundation

/// Limits on failed sign-ins, per account and per client address, and on sign-up attempts per client address, over
/// a sliding window. Sign-up is throttled because its form tells whether a handle is taken (and each attempt with a
/// registered address emails its owner).
public struct SignInThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var maxFailuresPerAccount = 10
    public var maxFailuresPerClient = 50
    /// Sign-up attempts that reach the account checks (a valid form), successful or not.
    public var maxSignUpsPerClient = 20

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

    /// Whether sign-ups from this client are locked now; if so, when the oldest counted attempt leaves the window.
    func signUpsLockedUntil(clientAddress: String, database: AppDatabase, now: Date) async throws -> Date? {
        let recent = try await database.recentSignUps(clientAddress: clientAddress, since: now.addingTimeInterval(-window))
        guard recent.count >= maxSignUpsPerClient else { return nil }
        return (recent.oldest ?? now).addingTimeInterval(window)
    }

    /// Whole minutes until `until` (at least 1), for the 429 page and its Retry-After.
    static func minutes(until: Date, now: Date) -> Int {
        max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
    }
}
