import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
@testable import Commonplace

/// A clock tests can move forward.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var appClock: AppClock { AppClock { [self] in self.now } }
}

/// A fresh application on a fresh in-memory database, for one test.
///
/// The background timers (saving page views, pruning sessions, fanning out notifications) are off: a test that needs their work does it with
/// `flushViews()` or the database call itself, so how fast the machine runs never decides which path a test takes.
/// For the same reason a sign-in is never refused for waiting on a busy hashing thread (`hashMaxWait` unbounded), nor
/// is making an account: the tests of that bound set their own.
struct TestApp {
    let database: AppDatabase
    let clock: TestClock
    let config: AppConfiguration
    /// The app's page views, gathered in memory until `flushViews()`.
    let views = ViewCounter()
    /// The app's last scheduled backup, for tests of what admins see.
    let backups = BackupStatus()

    init(configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        try self.init(database: AppDatabase.inMemory(), configure: configure)
    }

    /// An application on `database` (a file's, for tests of what survives a restart).
    init(database: AppDatabase, clock: TestClock = TestClock(), configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        self.database = database
        self.clock = clock
        var config = AppConfiguration()
        // Every page a test renders is also rendered by swift-mustache, and must match it byte for byte.
        config.renderObserver = ReferenceRenderer.shared
        config.viewFlushInterval = nil
        config.maintenanceInterval = nil
        config.notificationInterval = nil
        config.mail.interval = nil
        config.hashMaxWait = .infinity
        configure(&config)
        self.config = config
    }

    /// Runs `body` with a browser against the app in-process (HummingbirdTesting's router mode).
    func run<Value: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable @escaping (Browser) async throws -> Value) async throws -> Value {
        let app = try await buildApplication(database: database, configuration: config, clock: clock.appClock, views: views, backups: backups)
        return try await app.test(setup) { client in
            try await body(Browser(client: client))
        }
    }

    /// The notification fan-out as the server runs it, for a test to drive (`runOnce()`) at the test clock.
    var fanOut: NotificationFanOut {
        NotificationFanOut(database: database, limits: config.notificationLimits, clock: clock.appClock,
                           mailing: NotificationMailing(config))
    }

    /// Fans out every pending event, as the worker would on its next signal; returns the notifications written.
    @discardableResult
    func deliverNotifications() async throws -> Int {
        try await fanOut.runOnce()
    }

    /// Saves the page views gathered so far, as the view-flush timer would.
    func flushViews() async throws {
        try await views.flush(to: database)
    }

    /// Creates an account directly (hash at the configured parameters).
    @discardableResult
    func createUser(handle: String, email: String? = nil, password: String = TestApp.password, admin: Bool = false) async throws -> User {
        let hasher = try Self.accountHasher(config)
        let now = clock.now
        return try await database.createUser(User(
            handle: handle, email: email ?? "\(handle)@example.org", displayName: handle.capitalized,
            passwordHash: try await hasher.hash(password), isAdmin: admin, createdAt: now, updatedAt: now))
    }

    /// Loads the real demo data from `seeds/`.
    func seed() async throws {
        _ = try await DemoSeeder(database: database, hasher: Self.accountHasher(config), now: clock.now).run()
    }

    /// A hasher for making accounts that waits as long as the machine needs, at normal priority: with many tests
    /// hashing at once on a busy machine, the default bound would refuse (`Busy`) and fail the test for no reason.
    static func accountHasher(_ config: AppConfiguration) throws -> PasswordHasher {
        try PasswordHasher(parameters: config.argon2, maxWait: .infinity, nice: 0)
    }

    static let password = "correct horse battery staple"
}
