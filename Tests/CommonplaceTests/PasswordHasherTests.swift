import Foundation
import Logging
import Testing
@testable import Commonplace

@Suite("Password hashing")
struct PasswordHasherTests {
    @Test("hashes are argon2id PHC strings with m=19456, t=2, p=1 and a 16-byte salt")
    func phcFormat() async throws {
        let hasher = try PasswordHasher(parameters: .minimum)
        let hash = try await hasher.hash(TestApp.password)
        let parts = hash.split(separator: "$")
        #expect(parts[0] == "argon2id")
        #expect(parts[1] == "v=19")
        #expect(parts[2] == "m=19456,t=2,p=1")
        #expect(Data(base64Encoded: String(parts[3]) + "==")?.count == 16)
        #expect(try await hasher.verify(TestApp.password, against: hash))
        #expect(!(try await hasher.verify(TestApp.password + "!", against: hash)))
        // Two hashes of one password differ (fresh salt each time).
        #expect(try await hasher.hash(TestApp.password) != hash)
    }

    @Test("an unknown account is verified against a decoy: one real argon2 run, as for a known one, and never a match")
    func decoy() async throws {
        let hasher = try PasswordHasher(parameters: .minimum)
        let stored = try await hasher.hash(TestApp.password)
        let before = hasher.admissionState.hashesStarted
        #expect(!(try await hasher.verify(TestApp.password, against: nil)))
        #expect(hasher.admissionState.hashesStarted == before + 1, "the missing account still costs a hash")
        #expect(try await hasher.verify(TestApp.password, against: stored))
        #expect(hasher.admissionState.hashesStarted == before + 2, "a known account costs the same one")
    }

    @Test("signing in with an unknown email spends one hash, like a wrong password for a known email")
    func signInSpendsAHashEitherWay() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        let services = try await makeServices(database: app.database, config: app.config, clock: app.clock.appClock,
                                              logger: Logger(label: "test"), assets: try StaticAssets(directory: app.config.staticDirectory))
        let signIn = SignIn(services: services)
        func hashesSpent(_ email: String) async throws -> Int {
            let before = services.hasher.admissionState.hashesStarted
            guard case .wrongCredentials = try await signIn.attempt(email: email, password: "not the password at all", clientAddress: "192.0.2.1") else {
                Issue.record("\(email): expected wrong credentials")
                return -1
            }
            return services.hasher.admissionState.hashesStarted - before
        }
        #expect(try await hashesSpent("nobody@example.org") == 1)
        #expect(try await hashesSpent("amara@example.org") == 1)
    }

    @Test("weaker stored parameters need an upgrade; equal ones do not")
    func upgradeCheck() throws {
        let hasher = try PasswordHasher(parameters: Argon2Parameters(memoryKiB: 32_768, iterations: 2, parallelism: 1))
        #expect(hasher.needsUpgrade("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA"))
        #expect(!hasher.needsUpgrade("$argon2id$v=19$m=32768,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA"))
        #expect(hasher.needsUpgrade("$argon2i$v=19$m=32768,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA"))
    }

    @Test("when the hashing queue is full, further hashes are refused at once instead of waiting")
    func boundedQueue() async throws {
        // (No bound on the expected wait here: only the queue's length refuses.)
        let hasher = try PasswordHasher(parameters: .minimum, maxConcurrent: 1, maxQueued: 2, maxWait: .infinity)
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await hasher.hash(TestApp.password)) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.contains(true))
        #expect(outcomes.contains(false))
        // Once the burst is over, hashing works again.
        #expect(!(try await hasher.hash(TestApp.password)).isEmpty)
    }

    @Test("a burst of sign-ins beyond the queue gets 429 while page views keep answering")
    func signInBurst() async throws {
        let app = try TestApp {
            $0.hashConcurrency = 1
            $0.hashQueue = 1
        }
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            let token = try await browser.csrfToken()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let page = try await browser.post("/signin", [("email", "amara@example.org"), ("password", "wrong password guess")], csrf: token)
                        return Int(page.status.code)
                    }
                }
                group.addTask { Int(try await browser.get("/about").status.code) * 1000 }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.contains(429))
            #expect(statuses.contains(200_000))  // the page view answered during the burst
        }
    }

    /// Runs ops/argon2_interop.py with argon2-cffi (installed by the README's test command).
    static func python(_ mode: String, input: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ProjectPaths.root.appendingPathComponent("ops/argon2_interop.py").path, mode]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw InteropError(message: "python3 argon2_interop.py failed (is argon2-cffi installed? the README's test command installs it): \(err)")
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct InteropError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    @Test("our hashes verify with argon2-cffi, and argon2-cffi's verify with ours")
    func interoperability() async throws {
        let hasher = try PasswordHasher(parameters: .minimum)
        let password = "naïve café – パスワード 🔐 long enough"
        let ours = try await hasher.hash(password)
        let request = try JSONSerialization.data(withJSONObject: ["hash": ours, "password": password])
        #expect(try Self.python("verify", input: String(decoding: request, as: UTF8.self)) == "ok")
        let wrong = try JSONSerialization.data(withJSONObject: ["hash": ours, "password": password + "x"])
        #expect(try Self.python("verify", input: String(decoding: wrong, as: UTF8.self)) == "mismatch")

        let theirs = try Self.python("hash", input: password)
        #expect(theirs.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try await hasher.verify(password, against: theirs))
        #expect(!(try await hasher.verify(password + "x", against: theirs)))
        #expect(!hasher.needsUpgrade(theirs))
    }
}
