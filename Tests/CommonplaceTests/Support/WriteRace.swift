import Foundation
import GRDB
import Synchronization
@testable import Commonplace

/// Issue 11, item 1, for any request: runs it on fresh forums three times, once with nothing changed (the control:
/// it is allowed and writes), once after a change has committed (the plain refusal), and once with the change
/// committed through the database's `WriteBarrier`, exactly between the request's check and its write. A re-check
/// that works refuses the third like the second and writes nothing in either.
enum WriteRace {
    /// The status and the message a visitor sees.
    struct Refusal: Equatable, CustomStringConvertible, Sendable {
        let status: Int
        let message: String
        var description: String { "\(status) \(message)" }

        init(_ page: Browser.Page) {
            status = Int(page.status.code)
            // The error page's message: the first paragraph after its heading.
            let body = page.body
            if let section = body.range(of: "class=\"error-page\""), let h1 = body.range(of: "</h1>", range: section.upperBound..<body.endIndex),
               let open = body.range(of: "<p>", range: h1.upperBound..<body.endIndex),
               let close = body.range(of: "</p>", range: open.upperBound..<body.endIndex) {
                message = String(body[open.upperBound..<close.lowerBound])
            } else {
                message = ""
            }
        }
    }

    /// What the three runs saw.
    struct Outcome: CustomStringConvertible {
        /// The control's status (a redirect or a page when the request is allowed).
        let allowed: Int
        /// Whether the control wrote to the touched tables (so the counts below could see a write).
        let controlWrote: Bool
        let before: Refusal
        let racing: Refusal
        /// Rows added or removed in the touched tables by the refused requests (after the change, racing it).
        let written: [Int]
        /// Whether the touched tables ended alike in both refused runs (an update the counts cannot see shows here).
        let sameEnd: Bool
        /// Whether the barrier's step ran, that is the request reached its write.
        let reachedWrite: Bool

        /// Refused alike on both sides of the race, with nothing written, after a control that was allowed and wrote.
        var holds: Bool {
            (200..<400).contains(allowed) && controlWrote && (400..<500).contains(before.status) && racing == before
                && written == [0, 0] && sameEnd && reachedWrite
        }

        var description: String {
            "control \(allowed) wrote: \(controlWrote); after the change: \(before); racing: \(racing); written \(written); "
                + "same end: \(sameEnd); reached the write: \(reachedWrite)"
        }
    }

    /// A step that notes it ran.
    private final class Ran: Sendable {
        let value = Mutex(false)
    }

    /// Runs `request` as `email` as described above. `setup` prepares the rows the request needs (on each fresh forum),
    /// `change` commits what makes the request refused; `tables` are those the request writes (`moderation_action` is
    /// always watched). Changes must update rows, not add or remove them in `tables`, so counts stay comparable.
    static func run<Subject: Sendable>(
        as email: String, tables: [String],
        setup: @escaping @Sendable (ForumFixture) async throws -> Subject,
        change: @escaping @Sendable (ForumFixture, Subject) async throws -> Void,
        request: @escaping @Sendable (Browser, ForumFixture, Subject) async throws -> Browser.Page
    ) async throws -> Outcome {
        let watched = tables + ["moderation_action"]
        // The control: nothing changes, the request goes through and writes.
        let control = try await ForumFixture.make()
        let controlSubject = try await setup(control)
        let controlBefore = try await snapshot(control, watched)
        let allowed = try await control.app.run { browser in
            try await browser.signIn(email: email)
            return try await request(browser, control, controlSubject)
        }
        let controlWrote = try await snapshot(control, watched) != controlBefore

        var refusals: [Refusal] = []
        var written: [Int] = []
        var ends: [[String]] = []
        let ran = Ran()
        for racing in [false, true] {
            let f = try await ForumFixture.make()
            let subject = try await setup(f)
            let (page, rows) = try await f.app.run { browser in
                try await browser.signIn(email: email)
                if racing {
                    f.app.database.writeBarrier.once {
                        try await change(f, subject)
                        ran.value.withLock { $0 = true }
                    }
                } else {
                    try await change(f, subject)
                }
                let before = try await counts(f, watched)
                let page = try await request(browser, f, subject)
                return (page, zip(try await counts(f, watched), before).map { abs($0 - $1) }.reduce(0, +))
            }
            refusals.append(Refusal(page))
            written.append(rows)
            ends.append(try await snapshot(f, watched))
        }
        return Outcome(allowed: Int(allowed.status.code), controlWrote: controlWrote, before: refusals[0], racing: refusals[1],
                       written: written, sameEnd: ends[0] == ends[1], reachedWrite: ran.value.withLock { $0 })
    }

    /// The number of rows of each table.
    static func counts(_ f: ForumFixture, _ tables: [String]) async throws -> [Int] {
        try await f.app.database.reader.read { db in
            try tables.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)")! }
        }
    }

    /// Every row of the tables, as text, sorted (small forums: a whole-table comparison is cheap).
    static func snapshot(_ f: ForumFixture, _ tables: [String]) async throws -> [String] {
        try await f.app.database.reader.read { db in
            try tables.flatMap { table in try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }.sorted() }
        }
    }
}

/// Changes the tests commit between a check and its write: each updates rows (never adds or removes any).
extension ForumFixture {
    /// The account's moderator role in `community` becomes a plain membership.
    func demote(_ user: User, in community: Community) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE membership SET role = 'member' WHERE user_id = ? AND community_id = ?", arguments: [user.id!, community.id!])
        }
    }

    /// The account is suspended for a day, with a reason.
    func suspend(_ user: User) async throws {
        let until = app.clock.now.addingTimeInterval(86_400)
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET suspended_until = ?, suspension_reason = 'Spam' WHERE id = ?", arguments: [until, user.id!])
        }
    }

    /// The community becomes inactive (kept for reading only).
    func deactivate(_ community: Community) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET status = 'inactive' WHERE id = ?", arguments: [community.id!])
        }
    }

    /// The account is no longer a site admin.
    func removeAdmin(_ user: User) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET is_admin = 0 WHERE id = ?", arguments: [user.id!])
        }
    }
}
