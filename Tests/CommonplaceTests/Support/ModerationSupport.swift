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
