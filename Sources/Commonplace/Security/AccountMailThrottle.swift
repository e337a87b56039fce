import Foundation

/// Limits on requests that send account email (a password reset, a verification sent again, a change of address),
/// per address as typed and per client address, over a sliding window.
///
/// Counted per address whether or not an account uses it, and answered with 429 and `Retry-After` (not the ordinary
/// page without sending): the answer says nothing about the address, and the person who asked learns why no email
/// comes instead of waiting for one.
public struct AccountMailThrottle: Sendable {
    public var window: TimeInterval = 3600
    /// Requests for one address (a mailbox gets at most this many links an hour from strangers).
    public var maxPerAddress = 3
    /// Requests from one client address (one network cannot probe or flood many mailboxes).
    public var maxPerClient = 10

    public init() {}

    /// The kinds of request, counted apart (`account_mail_request.purpose`).
    enum Purpose: String {
        case reset, verify, change
    }

    /// Whether a request for `address` from `clientAddress` is locked now; if so, until when.
    func lockedUntil(_ purpose: Purpose, address: String, clientAddress: String, database: AppDatabase, now: Date) async throws -> Date? {
        let recent = try await database.recentAccountMailRequests(
            purpose: purpose.rawValue, addressKey: User.normalizedEmail(address), clientAddress: clientAddress,
            since: now.addingTimeInterval(-window))
        if recent.address.count >= maxPerAddress, let oldest = recent.address.oldest { return oldest.addingTimeInterval(window) }
        if recent.client.count >= maxPerClient, let oldest = recent.client.oldest { return oldest.addingTimeInterval(window) }
        return nil
    }
}
