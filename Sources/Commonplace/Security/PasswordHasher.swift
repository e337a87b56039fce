import Foundation
import Synchronization

/// Runs argon2id on a few threads of its own, below the request event loops' priority, and refuses at once
/// what would wait too long, so a flood of sign-ins cannot starve page views.
///
/// - Threads: `maxConcurrent` dedicated threads (by default half the cores, at least one), each lowering its own
///   scheduling priority to `nice` when it starts: when pages and hashes both want the CPU, pages win.
/// - Admission (`HashAdmission`): a hash is refused with `Busy` — answered 429 with `Retry-After` — when
///   `maxQueued` hashes already wait, or as soon as the expected wait for a thread passes `maxWait`. A refused
///   hash is never queued and costs nothing.
public final class PasswordHasher: Sendable {
    /// Hashing would wait too long; try again after `retryAfterSeconds`.
    public struct Busy: Error, Equatable {
        public let retryAfterSeconds: Int
    }

    /// Half the cores, at least one: on two cores one is always left to the event loops. argon2id at p=1 is
    /// single-threaded and memory-bound (19 MiB per hash, past the caches), so more threads mostly contend for
    /// memory with the pages; one thread already checks ~20 passwords a second, far above a forum's honest
    /// sign-in rate, and each concurrent hash holds its 19 MiB.
    public static func defaultConcurrency(cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        max(1, cores / 2)
    }

    /// The niceness hashing threads run at (Linux 0–19; higher yields more). At 10 a hashing thread weighs a tenth
    /// of one request thread in the kernel's scheduler, and pages keep several busy: while pages alone fill the CPU,
    /// hashing slows to about one a second (measured by ops/bench/signin_flood.py) and the rest is refused at once.
    public static let defaultNice = 10
    /// The longest a hash may expect to wait for a thread before it is refused.
    public static let defaultMaxWait: TimeInterval = 1
    /// How many hashes may wait for a thread, whatever their expected wait.
    public static let defaultMaxQueued = 32

    public let parameters: Argon2Parameters
    private let admission: Mutex<HashAdmission>
    private let threads: HashingThreads
    /// A hash of a random password, verified against when an email is unknown so both cases take as long.
    private let decoy: String

    public init(
        parameters: Argon2Parameters,
        maxConcurrent: Int = PasswordHasher.defaultConcurrency(),
        maxQueued: Int = PasswordHasher.defaultMaxQueued,
        maxWait: TimeInterval = PasswordHasher.defaultMaxWait,
        nice: Int = PasswordHasher.defaultNice
    ) throws {
        self.parameters = parameters
        // The decoy's own hash is the first measure of how long one takes.
        let started = ContinuousClock.now
        self.decoy = try Argon2.hash(RandomToken.hex(bytes: 16), parameters: parameters)
        let firstHashTime = Self.seconds(started.duration(to: .now))
        self.admission = Mutex(HashAdmission(
            concurrency: max(1, maxConcurrent), maxQueued: max(0, maxQueued), maxWait: max(0, maxWait),
            averageHashTime: firstHashTime))
        self.threads = HashingThreads(count: max(1, maxConcurrent), nice: Int32(clamping: nice))
    }

    /// A hasher set up from the server configuration.
    public convenience init(configuration config: AppConfiguration) throws {
        try self.init(
            parameters: config.argon2, maxConcurrent: config.hashConcurrency, maxQueued: config.hashQueue,
            maxWait: config.hashMaxWait, nice: config.hashNice)
    }

