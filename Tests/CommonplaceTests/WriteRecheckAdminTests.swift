import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 1, for site admins' writes: an admin whose admin flag is removed between a request's check and its
/// write is refused like one whose flag was removed before, and nothing is written (`WriteRace`).
@Suite("Site admins' rules taken again inside the write")
struct WriteRecheckAdminTests {
    /// Races the removal of the admin's flag with `request` by the admin.
    private func race<Subject: Sendable>(tables: [String], setup: @escaping @Sendable (ForumFixture) async throws -> Subject,
                                         request: @escaping @Sendable (Browser, ForumFixture, Subject) async throws -> Browser.Page)
        async throws -> WriteRace.Outcome {
        try await WriteRace.run(as: "admin@example.org", tables: tables, setup: setup,
                                change: { f, _ in try await f.removeAdmin(f.admin) }, request: request)
    }

    @Test("creating and editing a community are refused when the admin flag is removed in between")
    func communities() async throws {
        let create = try await race(tables: ["community"], setup: { _ in }) { browser, _, _ in
            try await browser.post(Paths.adminNewCommunity, AdminCommunityTests.fields())
        }
        #expect(create.holds, "\(create)")
        let edit = try await race(tables: ["community"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.editCommunity(f.community), AdminCommunityTests.fields(name: "Privacy and access", slug: "privacy"))
        }
        #expect(edit.holds, "\(edit)")
    }

    @Test("archiving, reactivating and merging a community are refused when the admin flag is removed in between")
    func communityLife() async throws {
        let tables = ["community", "board", "membership", "discussion"]
        let archive = try await race(tables: tables, setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.archiveCommunity(f.otherCommunity), [("successor", "")])
        }
        #expect(archive.holds, "\(archive)")
        let reactivate = try await race(tables: tables, setup: { f in
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE community SET status = 'inactive', inactive_since = '2026-01-01' WHERE id = ?", arguments: [f.otherCommunity.id!])
            }
        }) { browser, f, _ in
            try await browser.post(Paths.reactivateCommunity(f.otherCommunity), [])
        }
        #expect(reactivate.holds, "\(reactivate)")
        let merge = try await race(tables: tables, setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.mergeCommunity(f.otherCommunity), [("into", f.community.slug)])
        }
        #expect(merge.holds, "\(merge)")
    }

    @Test("appointing a moderator is refused when the admin flag is removed in between")
    func appointModerator() async throws {
        let outcome = try await race(tables: ["membership"], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.memberRole(f.community, "member"), [("role", "moderator")])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("suspending an account and lifting a suspension are refused when the admin flag is removed in between")
    func suspensions() async throws {
        let suspend = try await race(tables: [], setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.suspendUser("member"), [("until", Formatting.isoDay(f.app.clock.now.addingTimeInterval(3 * 86_400))),
                                                                 ("reason", "Spam links")])
        }
        #expect(suspend.holds, "\(suspend)")
        let lift = try await race(tables: [], setup: { _ in }) { browser, _, _ in
            try await browser.post(Paths.unsuspendUser("suspended"), [])
        }
        #expect(lift.holds, "\(lift)")
    }

    @Test("making an account a site admin is refused when the admin flag is removed in between (no page does it yet)")
    func setAdmin() async throws {
        for racing in [false, true] {
            let f = try await ForumFixture.make()
            let guardian = try await f.guardian(f.admin)
            let memberID = f.member.id!
            let check = guardian.writeCheck { guardian, db in try guardian.ensureCanSetAdmin(of: CheckedRows.user(db, id: memberID)) }
            if racing {
                f.app.database.writeBarrier.once { try await f.removeAdmin(f.admin) }
            } else {
                try await f.removeAdmin(f.admin)
            }
            await #expect(throws: AppError.forbidden("Only site admins appoint site admins.")) {
                try await f.app.database.setAdmin(userID: memberID, true, checking: check)
            }
            #expect(try await f.app.database.user(id: memberID)?.isAdmin == false)
        }
        // The control: with the flag in place, the same check lets the write through.
        let f = try await ForumFixture.make()
        let guardian = try await f.guardian(f.admin)
        let memberID = f.member.id!
        try await f.app.database.setAdmin(userID: memberID, true, checking: guardian.writeCheck { guardian, db in
            try guardian.ensureCanSetAdmin(of: CheckedRows.user(db, id: memberID))
        })
        #expect(try await f.app.database.user(id: memberID)?.isAdmin == true)
    }
}
