import Foundation
import Logging
import Testing
@testable import Commonplace

/// The view-flush and maintenance timers: configurable, on in production, off in tests (which do the work themselves).
@Suite("Background timers")
struct BackgroundTimerTests {
    @Test("the server saves views every 10 s and prunes every 5 min; tests turn both timers off")
    func intervals() throws {
        let production = AppConfiguration()
        #expect(production.viewFlushInterval == .seconds(10))
        #expect(production.maintenanceInterval == .seconds(300))
        let test = try TestApp()
        #expect(test.config.viewFlushInterval == nil && test.config.maintenanceInterval == nil)
    }

    @Test("with the timers off a page view stays in memory, even after the app stops, until the test saves it")
    func viewsWaitForTheTest() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.status == .ok)
        }
        #expect(f.app.views.unsaved(discussion.id!) == 1)
        #expect(try await f.app.database.discussion(id: discussion.id!)?.viewCount == 0)
        try await f.app.flushViews()
        #expect(try await f.app.database.discussion(id: discussion.id!)?.viewCount == 1)
        #expect(f.app.views.unsaved(discussion.id!) == 0)
    }

    @Test("one maintenance pass, what its timer runs, prunes sessions past their lifetime at the app's clock")
    func maintenancePass() async throws {
        let app = try TestApp()
        let user = try await app.createUser(handle: "amara")
        let now = app.clock.now
        for (token, expires) in [("ended", now.addingTimeInterval(60)), ("live", now.addingTimeInterval(7200))] {
            _ = try await app.database.createSession(Session(userId: user.id!, tokenHash: token, createdAt: now, lastSeenAt: now,
                                                             expiresAt: expires, userAgent: "", clientAddress: ""))
        }
        let services = try await makeServices(database: app.database, config: app.config, clock: app.clock.appClock,
                                              logger: Logger(label: "test"), assets: try StaticAssets(directory: app.config.staticDirectory))
        let maintenance = MaintenanceService(services: services, interval: .seconds(3600))
        await maintenance.runOnce()
        #expect(try await app.database.reader.read { db in try Session.fetchCount(db) } == 2, "nothing has expired yet")
        app.clock.advance(by: 120)
        await maintenance.runOnce()
        #expect(try await app.database.reader.read { db in try Session.fetchAll(db).map(\.tokenHash) } == ["live"])
    }

    @Test("the view-flush service saves on its timer, and what is left when it stops")
    func flushService() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        let id = discussion.id!
        let counter = ViewCounter()
        let logger = Logger(label: "test")
        // On its timer: a short interval, waited for with a generous bound (the timer itself is the subject here).
        counter.record(id)
        let ticking = Task { try await ViewFlushService(counter: counter, database: f.app.database, logger: logger, interval: .milliseconds(10)).run() }
        var saved = 0
        for _ in 0..<500 where saved == 0 {
            try await Task.sleep(for: .milliseconds(20))
            saved = try await f.app.database.discussion(id: id)?.viewCount ?? 0
        }
        ticking.cancel()
        try await ticking.value
        #expect(saved == 1)
        // At shutdown: a timer that never fires before the service stops still leaves nothing unsaved.
        counter.record(id)
        counter.record(id)
        let stopping = Task { try await ViewFlushService(counter: counter, database: f.app.database, logger: logger, interval: .seconds(3600)).run() }
        stopping.cancel()
        try await stopping.value
        #expect(try await f.app.database.discussion(id: id)?.viewCount == 3)
        #expect(counter.unsaved(id) == 0)
    }
}
