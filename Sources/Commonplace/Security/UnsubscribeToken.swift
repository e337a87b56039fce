@preconcurrency import Crypto
import Foundation

/// What one unsubscribe link turns off: one kind of notification email, the digest, or every notification email and
/// the digest. Account email (verification, password reset) cannot be turned off.
public enum UnsubscribeScope: Sendable, Equatable, Hashable {
    case notification(NotificationKind)
    case digest
    /// Every notification kind and the digest.
    case all

    /// The text in a token: the kind's raw value, `digest` or `all`.
    var rawValue: String {
        switch self {
        case .notification(let kind): kind.rawValue
        case .digest: "digest"
        case .all: "all"
        }
    }

    init?(rawValue: String) {
        switch rawValue {
        case "digest": self = .digest
        case "all": self = .all
        default:
            guard let kind = NotificationKind(rawValue: rawValue) else { return nil }
            self = .notification(kind)
        }
    }

    /// What the unsubscribe page says it turns off.
    public var description: String {
        switch self {
        case .notification(let kind): "emails for “\(kind.label.lowercased())”"
        case .digest: "your digest emails"
        case .all: "every notification email and your digest"
        }
    }
}

/// Signs and checks unsubscribe tokens: `<user id>.<scope>.<HMAC-SHA256, base64url>`, under a key derived from the
/// server secret (so a token from another site, or one edited to name another member or kind, is refused). Tokens do
/// not expire (an old email's link keeps working); the check is in constant time.
public struct UnsubscribeSigner: Sendable {
    let key: SymmetricKey

    /// The signer of the site whose server secret is `secret` (`AppDatabase.serverSecret`).
    public init(secret: String) {
        let derived = HMAC<SHA256>.authenticationCode(for: Data("commonplace unsubscribe v1".utf8),
                                                      using: SymmetricKey(data: Data(secret.utf8)))
        key = SymmetricKey(data: Data(derived))
    }

    /// The token turning `scope` off for `userID`.
    public func token(userID: Int64, scope: UnsubscribeScope) -> String {
        let payload = "\(userID).\(scope.rawValue)"
        return payload + "." + RandomToken.base64URL(mac(payload))
    }

    /// The member and scope a genuine token names; nil for anything else.
    public func verify(_ token: String) -> (userID: Int64, scope: UnsubscribeScope)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 200, let userID = Int64(parts[0]), userID > 0,
              let scope = UnsubscribeScope(rawValue: String(parts[1])) else { return nil }
        let expected = Array(RandomToken.base64URL(mac("\(parts[0]).\(parts[1])")).utf8)
        let given = Array(parts[2].utf8)
        guard expected.count == given.count else { return nil }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0 ? (userID, scope) : nil
    }

    private func mac(_ payload: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(("unsubscribe:" + payload).utf8), using: key))
    }
}
