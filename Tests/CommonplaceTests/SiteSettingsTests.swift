import Foundation
import GRDB
import Testing
@testable import Commonplace

/// `/admin/settings` (issue 16): site admins only, each field checked, each change in the site log, effective at once.
@Suite("Site settings: the admin page")
struct SiteSettingsTests {
    /// The whole form for `settings`, with some fields replaced.
    static func form(_ settings: SiteSettings = SiteSettings(), _ changes: [String: String] = [:]) -> [(String, String)] {
        let m = settings.newCommunity
        var fields: [(String, String)] = [
            ("site_name", settings.name), ("site_description", settings.description), ("contact_email", settings.contactEmail),
            ("time_zone", settings.defaultTimeZone), ("registration", settings.registration.rawValue),
            ("email_domains", settings.emailDomains.joined(separator: "\n")),
            ("max_upload_mib", SiteSettingsController.mebibytes(settings.maxUploadBytes)),
            ("hold_first_posts", String(m.holdFirstPosts)), ("flag_hide_threshold", String(m.flagHideThreshold)),
            ("unanswered_after_days", String(m.unansweredAfterDays)), ("resource_review_months", String(m.resourceReviewMonths)),
        ]
        if m.requireResourceApproval { fields.append(("require_resource_approval", "on")) }
        for (key, value) in changes {
            fields.removeAll { $0.0 == key }
            fields.append((key, value))
        }
        return fields
    }

