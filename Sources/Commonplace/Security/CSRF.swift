@preconcurrency import Crypto
import Foundation
import Synchronization

/// CSRF tokens bound to the visitor: an HMAC of the session's token hash (or, before sign-in,
/// of the anonymous visitor cookie) under the server secret. Nothing to store; a token from one
/// session is worthless in another.
struct CSRF: Sendable {
    let key: SymmetricKey
    /// Tokens already computed, by binding: a signed-in member's pages all carry the same token, so its HMAC is
    /// computed once per session rather than once per page (bounded; past `memoCapacity` it starts again empty).
    private let memo = TokenMemo()
    static let memoCapacity = 10_000

    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// The token for the visitor identified by `binding`.
    func token(for binding: String) -> String {
        if let known = memo.tokens.withLock({ $0[binding] }) { return known }
        let token = HMAC<SHA256>.authenticationCode(for: Data(("csrf:" + binding).utf8), using: key).hexString
        memo.tokens.withLock { memo in
            if memo.count >= Self.memoCapacity { memo.removeAll(keepingCapacity: true) }
            memo[binding] = token
        }
        return token
    }

    /// Whether `candidate` is this visitor's token (compared in constant time).
    func isValid(_ candidate: String?, for binding: String) -> Bool {
        guard let candidate, !binding.isEmpty else { return false }
        let expected = Array(token(for: binding).utf8)
        let given = Array(candidate.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}

/// The tokens `CSRF` has computed, by binding.
private final class TokenMemo: Sendable {
    let tokens = Mutex<[String: String]>([:])
}
