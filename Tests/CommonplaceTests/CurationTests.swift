import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Curation: featuring, reviewing, outdated, archived; the review queue")
struct CurationTests {
    static let day: TimeInterval = 86_400

    @Test("a moderator features a resource: it shows on the community page (logged once); featuring it again is 409; unfeaturing takes it off")
    func feature() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource("Privacy impact assessment guide", type: .guide)
        try await f.app.run { browser in
            let before = try await browser.get("/c/privacy")
            #expect(!before.body.contains("Featured resources"))
            try await browser.signIn(email: "moderator@example.org")
            let featured = try await browser.post("/r/\(resource.id!)/feature", [("featured", "true")])
            #expect(featured.status == .seeOther)
            #expect(featured.location == "/r/\(resource.id!)/curate")
            #expect(try await f.stored(resource).featuredAt == f.app.clock.now)
            #expect(try await f.app.logRows().map(\.action) == [.featureResource])

            let again = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/feature", [("featured", "true")]) }
            #expect(again.status == .conflict && again.body.contains("already featured"))
            let bad = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/feature", [("featured", "maybe")]) }
            #expect(bad.status == .badRequest)
            #expect(try await f.app.logCount() == 1)

            browser.clearCookies()
            let page = try await browser.get("/c/privacy")
            #expect(page.body.contains("Featured resources"))
            #expect(page.body.contains(#"<a href="/r/\#(resource.id!)">Privacy impact assessment guide</a> <span class="badge kind">Guide</span>"#))

            try await browser.signIn(email: "moderator@example.org")
            let off = try await browser.post("/r/\(resource.id!)/feature", [("featured", "false"), ("return_to", "resource")])
            #expect(off.status == .seeOther && off.location == "/r/\(resource.id!)")
            let offAgain = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/feature", [("featured", "false")]) }
            #expect(offAgain.status == .conflict)
            let after = try await browser.get("/c/privacy")
            #expect(!after.body.contains("Featured resources"))
        }
        #expect(try await f.stored(resource).featuredAt == nil)
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.featureResource, .unfeatureResource])
        #expect(rows.allSatisfy { $0.targetType == .resource && $0.targetId == resource.id && $0.communityId == f.community.id && $0.actorId == f.moderator.id })
    }

    @Test("the community page lists at most five featured resources, newest featured first, without archived or held ones or other communities'")
    func featuredList() async throws {
        let f = try await ForumFixture.make()
        var resources: [Resource] = []
        for n in 1...7 {
            let r = try await f.resource("Resource number \(n)")
            f.app.clock.advance(by: 60)
            _ = try await f.app.database.curate(resourceID: r.id!, .feature, by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
            resources.append(r)
        }
        _ = try await f.app.database.curate(resourceID: resources[6].id!, .archive, by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        try await f.setResource(resources[5], "held_at = created_at")
        let elsewhere = try await f.resource("Finance featured resource", in: f.otherCommunity)
        try await f.setResource(elsewhere, "featured_at = created_at")
        try await f.app.run { browser in
            for email in [nil, "author@example.org", "moderator@example.org"] as [String?] {
                browser.clearCookies()
                if let email { try await f.signIn(browser, email) }
                let body = try await browser.get("/c/privacy").body
                // The featured section (each resource's discussion may also be among the latest discussions).
                let section = body[try #require(body.range(of: "id=\"featured-heading\"")).lowerBound...]
                let featured = String(section[..<(section.range(of: "</section>")?.lowerBound ?? section.endIndex)])
                let shown = (1...7).filter { featured.contains(">Resource number \($0)</a>") }
                #expect(shown == [1, 2, 3, 4, 5], "\(email ?? "anonymous")")
                let order = [5, 4, 3, 2, 1].compactMap { featured.range(of: ">Resource number \($0)</a>")?.lowerBound }
                #expect(order == order.sorted())
                #expect(!body.contains("Finance featured resource"))
            }
        }
    }

    @Test("a moderator confirms a resource is current: last reviewed now and by whom, outdated cleared, a passed review-by date cleared or a new one set")
    func review() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource(reviewBy: f.app.clock.now.addingTimeInterval(30 * Self.day))
        try await f.setResource(resource, "outdated_at = created_at, outdated_note = 'Old law'")
        f.app.clock.advance(by: 40 * Self.day)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let confirmed = try await browser.post("/r/\(resource.id!)/review", [("review_by", ""), ("return_to", "reviews")])
            #expect(confirmed.status == .seeOther && confirmed.location == "/mod/privacy/reviews")
            let stored = try await f.stored(resource)
            #expect(stored.lastReviewedAt == f.app.clock.now && stored.lastReviewedBy == f.moderator.id)
            #expect(stored.outdatedAt == nil && stored.outdatedNote == "")
            #expect(stored.reviewBy == nil)

            for bad in ["yesterday", "2020-01-01", "2026-02-30", "9999-01-01"] {
                let refused = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/review", [("review_by", bad)]) }
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.body.contains("Give the next review-by date as a day after today"))
            }
            #expect(try await f.app.logCount() == 1)
            let next = Formatting.isoDay(f.app.clock.now.addingTimeInterval(200 * Self.day))
            let withDate = try await browser.post("/r/\(resource.id!)/review", [("review_by", next)])
            #expect(withDate.status == .seeOther)
            #expect(try await f.stored(resource).reviewBy.map(Formatting.isoDay) == next)
            let panel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(panel.status == .ok)
            #expect(panel.body.contains("by Moderator"))
        }
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.reviewResource, .reviewResource])
        #expect(rows[1].reason.hasPrefix("next review by"))
    }

    @Test("marking outdated needs a note (400, nothing written); it sets the warning; again is 409; marking current clears it, again 409")
    func outdated() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let empty = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/outdated", [("note", "  ")]) }
            #expect(empty.status == .badRequest && empty.body.contains("Say what is out of date"))
            let long = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/outdated", [("note", String(repeating: "x", count: 501))]) }
            #expect(long.status == .badRequest && long.body.contains("at most 500 characters"))
            #expect(try await f.app.logCount() == 0)
            #expect(try await f.stored(resource).outdatedAt == nil)

            let marked = try await browser.post("/r/\(resource.id!)/outdated", [("note", "Replaced by the 2026 regulation")])
            #expect(marked.status == .seeOther)
            let stored = try await f.stored(resource)
            #expect(stored.outdatedAt == f.app.clock.now && stored.outdatedNote == "Replaced by the 2026 regulation")
            let again = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/outdated", [("note", "Still old")]) }
            #expect(again.status == .conflict)
            let panel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(panel.body.contains("Replaced by the 2026 regulation"))
            #expect(panel.body.contains("Mark current"))

            let current = try await browser.post("/r/\(resource.id!)/current", [])
            #expect(current.status == .seeOther)
            let currentAgain = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/current", []) }
            #expect(currentAgain.status == .conflict && currentAgain.body.contains("not marked outdated"))
        }
        let stored = try await f.stored(resource)
        #expect(stored.outdatedAt == nil && stored.outdatedNote == "")
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.markOutdated, .markCurrent])
        #expect(rows[0].reason == "Replaced by the 2026 regulation")
    }

    @Test("archive and unarchive: each once (409 when already so); an archived resource cannot be featured, reviewed or marked outdated")
    func archive() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let archived = try await browser.post("/r/\(resource.id!)/archive", [])
            #expect(archived.status == .seeOther)
            #expect(try await f.stored(resource).archivedAt == f.app.clock.now)
            let again = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/archive", []) }
            #expect(again.status == .conflict && again.body.contains("archived"))
            for (path, fields) in [("feature", [("featured", "true")]), ("review", []), ("outdated", [("note", "Old")])] as [(String, [(String, String)])] {
                let refused = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/\(path)", fields) }
                #expect(refused.status == .conflict, "\(path)")
                #expect(refused.body.contains("unarchive it first"), "\(path)")
            }
            let panel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(panel.body.contains("Unarchive"))
            let unarchived = try await browser.post("/r/\(resource.id!)/unarchive", [])
            #expect(unarchived.status == .seeOther)
            let unarchivedAgain = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/unarchive", []) }
            #expect(unarchivedAgain.status == .conflict && unarchivedAgain.body.contains("not archived"))
        }
        #expect(try await f.stored(resource).archivedAt == nil)
        #expect(try await f.app.logRows().map(\.action) == [.archiveResource, .unarchiveResource])
    }

    @Test("a resource awaiting approval cannot be curated (409)")
    func held() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        try await f.setResource(resource, "held_at = created_at")
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/feature", [("featured", "true")]) }
            #expect(refused.status == .conflict && refused.body.contains("awaiting approval"))
            let panel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(panel.status == .ok && panel.body.contains("awaiting approval"))
        }
        #expect(try await f.app.logCount() == 0)
    }

    @Test("curation is refused to members and other moderators (403), hidden from those who cannot see (404), to visitors and suspended accounts; nothing written")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        let secret = try await f.resource("Incident playbook", in: f.privateCommunity)
        let actions: [(String, [(String, String)])] = [
            ("feature", [("featured", "true")]), ("review", []), ("outdated", [("note", "Old")]),
            ("current", []), ("archive", []), ("unarchive", []),
        ]
        try await f.app.run { browser in
            let anonymousPanel = try await browser.get("/r/\(resource.id!)/curate")
            #expect(anonymousPanel.status == .seeOther && anonymousPanel.location?.hasPrefix("/signin?next=") == true)
            let anonymousSecret = try await browser.get("/r/\(secret.id!)/curate")
            #expect(anonymousSecret.status == .notFound)
            let anonymousQueue = try await browser.get("/mod/privacy/reviews")
            #expect(anonymousQueue.status == .seeOther)
            for (path, fields) in actions {
                let anonymous = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/\(path)", fields) }
                #expect(anonymous.status == .forbidden, "anonymous \(path)")
            }
            for email in ["member@example.org", "author@example.org", "othermod@example.org", "suspended@example.org"] {
                browser.clearCookies()
                try await f.signIn(browser, email)
                #expect(try await browser.get("/r/\(resource.id!)/curate").status == .forbidden, "\(email)")
                #expect(try await browser.get("/mod/privacy/reviews").status == .forbidden, "\(email)")
                for (path, fields) in actions {
                    let refused = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/\(path)", fields) }
                    #expect(refused.status == .forbidden, "\(email) \(path)")
                }
            }
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            #expect(try await browser.get("/r/\(secret.id!)/curate").status == .notFound)
            #expect(try await browser.get("/mod/security/reviews").status == .notFound)
            for (path, fields) in actions {
                let hidden = try await f.app.expectNoWrite { try await browser.post("/r/\(secret.id!)/\(path)", fields) }
                #expect(hidden.status == .notFound, "othermod \(path)")
            }
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.get("/r/999999/curate").status == .notFound)
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/r/999999/feature", [("featured", "true")]) }
            #expect(refused1.status == .notFound)
            let refused2 = try await f.app.expectNoWrite { try await browser.post("/r/abc/archive", []) }
            #expect(refused2.status == .notFound)
        }
        #expect(try await f.stored(resource) == resource)
        #expect(try await f.stored(secret) == secret)
        #expect(try await f.app.logCount() == 0)
    }

    @Test("an inactive community's moderators cannot curate: its library is kept for reading")
    func inactive() async throws {
        let f = try await ForumFixture.make()
        let resource = try await f.resource()
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET status = 'inactive' WHERE id = ?", arguments: [f.community.id!])
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post("/r/\(resource.id!)/feature", [("featured", "true")]) }
            #expect(refused.status == .forbidden && refused.body.contains("inactive"))
        }
        #expect(try await f.app.logCount() == 0)
    }

    @Test("the review queue lists exactly the resources due: past their review-by date, or unreviewed for the community's months; oldest first")
    func reviewQueue() async throws {
        let f = try await ForumFixture.make()
        let start = f.app.clock.now
        let neverReviewed = try await f.resource("Never reviewed since shared")
        let reviewedRecently = try await f.resource("Reviewed six months in")
        let archived = try await f.resource("Archived long ago")
        let outdated = try await f.resource("Marked outdated")
        let held = try await f.resource("Held old resource")
        let elsewhere = try await f.resource("Finance old resource", in: f.otherCommunity)
        try await f.setResource(archived, "archived_at = created_at")
        try await f.setResource(outdated, "outdated_at = created_at, outdated_note = 'Superseded'")
        try await f.setResource(held, "held_at = created_at")
        f.app.clock.advance(by: 180 * Self.day)
        _ = try await f.app.database.curate(resourceID: reviewedRecently.id!, .review(nextReviewBy: nil),
                                            by: ModeratorStamp(moderatorID: f.moderator.id!, at: f.app.clock.now))
        f.app.clock.advance(by: 180 * Self.day)
        let pastReviewBy = try await f.resource("Review-by date passed", reviewBy: f.app.clock.now.addingTimeInterval(10 * Self.day))
        _ = try await f.resource("Review-by date ahead", reviewBy: f.app.clock.now.addingTimeInterval(100 * Self.day))
        f.app.clock.advance(by: 30 * Self.day)
        // Now: 390 days after the start. Twelve months back is 25 days after it.
        #expect(f.app.clock.now.timeIntervalSince(start) == 390 * Self.day)

        let (due, total) = try await f.app.database.resourcesDueForReview(communityID: f.community.id!, now: f.app.clock.now)
        #expect(due.map(\.resource.id) == [neverReviewed.id, pastReviewBy.id])
        #expect(total == 2)
        #expect(try await f.app.database.outdatedResources(communityID: f.community.id!).map(\.resource.id) == [outdated.id])
        _ = elsewhere

        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let queue = try await browser.get("/mod/privacy/reviews")
            #expect(queue.status == .ok)
            #expect(queue.body.contains("2 resources are due for review."))
            #expect(queue.body.contains("Never reviewed since it was shared on"))
            #expect(queue.body.contains("Its review-by date"))
            let first = try #require(queue.body.range(of: "Never reviewed since shared"))
            let second = try #require(queue.body.range(of: ">Review-by date passed<"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(queue.body.contains("Superseded"))
            for absent in ["Reviewed six months in", "Archived long ago", "Held old resource", "Finance old resource", "Review-by date ahead"] {
                #expect(!queue.body.contains(absent), "\(absent)")
            }
            let dashboard = try await browser.get("/mod/privacy")
            #expect(dashboard.body.contains(#"Resources to review</a></h2><p class="figure">2</p>"#))

            // Confirming from the queue settles it there.
            let confirmed = try await browser.post("/r/\(neverReviewed.id!)/review", [("return_to", "reviews")])
            #expect(confirmed.status == .seeOther && confirmed.location == "/mod/privacy/reviews")
            let archivedNow = try await browser.post("/r/\(pastReviewBy.id!)/archive", [("return_to", "reviews")])
            #expect(archivedNow.status == .seeOther)
            let empty = try await browser.get("/mod/privacy/reviews")
            #expect(empty.body.contains("Nothing is due for review"))
        }

        // A longer setting makes a new resource wait longer.
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET resource_review_months = 24 WHERE id = ?", arguments: [f.community.id!])
        }
        let later = try await f.resource("Shared later")
        f.app.clock.advance(by: 400 * Self.day)
        let (dueLater, _) = try await f.app.database.resourcesDueForReview(communityID: f.community.id!, now: f.app.clock.now)
        #expect(!dueLater.contains { $0.resource.id == later.id })
        f.app.clock.advance(by: 400 * Self.day)
        let (dueLatest, _) = try await f.app.database.resourcesDueForReview(communityID: f.community.id!, now: f.app.clock.now)
        #expect(dueLatest.contains { $0.resource.id == later.id })
    }

    @Test("moderators set the review months (1-120) and resource approval in the settings; bad values are 400; an older form leaves them as they are")
    func settings() async throws {
        let f = try await ForumFixture.make()
        let base = [("hold_first_posts", "0"), ("flag_hide_threshold", "3"), ("unanswered_after_days", "7")]
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let page = try await browser.get("/mod/privacy/settings")
            #expect(page.body.contains(#"name="resource_review_months" type="text" inputmode="numeric" pattern="[0-9]*" value="12""#))
            for bad in ["0", "121", "soon"] {
                let refused = try await f.app.expectNoWrite { try await browser.post("/mod/privacy/settings", base + [("resource_review_months", bad)]) }
                #expect(refused.status == .badRequest && refused.body.contains("due for review must be a whole number from 1 to 120"))
            }
            #expect(try await f.app.logCount() == 0)
            let saved = try await browser.post("/mod/privacy/settings", base + [("resource_review_months", "6"), ("require_resource_approval", "on")])
            #expect(saved.status == .seeOther)
            #expect(try await f.app.database.resourceSettings(communityID: f.community.id!) == ResourceSettings(reviewMonths: 6, requireApproval: true))
            let shown = try await browser.get("/mod/privacy/settings")
            #expect(shown.body.contains(#"value="6""#) && shown.body.contains("checked"))
            let older = try await browser.post("/mod/privacy/settings", [("hold_first_posts", "1"), ("flag_hide_threshold", "3"), ("unanswered_after_days", "7")])
            #expect(older.status == .seeOther)
            #expect(try await f.app.database.resourceSettings(communityID: f.community.id!) == ResourceSettings(reviewMonths: 6, requireApproval: true))
            let unchecked = try await browser.post("/mod/privacy/settings", [("hold_first_posts", "1"), ("flag_hide_threshold", "3"), ("unanswered_after_days", "7"), ("resource_review_months", "6")])
            #expect(unchecked.status == .seeOther)
        }
        #expect(try await f.app.database.resourceSettings(communityID: f.community.id!) == ResourceSettings(reviewMonths: 6, requireApproval: false))
        let rows = try await f.app.logRows()
        #expect(rows.map(\.action) == [.changeSettings, .changeSettings, .changeSettings])
        #expect(rows[0].reason.contains("review resources after 6 months"))
    }
}
