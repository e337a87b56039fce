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
        base64URL(bytes(count))
    }

    /// Base64url without padding (RFC 4648 §5), in one pass.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let length = (bytes.count * 4 + 2) / 3
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            var i = 0
            while i + 3 <= bytes.count {
                let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
                for shift in [18, 12, 6, 0] { out[o] = alphabet[Int(n >> UInt32(shift) & 63)]; o += 1 }
                i += 3
            }
            let rest = bytes.count - i
            if rest > 0 {
                let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
                for shift in [18, 12, 6].prefix(rest + 1) { out[o] = alphabet[Int(n >> UInt32(shift) & 63)]; o += 1 }
            }
            return o
        }
    }

    /// SHA-256 of the token's UTF-8 bytes, hex: what the database keeps instead of the token.
    static func sha256(_ token: String) -> String {
        Array(SHA256.hash(data: Data(token.utf8))).hexString
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits a byte, written in one pass (no per-byte formatting).
    var hexString: String {
        let bytes = Array(self)
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (index, byte) in bytes.enumerated() {
                out[2 * index] = digits[Int(byte >> 4)]
                out[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}
