import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

fileprivate func loggedActions(_ app: TestApp) async throws -> [ModerationAction] {
    try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
}

@Suite("The site's moderation log")
struct SiteLogTests {
    @Test("site admins' actions are logged once each: creating and editing a community, appointing and dismissing a moderator")
    func adminActionsLogged() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            #expect(try await browser.post("/admin/communities/new", AdminCommunityTests.fields()).status == .seeOther)
            #expect(try await browser.post("/admin/communities/quality-improvement/edit",
                                           AdminCommunityTests.fields(name: "Quality Improvement Network")).status == .seeOther)
            #expect(try await browser.post("/c/privacy/members/member/role", [("role", "moderator")]).status == .seeOther)
            let again = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/role", [("role", "moderator")]) }
            #expect(again.status == .conflict)
            #expect(again.body.contains("already a moderator"))
            #expect(try await browser.post("/c/privacy/members/member/role", [("role", "member")]).status == .seeOther)
        }
        let created = try #require(try await f.app.database.community(slug: "quality-improvement"))
        let log = try await loggedActions(f.app)
        #expect(log.map(\.action) == [.createCommunity, .editCommunity, .appointModerator, .dismissModerator])
        #expect(log[0].communityId == created.id && log[1].targetLabel == "Quality Improvement Network")
        #expect(log[2].communityId == f.community.id && log[2].targetId == f.member.id && log[2].targetLabel == "@member")
        #expect(log.allSatisfy { $0.actorId == f.admin.id })
    }

    @Test("a refused create or edit logs nothing")
    func refusalsNotLogged() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/new", AdminCommunityTests.fields(name: "")) }
            #expect(refused1.status == .badRequest)
            let refused2 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/edit", AdminCommunityTests.fields(slug: "finance")) }
            #expect(refused2.status == .badRequest)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let refused3 = try await f.app.expectNoWrite { try await browser.post("/admin/communities/privacy/edit", AdminCommunityTests.fields(slug: "privacy")) }
            #expect(refused3.status == .forbidden)
            let refused4 = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/role", [("role", "moderator")]) }
            #expect(refused4.status == .forbidden)
        }
        #expect(try await loggedActions(f.app).isEmpty)
    }

    @Test("the log lists every action newest first, with who, what, target, community, reason and when, filtered by action, community and actor")
    func listAndFilter() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        try await db.archiveCommunity(id: f.otherCommunity.id!, successorID: nil, actorID: f.admin.id!, now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        try await db.suspend(userID: f.author.id!, until: f.app.clock.now.addingTimeInterval(86_400 * 3), reason: "Repeated spam",
                             actorID: f.admin.id!, now: f.app.clock.now)
        f.app.clock.advance(by: 60)
        try await db.setRole(communityID: f.community.id!, userID: f.member.id!, role: .moderator, actorID: f.admin.id!, now: f.app.clock.now)
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let page = try await browser.get("/admin/log")
            #expect(page.status == .ok)
            #expect(page.body.contains("3 actions"))
            let appoint = try #require(page.body.range(of: "<td>Appoint moderator</td>"))
            let suspend = try #require(page.body.range(of: "<td>Suspend account</td>"))
            let archive = try #require(page.body.range(of: "<td>Archive community</td>"))
            #expect(appoint.lowerBound < suspend.lowerBound && suspend.lowerBound < archive.lowerBound)
            #expect(page.body.contains("<a href=\"/admin/users/admin\">@admin</a>"))
            #expect(page.body.contains("Repeated spam"))
            #expect(page.body.contains("@author"))
            #expect(page.body.contains("<a href=\"/c/finance\">Finance</a>"))
            #expect(page.body.contains("Site-wide"))
            #expect(page.body.contains("<option value=\"suspend_account\">Suspend account</option>"))

            let bySuspension = try await browser.get("/admin/log?action=suspend_account")
            #expect(bySuspension.body.contains("1 action"))
            #expect(bySuspension.body.contains("<option value=\"suspend_account\" selected>"))
            #expect(!bySuspension.body.contains("Archive community</td>"))
            let byCommunity = try await browser.get("/admin/log?community=finance")
            #expect(byCommunity.body.contains("1 action"))
            #expect(byCommunity.body.contains("<td>Archive community</td>"))
            #expect(try await browser.get("/admin/log?actor=admin").body.contains("3 actions"))
            #expect(try await browser.get("/admin/log?actor=moderator").body.contains("0 actions"))
            #expect(try await browser.get("/admin/log?action=bogus").status == .badRequest)
            #expect(try await browser.get("/admin/log?community=nowhere").status == .badRequest)
            #expect(try await browser.get("/admin/log?actor=nobody").status == .badRequest)
            #expect(try await browser.get("/admin/log?page=2").status == .notFound)
        }
    }

    @Test("the log pages 50 actions at a time")
    func paging() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.writer.write { db in
            for n in 0..<55 {
                try AppDatabase.log(db, ModerationAction(communityId: f.community.id, actorId: f.moderator.id, action: .lockDiscussion,
                                                         targetType: .discussion, targetId: nil, targetLabel: "Discussion \(n)",
                                                         createdAt: f.app.clock.now.addingTimeInterval(Double(n))))
            }
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let first = try await browser.get("/admin/log?actor=moderator")
            #expect(first.body.contains("Discussion 54"))
            #expect(!first.body.contains("Discussion 4<"))
            #expect(first.body.contains("href=\"/admin/log?actor=moderator&amp;page=2\"") || first.body.contains("href=\"/admin/log?actor=moderator&page=2\""))
            let second = try await browser.get("/admin/log?actor=moderator&page=2")
            #expect(second.body.contains("Discussion 4<"))
            #expect(second.body.contains("Discussion 0<"))
        }
    }

    @Test("only site admins read the site log: members and moderators 403, anonymous visitors to sign-in")
    func adminsOnly() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await browser.get("/admin/log")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.location?.hasPrefix("/signin") == true)
            for handle in ["member", "moderator"] {
                browser.clearCookies()
                try await browser.signIn(email: "\(handle)@example.org")
                let r = try await browser.get("/admin/log")
                #expect(r.status == .forbidden, "\(handle)")
                #expect(r.body.contains("Only site admins read"), "\(handle)")
            }
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let admin = try await browser.get("/admin/communities")
            #expect(admin.body.contains("href=\"/admin/log\""))
            #expect(admin.body.contains("href=\"/admin/users\""))
        }
    }
}
