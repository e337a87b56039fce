import Foundation
import GRDB
import Testing
@testable import Commonplace

/// What the site's settings change without a restart: the upload limit, the default time zone, new communities'
/// moderation settings (issue 16).
@Suite("Site settings: effects")
struct SiteSettingsEffectTests {
    @Test("the upload limit saved by an admin is enforced at once by the upload route, and the form says it")
    func uploadLimit() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        var settings = f.app.database.site.current
        settings.maxUploadBytes = 1 << 20
        let form = SiteSettingsTests.form(settings)
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let saved = try await browser.post(Paths.adminSettings, form)
            #expect(saved.status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.newResource(f.community))
            #expect(page.body.contains("1 MB"))
            let big = SampleFiles.pdf + [UInt8](repeating: 0x20, count: (1 << 20) + 10)
            let refused = try await f.app.expectNoWrite(ignoring: ["session"]) {
                try await browser.postMultipart(Paths.newResource(f.community), ResourceUploadTests.fields, file: UploadFile(fileName: "big.pdf", bytes: big))
            }
            #expect(refused.status == .contentTooLarge)
            #expect(refused.body.contains("The file is larger than 1 MB, the most this site accepts."))
            let fits = SampleFiles.pdf + [UInt8](repeating: 0x20, count: 500_000)
            let ok = try await browser.postMultipart(Paths.newResource(f.community), ResourceUploadTests.fields, file: UploadFile(fileName: "ok.pdf", bytes: fits))
            #expect(ok.status == .seeOther)
        }
        #expect(try rf.files().count == 1)
    }

    @Test("visitors and members without a zone read times in the site's default zone as soon as an admin changes it")
    func defaultTimeZone() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(date: "2026-11-10")
        try await f.app.run { browser in
            let before = try await browser.get(Paths.meeting(meeting))
            #expect(before.body.contains("Tue 10 Nov, 12:00–13:00</time> <span class=\"muted\">Toronto time</span>"))
            try await browser.signIn(email: "admin@example.org")
            var settings = f.app.database.site.current
            settings.defaultTimeZone = "Europe/Paris"
            #expect(try await browser.post(Paths.adminSettings, SiteSettingsTests.form(settings)).status == .seeOther)
            browser.clearCookies()
            let after = try await browser.get(Paths.meeting(meeting))
            #expect(after.body.contains("Tue 10 Nov, 18:00–19:00</time> <span class=\"muted\">Paris time</span>"))
            #expect(after.body.contains("Tue 10 Nov, 12:00–13:00 Toronto time"))
            try await browser.signIn(email: "member@example.org")
            let settingsPage = try await browser.get(Paths.settings)
            #expect(settingsPage.body.contains("The site&#39;s default (Europe/Paris)") || settingsPage.body.contains("The site's default (Europe/Paris)"))
        }
    }

    @Test("a community a site admin creates starts with the site's moderation settings for new communities")
    func newCommunityDefaults() async throws {
        let f = try await ForumFixture.make()
        var settings = f.app.database.site.current
        settings.newCommunity = ModerationDefaults()
        settings.newCommunity.holdFirstPosts = 2
        settings.newCommunity.flagHideThreshold = 5
        settings.newCommunity.unansweredAfterDays = 14
        settings.newCommunity.resourceReviewMonths = 6
        settings.newCommunity.requireResourceApproval = true
        let form = SiteSettingsTests.form(settings)
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            #expect(try await browser.post(Paths.adminSettings, form).status == .seeOther)
            #expect(try await browser.post(Paths.adminNewCommunity, AdminCommunityTests.fields()).status == .seeOther)
        }
        let community = try #require(try await f.app.database.community(slug: "quality-improvement"))
        #expect((community.holdFirstPosts, community.flagHideThreshold, community.unansweredAfterDays) == (2, 5, 14))
        #expect(try await f.app.database.resourceSettings(communityID: community.id!) == ResourceSettings(reviewMonths: 6, requireApproval: true))
        // Communities that existed keep their own.
        let old = try #require(try await f.app.database.community(slug: "privacy"))
        #expect(old.holdFirstPosts == 0 && old.flagHideThreshold == Community.defaultFlagHideThreshold)
    }

    @Test("domains and upload sizes are read as people type them")
    func parsing() {
        let (domains, problem) = SiteSettings.domains("@UHN.ca, sinaihealth.ca\nuhn.ca")
        #expect(domains == ["uhn.ca", "sinaihealth.ca"] && problem == nil)
        #expect(SiteSettings.domains("localhost").1 != nil)
        #expect(SiteSettings.domains("-bad.example").1 != nil)
        var s = SiteSettings()
        s.emailDomains = ["uhn.ca"]
        #expect(s.allowsDomain(of: "a@uhn.ca") && s.allowsDomain(of: "a@lab.UHN.ca"))
        #expect(!s.allowsDomain(of: "a@evil-uhn.ca") && !s.allowsDomain(of: "a@uhn.ca.evil.example"))
        #expect(SiteSettingsController.mebibytes(10 << 20) == "10")
        #expect(SiteSettingsController.mebibytes(5_000_000) == "4.77")
    }
}
