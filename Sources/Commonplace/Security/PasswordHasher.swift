import Dispatch
import Foundation
import Synchronization

/// Runs argon2id off the request event loops with bounded concurrency and a bounded queue.
///
/// At most `maxConcurrent` hashes run at once on a dedicated dispatch queue; at most `maxQueued`
/// more wait. Beyond that `hash`/`verify` throw `Busy` at once, which the app answers with 429,
/// so a burst of sign-ins cannot stall page views.
public final class PasswordHasher: Sendable {
    /// Too many hashes are queued; try again shortly.
    public struct Busy: Error {}

    public let parameters: Argon2Parameters
    private let maxQueued: Int
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "commonplace.password-hashing", attributes: .concurrent)
    private let pending = Mutex(0)
    /// A hash of a random password, verified against when an email is unknown so both cases take as long.
    private let decoy: String

    public init(parameters: Argon2Parameters, maxConcurrent: Int = max(1, ProcessInfo.processInfo.activeProcessorCount), maxQueued: Int = 32) throws {
        self.parameters = parameters
        self.maxQueued = maxQueued
        self.slots = DispatchSemaphore(value: maxConcurrent)
        self.decoy = try Argon2.hash(RandomToken.hex(bytes: 16), parameters: parameters)
    }

    /// A new PHC string for `password`.
    public func hash(_ password: String) async throws -> String {
        let parameters = self.parameters
        return try await run { try Argon2.hash(Self.prepare(password), parameters: parameters) }
    }

    /// Whether `password` matches `encoded`; with `encoded == nil` it verifies against a decoy and returns false.
    public func verify(_ password: String, against encoded: String?) async throws -> Bool {
        let target = encoded ?? decoy
        let result = try await run { Argon2.verify(Self.prepare(password), encoded: target) }
        return encoded != nil && result
    }

    /// Whether a stored hash should be replaced by one made with the current parameters.
    public func needsUpgrade(_ encoded: String) -> Bool {
        guard let existing = Argon2.parameters(of: encoded) else { return true }
        return existing.isWeaker(than: parameters)
    }

    /// Passwords are compared in Unicode NFC so the same text typed on different systems matches; never truncated.
    static func prepare(_ password: String) -> String {
        password.precomposedStringWithCanonicalMapping
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = pending.withLock { count -> Bool in
            guard count < maxQueued else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Busy() }
        defer { pending.withLock { $0 -= 1 } }
        let slots = self.slots
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                slots.wait()
                defer { slots.signal() }
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
