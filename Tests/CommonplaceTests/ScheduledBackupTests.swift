import Foundation
import Testing
@testable import Commonplace

/// Issue 16: backups the server makes on its own, and the command line's `backup` and `restore`.
@Suite("Scheduled backups")
struct ScheduledBackupTests {
    @Test("the schedule reads 6h, 30m, 1d and seconds, and refuses less than a minute or nonsense")
    func intervals() {
        #expect(BackupSchedule.interval("6h") == 21_600)
        #expect(BackupSchedule.interval("30m") == 1_800)
        #expect(BackupSchedule.interval("1d") == 86_400)
        #expect(BackupSchedule.interval("120") == 120)
        #expect(BackupSchedule.interval("10s") == nil)
        #expect(BackupSchedule.interval("often") == nil)
    }

    @Test("each scheduled backup is verified and named by its time; only the newest --backup-keep are kept")
    func keepsNewest() async throws {
        let folder = try BackupTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("db.sqlite").path)
        let services = try await makeServices(database: database, config: AppConfiguration(), clock: .system,
                                              logger: .init(label: "test"), assets: StaticAssets(directory: ProjectPaths.static))
        var schedule = BackupSchedule(directory: folder.appendingPathComponent("backups").path)
        schedule.keep = 2
        let service = BackupService(services: services, schedule: schedule)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        for hour in 0..<3 {
            #expect(await service.runOnce(now: start.addingTimeInterval(Double(hour) * 3600)) != nil)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: schedule.directory).sorted()
        #expect(kept == ["commonplace-20260921-151320.sqlite", "commonplace-20260921-151320.sqlite.uploads",
                         "commonplace-20260921-161320.sqlite", "commonplace-20260921-161320.sqlite.uploads"])
        #expect(services.backups.last?.ok == true)
        #expect(services.backups.adminAlert == nil)
        #expect(try service.existing().map(\.date) == [start.addingTimeInterval(3600), start.addingTimeInterval(7200)])
    }

    @Test("a failed scheduled backup is loud: site admins see a banner on every page, members do not")
    func failureBanner() async throws {
        let f = try await ForumFixture.make()
        // A folder that can never be made: the backup fails, as the server's timer would run it.
        let services = try await makeServices(database: f.app.database, config: f.app.config, clock: f.app.clock.appClock,
                                              logger: .init(label: "test"), assets: StaticAssets(directory: ProjectPaths.static),
                                              backups: f.app.backups)
        let service = BackupService(services: services, schedule: BackupSchedule(directory: "/proc/commonplace-cannot-write-here"))
        #expect(await service.runOnce() == nil)
        #expect(f.app.backups.last?.ok == false)
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let page = try await browser.get("/")
            #expect(page.body.contains("The last backup failed"))
            let member = Browser(client: browser.client)
            try await member.signIn(email: "member@example.org")
            #expect(!(try await member.get("/").body.contains("The last backup failed")))
        }
    }

    @Test("commonplace backup, then restore (refused onto an existing file without --force), then check passes")
    func commandLine() async throws {
        let folder = try BackupTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("live.sqlite").path
        let app = try TestApp(database: AppDatabase.open(path: source))
        try await app.seed()
        let file = folder.appendingPathComponent("nightly.sqlite").path

        let backup = try CommandLineTests.run(["backup", "--database", source, "--to", file])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("copying the database: 100%"))
        #expect(backup.stdout.contains("ok   row counts"))

        let refused = try CommandLineTests.run(["restore", "--from", file, "--database", source])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--force"))

        let target = folder.appendingPathComponent("restored/db.sqlite").path
        let restore = try CommandLineTests.run(["restore", "--from", file, "--database", target])
        #expect(restore.status == 0, "\(restore.stderr)")
        let check = try CommandLineTests.run(["check", "--database", target])
        #expect(check.status == 0, "\(check.stdout)")
        #expect(!check.stdout.contains("FAIL"))
    }
}
