import Dispatch
import Foundation
import Testing
@testable import Commonplace
#if canImport(Glibc)
import Glibc
#endif

/// How password hashing behaves under a flood: few threads, below the pages' priority, and early refusals.
@Suite("Password hashing under load")
struct PasswordHasherLoadTests {
    // MARK: - The shedding rule alone

    @Test("hashes are admitted while the expected wait for a thread stays within the bound, refused once it passes")
    func expectedWaitBound() throws {
        // Given one thread, hashes measured at 0.4 s and a 1 s bound
        var admission = HashAdmission(concurrency: 1, maxQueued: 32, maxWait: 1, averageHashTime: 0.4)
        let now = ContinuousClock.now
        // When three hashes arrive (expected waits 0, 0.4 and 0.8 s), then a fourth (1.2 s)
        let first = try admission.admit(now: now)
        #expect(admission.start(first, at: now) == nil)
        _ = try admission.admit(now: now)
        _ = try admission.admit(now: now)
        // Then the fourth is refused, told to come back once the queue ahead has drained, and never queued
        #expect(throws: PasswordHasher.Busy(retryAfterSeconds: 2)) { try admission.admit(now: now) }
        #expect(admission.inSystem == 3)
        #expect(admission.hashesStarted == 1)
    }

    @Test("a hash running far longer than the average (threads starved of CPU) makes the next arrivals wait longer")
    func starvedThreadsCountAtOnce() throws {
        // Given a 50 ms average and one hash that started 3 s ago and has not finished
        var admission = HashAdmission(concurrency: 1, maxQueued: 32, maxWait: 1, averageHashTime: 0.05)
        let start = ContinuousClock.now
        let running = try admission.admit(now: start)
        #expect(admission.start(running, at: start) == nil)
        // When the next hash arrives 3 s later
        let later = start.advanced(by: .seconds(3))
        // Then its expected wait is that age, over the bound, and Retry-After says so
        #expect(admission.expectedWait(now: later) >= 3)
        #expect(throws: PasswordHasher.Busy(retryAfterSeconds: 3)) { try admission.admit(now: later) }
        // And a hash finishing updates the average towards what it really took
        admission.finished(running, at: later)
        #expect(admission.averageHashTime > 0.05)
        #expect(admission.inSystem == 0)
    }

    @Test("a hash that reaches a thread long after it was admitted (pages took the CPU meanwhile) is refused, not run")
    func staleHashes() throws {
        // Given two hashes admitted while hashing was fast, with a 1 s bound
        var admission = HashAdmission(concurrency: 1, maxQueued: 32, maxWait: 1, averageHashTime: 0.05)
        let then = ContinuousClock.now
        let prompt = try admission.admit(now: then)
        let late = try admission.admit(now: then)
        // When the first reaches a thread within twice the bound, and the second only after 2.5 s
        #expect(admission.start(prompt, at: then.advanced(by: .milliseconds(1500))) == nil)
        admission.finished(prompt, at: then.advanced(by: .milliseconds(2500)))
        let refusal = admission.start(late, at: then.advanced(by: .milliseconds(2500)))
        // Then the second is refused with a Retry-After, never started, and leaves the queue
        #expect(refusal != nil)
        #expect((refusal?.retryAfterSeconds ?? 0) >= 1)
        #expect(admission.hashesStarted == 1)
        #expect(admission.inSystem == 0)
    }

    @Test("the queue bound still refuses when every wait is short")
    func queueBound() throws {
        var admission = HashAdmission(concurrency: 1, maxQueued: 2, maxWait: 10, averageHashTime: 0.001)
        let now = ContinuousClock.now
        for _ in 0..<3 { _ = try admission.admit(now: now) }  // one running, two waiting
        #expect(throws: PasswordHasher.Busy(retryAfterSeconds: 1)) { try admission.admit(now: now) }
    }

    @Test("hashing threads default to half the cores, at least one")
    func defaultConcurrency() {
        #expect(PasswordHasher.defaultConcurrency(cores: 1) == 1)
        #expect(PasswordHasher.defaultConcurrency(cores: 2) == 1)
        #expect(PasswordHasher.defaultConcurrency(cores: 3) == 1)
        #expect(PasswordHasher.defaultConcurrency(cores: 8) == 4)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(AppConfiguration().hashConcurrency == max(1, cores / 2))
        #expect(AppConfiguration().hashMaxWait == PasswordHasher.defaultMaxWait)
    }

    // MARK: - The hasher's threads

