import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

fileprivate func loggedActions(_ app: TestApp) async throws -> [ModerationAction] {
    try await app.database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
}

fileprivate func sessionCount(_ app: TestApp, _ user: User) async throws -> Int {
    try await app.database.reader.read { db in try Session.filter(Column("user_id") == user.id!).fetchCount(db) }
}

@Suite("Suspending accounts")
struct SuspensionTests {
    /// A date `days` after the test clock's today, as the form sends it.
    static func day(_ f: ForumFixture, in days: Int) -> String {
        Formatting.isoDay(f.app.clock.now.addingTimeInterval(Double(days) * 86_400))
    }

    @Test("a site admin suspends an account until a date with a reason: its sessions end at once, one log row")
    func suspend() async throws {
        let f = try await ForumFixture.make()
        let until = Self.day(f, in: 10)
        try await f.app.run { admin in
            let member = Browser(client: admin.client)
            try await member.signIn(email: "member@example.org")
            #expect(try await member.get("/settings").status == .ok)

            try await admin.signIn(email: "admin@example.org")
            let page = try await admin.get("/admin/users/member")
            #expect(page.status == .ok)
            #expect(page.body.contains("Suspend this account"))
            let r = try await admin.post("/admin/users/member/suspend", [("until", until), ("reason", "Posting advertisements")])
            #expect(r.status == .seeOther)
            #expect(r.location == "/admin/users/member")
            let after = try await admin.get("/admin/users/member")
            #expect(after.body.contains("suspended until"))
            #expect(after.body.contains("Posting advertisements"))
            #expect(after.body.contains("Lift the suspension"))

            let signedOut = try await member.get("/settings")
            #expect(signedOut.status == .seeOther)
            #expect(signedOut.location?.hasPrefix("/signin") == true)
        }
        let user = try #require(try await f.app.database.user(handle: "member"))
        #expect(user.suspendedUntil == Suspension.endOfDay(until))
        #expect(user.suspensionReason == "Posting advertisements")
        #expect(try await sessionCount(f.app, user) == 0)
        let log = try await loggedActions(f.app)
        #expect(log.count == 1)
        #expect(log.first?.action == .suspendAccount && log.first?.communityId == nil)
        #expect(log.first?.targetId == f.member.id && log.first?.reason == "Posting advertisements")
    }

