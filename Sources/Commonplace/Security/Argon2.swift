import CArgon2
import Foundation

/// argon2id parameters: memory in KiB, iterations, lanes.
public struct Argon2Parameters: Sendable, Equatable {
    public var memoryKiB: UInt32
    public var iterations: UInt32
    public var parallelism: UInt32

    /// The minimum this project accepts (OWASP's argon2id baseline).
    public static let minimum = Argon2Parameters(memoryKiB: 19_456, iterations: 2, parallelism: 1)

    public init(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) {
        self.memoryKiB = memoryKiB
        self.iterations = iterations
        self.parallelism = parallelism
    }

    /// Whether a hash made with `self` is weaker than one made with `other`.
    func isWeaker(than other: Argon2Parameters) -> Bool {
        memoryKiB < other.memoryKiB || iterations < other.iterations
    }
}

/// argon2id through libargon2, producing and checking PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
enum Argon2 {
    static let saltLength = 16
    static let hashLength = 32

    enum Failure: Error { case library(Int32) }

    /// Hashes `password` with a fresh 16-byte salt. Blocks for tens of milliseconds: call it off the event loops.
    static func hash(_ password: String, parameters: Argon2Parameters) throws -> String {
        let salt = RandomToken.bytes(saltLength)
        let passwordBytes = Array(password.utf8)
        let encodedLength = argon2_encodedlen(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            UInt32(saltLength), UInt32(hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let result = argon2id_hash_encoded(
            parameters.iterations, parameters.memoryKiB, parameters.parallelism,
            passwordBytes, passwordBytes.count, salt, salt.count, hashLength,
            &encoded, encodedLength)
        guard result == ARGON2_OK.rawValue else { throw Failure.library(result) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `password` matches the PHC string `encoded` (any argon2 variant libargon2 reads).
    static func verify(_ password: String, encoded: String) -> Bool {
        let passwordBytes = Array(password.utf8)
        let type: argon2_type
        if encoded.hasPrefix("$argon2id$") { type = Argon2_id }
        else if encoded.hasPrefix("$argon2i$") { type = Argon2_i }
        else if encoded.hasPrefix("$argon2d$") { type = Argon2_d }
        else { return false }
        return argon2_verify(encoded, passwordBytes, passwordBytes.count, type) == ARGON2_OK.rawValue
    }

    /// The parameters a PHC string was made with, or nil if it is not argon2id.
    static func parameters(of encoded: String) -> Argon2Parameters? {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: true)
        guard parts.count >= 4, parts[0] == "argon2id" else { return nil }
        var values: [Substring: UInt32] = [:]
        for pair in parts[2].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let number = UInt32(kv[1]) { values[kv[0]] = number }
        }
        guard let m = values["m"], let t = values["t"], let p = values["p"] else { return nil }
        return Argon2Parameters(memoryKiB: m, iterations: t, parallelism: p)
    }
}
