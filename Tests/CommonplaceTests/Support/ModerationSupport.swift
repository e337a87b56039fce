import Foundation
import GRDB
@testable import Commonplace

extension TestApp {
    /// Rows in the moderation log (refusals must not add any).
    func logCount() async throws -> Int {
        try await database.reader.read { db in try ModerationAction.fetchCount(db) }
    }

    /// The log's rows, oldest first.
    func logRows() async throws -> [ModerationAction] {
        try await database.reader.read { db in try ModerationAction.order(Column("id")).fetchAll(db) }
    }

    /// Sets a community's approval-queue setting directly.
    func holdFirstPosts(_ n: Int, in community: Community) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE community SET hold_first_posts = ? WHERE id = ?", arguments: [n, community.id])
        }
    }
}

extension ForumFixture {
    /// Signs in through the form, or, for the suspended account (whose sign-in is refused), with a direct session.
    func signIn(_ browser: Browser, _ email: String) async throws {
        if email == suspended.email { try await app.startSession(for: suspended, in: browser) } else { try await browser.signIn(email: email) }
    }
}
