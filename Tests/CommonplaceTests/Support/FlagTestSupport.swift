import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Helpers for the flag tests: what a request wrote, more members, the flag threshold, search hits.
extension ForumFixture {
    /// Rows in a table (optionally matching a condition), to check what a request wrote.
    func flagRowCount(_ table: String, where condition: String = "1") async throws -> Int {
        try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0
        }
    }

    /// The moderation log's rows of one kind, oldest first.
    func flagLog(_ kind: ModerationAction.Kind) async throws -> [ModerationAction] {
        try await app.database.reader.read { db in
            try ModerationAction.filter(Column("action") == kind.rawValue).order(Column("id")).fetchAll(db)
        }
    }

    /// More members of the public community, to reach a flag threshold.
    func addFlaggers(_ handles: [String]) async throws -> [User] {
        var users: [User] = []
        for handle in handles {
            let user = try await app.createUser(handle: handle)
            try await app.database.addMember(communityID: community.id!, userID: user.id!, now: app.clock.now)
            users.append(user)
        }
        return users
    }

    /// Sets the public community's `flag_hide_threshold`.
    func setFlagHideThreshold(_ threshold: Int) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE community SET flag_hide_threshold = ? WHERE id = ?", arguments: [threshold, community.id])
        }
    }
}

extension Browser {
    /// The discussion ids `/search?q=` finds (as JSON) for the current visitor.
    /// A missing `results` list or `discussion_id` is a failure, and so is any status but 200: an error page is not "no hits".
    func searchHitIDs(_ word: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [Int] {
        let response = try await get("/search?q=\(word)", headers: [.accept: "application/json"])
        try #require(response.status == .ok, sourceLocation: sourceLocation)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any], sourceLocation: sourceLocation)
        return try #require(object["results"] as? [[String: Any]], sourceLocation: sourceLocation).map {
            try #require($0["discussion_id"] as? Int, sourceLocation: sourceLocation)
        }
    }
}