    deinit {
        threads.stop()
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

    /// Throws `Busy` if a hash asked for now would be refused; lets callers skip work that would lead to one.
    public func ensureCapacity() throws {
        let now = ContinuousClock.now
        if let busy = admission.withLock({ $0.refusal(now: now) }) { throw busy }
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

    /// Runs `work` on a hashing thread once admitted; throws `Busy` at once otherwise, or when a thread comes free
    /// only after the hash has waited far longer than expected.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let ticket = try admission.withLock { try $0.admit(now: .now) }
        return try await withCheckedThrowingContinuation { continuation in
            threads.submit { [self] in
                if let stale = admission.withLock({ $0.start(ticket, at: .now) }) {
                    continuation.resume(throwing: stale)
                    return
                }
                let result = Result { try work() }
                admission.withLock { $0.finished(ticket, at: .now) }
                continuation.resume(with: result)
            }
        }
    }

    /// What the admission rule sees now (for tests and diagnostics).
    var admissionState: HashAdmission { admission.withLock { $0 } }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

// MARK: - Admission

/// Whether one more hash may queue: the queue bound, and the expected wait for a thread against `maxWait`.
///
/// The expected wait of a newcomer is the rounds of hashes ahead of it (`inSystem / concurrency`) times the time a
/// hash takes now: the moving average of measured hash times, or the age of the oldest running hash if that is
/// longer (hashing threads starved by busier page threads show up at once, not only when a hash finishes).
///
/// A hash admitted when hashing was fast may then wait far longer, if the pages start taking the CPU: one that
/// reaches a thread after more than `staleAfter` is not run but refused, so the queue drains at once.
struct HashAdmission: Sendable {
    let concurrency: Int
    let maxQueued: Int
    let maxWait: TimeInterval
    /// Wall-clock seconds of one hash on a hashing thread, averaged (exponentially) over recent hashes.
    private(set) var averageHashTime: TimeInterval
    /// Hashes admitted and not finished (running or waiting).
    private(set) var inSystem = 0
    /// Hashes started so far.
    private(set) var hashesStarted = 0
    private var admitted: [UInt64: ContinuousClock.Instant] = [:]
    private var running: [UInt64: ContinuousClock.Instant] = [:]
    private var nextTicket: UInt64 = 0

    /// The weight of the newest hash time in the moving average.
    static let smoothing = 0.2
    /// Retry-After never says more than this.
    static let maxRetryAfterSeconds = 60

    /// A hash that waited longer than this for a thread is refused instead of run: twice the wait it was admitted under.
    var staleAfter: TimeInterval { 2 * maxWait }

    init(concurrency: Int, maxQueued: Int, maxWait: TimeInterval, averageHashTime: TimeInterval) {
        self.concurrency = concurrency
        self.maxQueued = maxQueued
        self.maxWait = maxWait
        self.averageHashTime = averageHashTime
    }

    /// The time one hash takes now, as far as we can tell.
    func currentHashTime(now: ContinuousClock.Instant) -> TimeInterval {
        let oldest = running.values.min().map { PasswordHasher.seconds($0.duration(to: now)) } ?? 0
        return max(averageHashTime, oldest)
    }

    /// How long a hash arriving now would wait before a thread starts it.
    func expectedWait(now: ContinuousClock.Instant) -> TimeInterval {
        Double(inSystem / concurrency) * currentHashTime(now: now)
    }

    /// Why a hash arriving now would be refused, or nil if it would be admitted.
    func refusal(now: ContinuousClock.Instant) -> PasswordHasher.Busy? {
        let wait = expectedWait(now: now)
        let waiting = max(0, inSystem - concurrency)
        guard waiting >= maxQueued || wait > maxWait else { return nil }
        return Self.busy(wait)
    }

    static func busy(_ wait: TimeInterval) -> PasswordHasher.Busy {
        let seconds = wait.isFinite ? Int(min(wait, Double(maxRetryAfterSeconds)).rounded(.up)) : maxRetryAfterSeconds
        return PasswordHasher.Busy(retryAfterSeconds: max(1, seconds))
    }

    /// Admits one hash (a ticket for `started`/`finished`) or throws `Busy`.
    mutating func admit(now: ContinuousClock.Instant) throws -> UInt64 {
        if let busy = refusal(now: now) { throw busy }
        inSystem += 1
        nextTicket += 1
        admitted[nextTicket] = now
        return nextTicket
    }

    /// A thread takes the hash: nil to run it, or `Busy` if it waited past `staleAfter` (then it is done with).
    mutating func start(_ ticket: UInt64, at now: ContinuousClock.Instant) -> PasswordHasher.Busy? {
        let since = admitted.removeValue(forKey: ticket) ?? now
        if PasswordHasher.seconds(since.duration(to: now)) > staleAfter {
            inSystem -= 1
            return Self.busy(expectedWait(now: now))
        }
        running[ticket] = now
        hashesStarted += 1
        return nil
    }

    mutating func finished(_ ticket: UInt64, at now: ContinuousClock.Instant) {
        inSystem -= 1
        guard let start = running.removeValue(forKey: ticket) else { return }
        let took = PasswordHasher.seconds(start.duration(to: now))
        averageHashTime += Self.smoothing * (took - averageHashTime)
    }
}
