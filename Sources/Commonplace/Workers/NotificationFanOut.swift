import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Turns recorded events into notifications, off the request path.
///
/// A `Service` of the server process: it wakes when a transaction that touched the `event` table commits (a GRDB
/// region observation, so no write path can forget to signal it), on its timer, and once at start (what a restart
/// left pending). Each pass takes the pending events in order; for each, it works out the recipients in a read
/// (`FanOutPlanner`: mentions up to the cap, the discussion's author, quoted authors, watchers, moderators; each asked
/// the Guardian now) and writes their notifications in batches, marking the event done in the transaction of the
/// last batch. Nothing is claimed, so nothing needs releasing at shutdown: an event not marked done is simply done
/// again after a restart, and the unique `(user_id, dedupe_key)` makes the rows already written no-ops.
/// Tests leave the timer off (`AppConfiguration.notificationInterval` nil) and call `runOnce()`.
public struct NotificationFanOut: Service {
    let database: AppDatabase
    let limits: NotificationLimits
    let clock: AppClock
    let logger: Logger
    /// The backstop timer (the signal from commits does the usual waking); nil: no timer.
    let interval: Duration?
    /// Queue the emails of the notifications written (for the kinds their recipients want at once); nil: no email.
    let mailing: NotificationMailing?
    static let defaultInterval: Duration = .seconds(30)
    /// Events read per query.
    static let eventsPerRead = 100
    /// How long a pass waits after being woken: the request whose commit woke it sends its response first (a server
    /// on one core would otherwise share it with the planning of a 5,000-member fan-out), and a burst of events is
    /// taken in one pass.
    static let settle: Duration = .milliseconds(20)

    public init(database: AppDatabase, limits: NotificationLimits = NotificationLimits(), clock: AppClock = .system,
                logger: Logger = Logger(label: "commonplace.notifications"), interval: Duration? = nil,
                mailing: NotificationMailing? = nil) {
        self.database = database
        self.mailing = mailing
        self.limits = limits
        self.clock = clock
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        await runAfterCommits(to: "event", in: database.writer, interval: interval, settle: Self.settle, logger: logger,
                              failure: "notification fan-out failed") { _ = try await runOnce() }
    }

    /// Records the meeting reminders that have come due (`recordDueReminders`), then fans out every pending event,
    /// oldest first; returns how many notifications were written or refreshed.
    @discardableResult
    public func runOnce() async throws -> Int {
        try await database.recordDueReminders(now: clock.now())
        var delivered = 0
        while !Task.isCancelled {
            let events = try await database.pendingEvents(limit: Self.eventsPerRead)
            if events.isEmpty { break }
            for event in events { delivered += try await fanOut(event) }
        }
        return delivered
    }

    /// One event: plan in a read, write in batches. An event that cannot be planned for a reason other than storage
    /// (a bug, a row it cannot decode) is logged and marked done, so it cannot block every event after it; a storage
    /// problem (disk full, database locked) is thrown and the event retried on the next pass.
    func fanOut(_ event: Event) async throws -> Int {
        let now = clock.now()
        let limits = self.limits
        var plan = FanOutPlan()
        do {
            plan = try await database.reader.read { db in
                var planner = FanOutPlanner(db, event: event, limits: limits, now: now)
                return try planner.plan()
            }
        } catch let error where StorageProblem(error) == nil {
            AppMetrics.shared.notificationFailures.increment()
            logger.error("notification fan-out skipped event \(event.id ?? 0) (\(event.kind.rawValue)): \(error)")
        }
        // Event times in emails: the default zone as a site admin last saved it (`/admin/settings`).
        var mailing = self.mailing
        if let zone = database.site.loadedTimeZone { mailing?.siteTimeZone = zone }
        try await database.deliver(plan, eventID: event.id!, createdAt: event.createdAt, now: now, batchSize: limits.batchSize,
                                   mailing: mailing)
        return plan.deliveries.count
    }
}
