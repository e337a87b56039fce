@preconcurrency import Crypto
import Foundation

/// CSRF tokens bound to the visitor: an HMAC of the session's token hash (or, before sign-in,
/// of the anonymous visitor cookie) under the server secret. Nothing to store; a token from one
/// session is worthless in another.
struct CSRF: Sendable {
    let key: SymmetricKey

    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// The token for the visitor identified by `binding`.
    func token(for binding: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(("csrf:" + binding).utf8), using: key).hexString
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