    @Test("a hasher whose expected wait passes the bound refuses at once, hashing nothing, while its thread is busy")
    func refusesAtOnce() async throws {
        // Given a hasher with one thread, held busy by a job that waits on a gate
        let hasher = try PasswordHasher(parameters: .minimum, maxConcurrent: 1, maxQueued: 32, maxWait: 0.2)
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await hasher.run { gate.wait() } }
        // Should a refusal wrongly queue behind the gate, it opens after 10 s and the expectations below fail.
        let safety = Task { try await Task.sleep(for: .seconds(10)); gate.signal() }
        defer { safety.cancel() }
        while hasher.admissionState.hashesStarted < 1 { try await Task.sleep(for: .milliseconds(5)) }
        while hasher.admissionState.expectedWait(now: .now) <= 0.2 { try await Task.sleep(for: .milliseconds(20)) }

        // When a sign-in's check arrives, and then a new account's hash
        // Then both are refused with a Retry-After while the gate is still shut (so nothing waited), and nothing ran
        #expect(throws: PasswordHasher.Busy.self) { try hasher.ensureCapacity() }
        await #expect(throws: PasswordHasher.Busy.self) { try await hasher.verify(TestApp.password, against: nil) }
        let refusal = await #expect(throws: PasswordHasher.Busy.self) { try await hasher.hash(TestApp.password) }
        #expect((refusal?.retryAfterSeconds ?? 0) >= 1)
        #expect(hasher.admissionState.hashesStarted == 1)
        #expect(hasher.admissionState.inSystem == 1)

        // And once the thread is free again, hashing works
        gate.signal()
        try await blocker.value
        #expect(try await hasher.verify(TestApp.password, against: try await hasher.hash(TestApp.password)))
    }

    #if os(Linux)
    /// The niceness of the calling thread, read from the kernel's own record of it (field 19 of its stat line).
    static func threadNice() throws -> Int32 {
        let stat = try String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { throw UnreadableStat() }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 3 (the state) is fields[0], so field 19 (the niceness) is fields[16].
        guard fields.count > 16, let nice = Int32(fields[16]) else { throw UnreadableStat() }
        return nice
    }

    struct UnreadableStat: Error {}

    @Test("hashes run on the hasher's own threads at a lower priority, leaving the rest of the process as it was")
    func lowerPriority() async throws {
        // Given the niceness of this thread and of the main thread
        let before = try Self.threadNice()
        let mainBefore = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(getpid()))
        let hasher = try PasswordHasher(parameters: .minimum, nice: 12)

        // When a job runs on the hasher, and a hash too
        let (nice, threadName) = try await hasher.run {
            (try Self.threadNice(), try String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8))
        }
        _ = try await hasher.hash(TestApp.password)

        // Then the job ran on a hashing thread at niceness 12 (or this process's, if already higher) …
        #expect(threadName.hasPrefix("argon2-"))
        #expect(nice == max(12, before))
        #expect(nice > 0)
        // … and no other thread's priority was touched
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(getpid())) == mainBefore)
        #expect(try Self.threadNice() == before)
        #expect(AppConfiguration().hashNice == PasswordHasher.defaultNice)
        #expect(PasswordHasher.defaultNice >= 10)
    }
    #endif

    // MARK: - Over HTTP

    @Test("sign-ins that would wait too long for a hash get 429 with Retry-After and the busy message, not a queue")
    func signInShedding() async throws {
        // Given hashes slow enough (argon2 t=24) that every sign-in after the first finds the one thread busy
        let app = try TestApp {
            $0.argon2 = Argon2Parameters(memoryKiB: Argon2Parameters.minimum.memoryKiB, iterations: 24, parallelism: 1)
            $0.hashConcurrency = 1
            $0.hashQueue = 32
            $0.hashMaxWait = 0.1
        }
        try await app.run { browser in
            let token = try await browser.csrfToken()
            // When six sign-ins with unknown emails arrive together
            let pages = try await withThrowingTaskGroup(of: Browser.Page.self) { group in
                for n in 0..<6 {
                    group.addTask {
                        try await browser.post("/signin", [("email", "nobody-\(n)@example.org"), ("password", "wrong password guess")], csrf: token)
                    }
                }
                return try await group.reduce(into: [Browser.Page]()) { $0.append($1) }
            }
            // Then the queue did not absorb them: one was checked (and failed), the rest were refused at once
            let refused = pages.filter { $0.status == .tooManyRequests }
            #expect(pages.contains { $0.status == .badRequest })
            #expect(refused.count >= 4)
            for page in refused {
                #expect(Int(page.headers[.retryAfter] ?? "") ?? 0 >= 1)
                #expect(page.body.contains("busy checking other passwords"))
            }
        }
    }
}
