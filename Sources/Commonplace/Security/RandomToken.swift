import Crypto
import Foundation

/// Cryptographically random tokens and their hashes.
enum RandomToken {
    /// `count` bytes from the system's CSPRNG.
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func hex(bytes count: Int) -> String {
        bytes(count).hexString
    }

    /// A URL- and cookie-safe token of `count` random bytes (base64url, no padding).
    static func urlSafe(bytes count: Int) -> String {
        Data(bytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of the token's UTF-8 bytes, hex: what the database keeps instead of the token.
    static func sha256(_ token: String) -> String {
        Array(SHA256.hash(data: Data(token.utf8))).hexString
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