    @Test("a suspended account is refused at sign-in once its password is right, told until when and why; a wrong password gets the ordinary answer")
    func signInRefused() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let wrong = try await browser.signIn(email: "suspended@example.org", password: "not the password at all")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("do not match an account"))
            #expect(!wrong.body.contains("suspended this account"))
            let right = try await browser.signIn(email: "suspended@example.org")
            #expect(right.status == .forbidden)
            #expect(right.body.contains("suspended this account until \(Formatting.day(f.suspended.suspendedUntil!))"))
            #expect(right.body.contains("spam"))
            #expect(try await browser.get("/settings").status == .seeOther)
        }
        #expect(try await sessionCount(f.app, f.suspended) == 0)
    }

    @Test("lifting a suspension lets the account sign in again, logged once; lifting when not suspended is 409 and logs nothing")
    func lift() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "admin@example.org")
            let notSuspended = try await f.app.expectNoWrite { try await browser.post("/admin/users/member/unsuspend", []) }
            #expect(notSuspended.status == .conflict)
            #expect(notSuspended.body.contains("@member is not suspended"))
            let r = try await browser.post("/admin/users/suspended/unsuspend", [])
            #expect(r.status == .seeOther)
            #expect(r.location == "/admin/users/suspended")
            browser.clearCookies()
            #expect(try await browser.signIn(email: "suspended@example.org").status == .seeOther)
        }
        let user = try #require(try await f.app.database.user(handle: "suspended"))
        #expect(user.suspendedUntil == nil && user.suspensionReason.isEmpty)
        #expect(try await loggedActions(f.app).map(\.action) == [.liftSuspension])
    }

    @Test("suspension refusals: members and moderators 403, yourself 403, a past, malformed or missing date or reason 400 with the form, unknown account 404; nothing written or logged")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        let good = [("until", Self.day(f, in: 5)), ("reason", "Spam")]
        try await f.app.run { browser in
            let refused1 = try await f.app.expectNoWrite { try await browser.post("/admin/users/member/suspend", good) }
            #expect(refused1.status == .forbidden)
            #expect(try await browser.get("/admin/users/member").status == .seeOther)
            for handle in ["member", "moderator"] {
                browser.clearCookies()
                try await browser.signIn(email: "\(handle)@example.org")
                let r = try await f.app.expectNoWrite { try await browser.post("/admin/users/author/suspend", good) }
                #expect(r.status == .forbidden, "\(handle)")
                #expect(r.body.contains("Only site admins suspend accounts"), "\(handle)")
                let refused2 = try await f.app.expectNoWrite { try await browser.post("/admin/users/suspended/unsuspend", []) }
                #expect(refused2.status == .forbidden)
                #expect(try await browser.get("/admin/users/author").status == .forbidden)
            }
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let yourself = try await f.app.expectNoWrite { try await browser.post("/admin/users/admin/suspend", good) }
            #expect(yourself.status == .forbidden)
            #expect(yourself.body.contains("You cannot suspend your own account"))
            #expect(try await browser.get("/admin/users/admin").body.contains("You cannot suspend your own account"))
            let refused3 = try await f.app.expectNoWrite { try await browser.post("/admin/users/nobody/suspend", good) }
            #expect(refused3.status == .notFound)
            #expect(try await browser.get("/admin/users/nobody").status == .notFound)
            let refused4 = try await f.app.expectNoWrite { try await browser.post("/admin/users/nobody/unsuspend", []) }
            #expect(refused4.status == .notFound)
            for (until, message) in [(Self.day(f, in: 0), "Choose a date after today"), (Self.day(f, in: -3), "Choose a date after today"),
                                     ("2026-02-30", "Use a date of the form"), ("next week", "Use a date of the form"),
                                     ("", "Choose the date the suspension ends")] {
                let r = try await f.app.expectNoWrite { try await browser.post("/admin/users/author/suspend", [("until", until), ("reason", "Spam")]) }
                #expect(r.status == .badRequest, "\(until)")
                #expect(r.body.contains(message), "\(until)")
                #expect(r.body.contains("id=\"until\""), "\(until)")
            }
            let noReason = try await f.app.expectNoWrite { try await browser.post("/admin/users/author/suspend", [("until", Self.day(f, in: 5)), ("reason", " ")]) }
            #expect(noReason.status == .badRequest)
            #expect(noReason.body.contains("Give the reason"))
            let long = try await browser.post("/admin/users/author/suspend", [("until", Self.day(f, in: 5)),
                                                                                ("reason", String(repeating: "x", count: Suspension.maxReasonLength + 1))])
            #expect(long.status == .badRequest)
            #expect(long.body.contains("at most \(Suspension.maxReasonLength) characters"))
            #expect(long.body.contains(Self.day(f, in: 5)))
        }
        #expect(try await f.app.database.user(handle: "author")?.suspendedUntil == nil)
        #expect(try await f.app.database.user(handle: "admin")?.suspendedUntil == nil)
        #expect(try await f.app.database.user(handle: "suspended")?.suspendedUntil != nil)
        #expect(try await loggedActions(f.app).isEmpty)
    }

    @Test("the accounts list is for site admins: found by handle, name or email, 50 to a page, suspended ones marked")
    func accountsList() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        for n in 1...55 {
            try await f.app.database.createUser(User(handle: "bulk\(n)", email: "bulk\(n)@example.net", displayName: "Bulk Person \(n)",
                                                     passwordHash: "x", createdAt: now.addingTimeInterval(Double(n)), updatedAt: now))
        }
        try await f.app.run { browser in
            #expect(try await browser.get("/admin/users").status == .seeOther)
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get("/admin/users").status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            let first = try await browser.get("/admin/users")
            #expect(first.status == .ok)
            #expect(first.body.contains("62 accounts"))
            #expect(first.body.components(separatedBy: "<tr><td><a href=\"/admin/users/").count - 1 == 50)
            #expect(first.body.contains("href=\"/admin/users?page=2\""))
            let second = try await browser.get("/admin/users?page=2")
            #expect(second.body.components(separatedBy: "<tr><td><a href=\"/admin/users/").count - 1 == 12)
            #expect(second.body.contains("Suspended until"))
            #expect(try await browser.get("/admin/users?page=3").status == .notFound)
            #expect(try await browser.get("/admin/users?page=x").status == .badRequest)
            #expect(try await browser.get("/admin/users?q=bulk4").body.contains("11 accounts"))
            #expect(try await browser.get("/admin/users?q=Person+55").body.contains("1 account "))
            #expect(try await browser.get("/admin/users?q=OTHERMOD%40example").body.contains("@othermod"))
            #expect(try await browser.get("/admin/users?q=%25").body.contains("0 accounts"))
            let suspended = try await browser.get("/admin/users?q=suspended")
            #expect(suspended.body.contains("Suspended until \(Formatting.day(f.suspended.suspendedUntil!))"))
        }
    }
}