    static func logRows(_ app: TestApp) async throws -> [(label: String, reason: String)] {
        try await app.database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT target_label, reason FROM moderation_action WHERE action = 'change_site_setting' ORDER BY id")
                .map { ($0[0], $0[1]) }
        }
    }

    @Test("site admins see the settings; members get 403, visitors are sent to sign in, and refused saves write nothing")
    func access() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await browser.get(Paths.adminSettings)
            #expect(anonymous.status == .seeOther && anonymous.location?.hasPrefix("/signin") == true)
            let anonymousPost = try await f.app.expectNoWrite { try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), ["site_name": "Taken"])) }
            #expect(anonymousPost.status == .seeOther || anonymousPost.status == .forbidden)
            try await browser.signIn(email: "member@example.org")
            let member = try await f.app.expectNoWrite(ignoring: ["session"]) { try await browser.get(Paths.adminSettings) }
            #expect(member.status == .forbidden && member.body.contains("Only site admins change the site"))
            let memberPost = try await f.app.expectNoWrite(ignoring: ["session"]) {
                try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), ["site_name": "Taken"]))
            }
            #expect(memberPost.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let page = try await browser.get(Paths.adminSettings)
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>Site settings</h1>") && page.body.contains("value=\"Commonplace\""))
            #expect(page.body.contains("<option value=\"America/Toronto\" selected>"))
            #expect(page.body.contains("id=\"registration-open\" name=\"registration\" type=\"radio\" value=\"open\" checked"))
            #expect(page.body.contains("Scheduled backups are off"))
            let noToken = try await f.app.expectNoWrite(ignoring: ["session"]) {
                try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), ["site_name": "Taken"]), csrf: "")
            }
            #expect(noToken.status == .forbidden)
        }
        #expect(f.app.database.site.current.name == "Commonplace")
    }

    @Test("a saved name shows at once in every title, the header, the directory and the footer; each change is logged old → new")
    func saveTakesEffect() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let before = try await browser.get("/")
            #expect(before.body.contains("· Commonplace</title>"))
            try await browser.signIn(email: "admin@example.org")
            let saved = try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), [
                "site_name": "Health Alliance Forum", "site_description": "Where the alliance's practitioners learn together.",
                "contact_email": "Forum@Alliance.example", "hold_first_posts": "2",
            ]))
            #expect(saved.status == .seeOther && saved.location == Paths.adminSettings + "?saved=1")
            let after = try await browser.get(Paths.adminSettings + "?saved=1")
            #expect(after.body.contains("Settings saved."))
            #expect(after.body.contains("value=\"Health Alliance Forum\"") && after.body.contains("value=\"forum@alliance.example\""))
            browser.clearCookies()
            let home = try await browser.get("/")
            #expect(home.body.contains("· Health Alliance Forum</title>"))
            #expect(home.body.contains("class=\"brand\" href=\"/\">Health Alliance Forum</a>"))
            #expect(home.body.contains("<h1>Health Alliance Forum</h1>"))
            #expect(home.body.contains("practitioners learn together.</p>"))
            #expect(home.body.contains("<a href=\"mailto:forum@alliance.example\">forum@alliance.example</a>"))
            #expect(!home.body.contains("· Commonplace</title>"))
        }
        let rows = try await Self.logRows(f.app)
        #expect(rows.map(\.label) == ["Site name", "Site description", "Contact address", "New communities: posts held for approval"])
        #expect(rows.first?.reason == "“Commonplace” → “Health Alliance Forum”")
        #expect(rows.last?.reason == "“0” → “2”")
        let actor = try await f.app.database.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT actor_id FROM moderation_action WHERE action = 'change_site_setting' LIMIT 1")
        }
        #expect(actor == f.admin.id)
        // The site log names them for admins.
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let log = try await browser.get("/admin/log?action=change_site_setting")
            #expect(log.body.contains("Site name") && log.body.contains("“Commonplace” → “Health Alliance Forum”"))
            // Saving again, unchanged, writes nothing.
            let same = try await f.app.expectNoWrite(ignoring: ["session"]) {
                try await browser.post(Paths.adminSettings, Self.form(f.app.database.site.current))
            }
            #expect(same.status == .seeOther)
        }
    }

    @Test("each invalid field is refused beside it, with what was typed kept, and nothing is written")
    func validation() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let refused = try await f.app.expectNoWrite(ignoring: ["session"]) {
                try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), [
                    "site_name": "", "contact_email": "not-an-address", "time_zone": "Mars/Olympus",
                    "registration": "sometimes", "email_domains": "uhn.ca\nnot a domain!", "max_upload_mib": "0",
                    "hold_first_posts": "99", "flag_hide_threshold": "1", "unanswered_after_days": "x",
                    "resource_review_months": "1000", "site_description": String(repeating: "d", count: 301),
                ]))
            }
            #expect(refused.status == .badRequest)
            let body = refused.body
            #expect(body.contains("Please correct the fields marked below"))
            for message in ["Give the site a name of 1 to 60 characters.", "Enter a valid email address",
                            "is not a time zone this server knows", "Choose open, by invitation only, or closed.",
                            "is not a domain", "The upload limit must be a number of MiB from 1 to 1024",
                            "Posts held for approval must be a whole number from 0 to 20.",
                            "flags that hides a post must be a whole number from 2 to 20",
                            "days before a question counts as unanswered", "months before a resource is due for review",
                            "Keep the description to 300 characters."] {
                #expect(body.contains(message), "\(message)")
            }
            #expect(body.contains("id=\"hold_first_posts\" name=\"hold_first_posts\" type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" value=\"99\""))
            #expect(body.contains("value=\"not-an-address\""))
            #expect(body.contains("aria-invalid=\"true\""))
        }
        #expect(f.app.database.site.current == SiteSettings())
    }

    @Test("saved settings outlive a restart and win over the command line's value; unsaved ones follow the command line")
    func restartAndFlags() async throws {
        let database = try AppDatabase.inMemory()
        var settings = SiteSettings()
        settings.maxUploadBytes = 20 << 20
        settings.name = "Alliance"
        try await database.saveSiteSettings(settings, actorID: try await TestApp(database: database).createUser(handle: "root", admin: true).id!,
                                            now: Date(), checking: .trusted)
        let restarted = try TestApp(database: database) { config in
            config.maxUploadBytes = 5 << 20
            config.mail.defaultTimeZone = "Europe/Paris"
        }
        try await restarted.run { browser in
            try await browser.signIn(email: "root@example.org")
            let page = try await browser.get(Paths.adminSettings)
            #expect(page.body.contains("id=\"max_upload_mib\" name=\"max_upload_mib\" type=\"text\" inputmode=\"decimal\" value=\"20\""))
            #expect(page.body.contains("<option value=\"Europe/Paris\" selected>"), "never saved: the command line's zone")
            #expect(page.body.contains("value=\"Alliance\""))
        }
        #expect(database.site.current.maxUploadBytes == 20 << 20)
        #expect(database.site.current.defaultTimeZone == "Europe/Paris")
    }

    @Test("an admin whose flag is removed between the check and the write is refused inside it, and nothing is saved")
    func raceWithAdminRemoval() async throws {
        // Watched: the site log, written in the same transaction as the settings' rows (the `setting` table itself also
        // holds each forum's random server secret, so two fresh forums never end alike there).
        let outcome = try await WriteRace.run(as: "admin@example.org", tables: [], setup: { _ in },
                                              change: { f, _ in try await f.removeAdmin(f.admin) }) { browser, _, _ in
            try await browser.post(Paths.adminSettings, Self.form(SiteSettings(), ["site_name": "Taken over"]))
        }
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("the last scheduled backup's time and result are on the settings page")
    func backupStatus() async throws {
        // No schedule in the app (its backup service would run for real); the outcome is set as the service sets it.
        let f = try await ForumFixture.make()
        f.app.backups.failed(at: Date(timeIntervalSince1970: 1_790_000_000), "disk full")
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let page = try await browser.get(Paths.adminSettings)
            let backups = page.body.components(separatedBy: "<h2>Backups</h2>").last ?? ""
            #expect(backups.contains("Scheduled backups are off"))
            #expect(backups.contains("Last scheduled backup:") && backups.contains("failed: disk full"), "\(backups)")
        }
        var schedule = BackupSchedule(directory: "/var/backups/commonplace")
        let status = BackupStatus()
        #expect(BackupSummary(schedule: schedule, status: status).schedule
                == "Scheduled backups run every 6 hours into /var/backups/commonplace; the newest 14 are kept.")
        #expect(BackupSummary(schedule: schedule, status: status).last == nil)
        schedule.interval = 30 * 60
        #expect(BackupSummary(schedule: schedule, status: status).schedule.hasPrefix("Scheduled backups run every 30 minutes"))
    }
}
