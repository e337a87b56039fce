import Foundation
import GRDB

/// Members' expertise (topics and opt-ins) and each community's shared vocabulary of topics.
extension AppDatabase {
    /// What the member said about their expertise (nothing, opted out, for a new account).
    public func expertise(userID: Int64) async throws -> Expertise {
        try await reader.read { db in try Self.expertise(db, userID: userID) }
    }

    static func expertise(_ db: Database, userID: Int64) throws -> Expertise {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT suggestable, mentor FROM user WHERE id = ?"), arguments: [userID])
        let topics = try Row.fetchAll(db.cachedStatement(sql: "SELECT kind, topic FROM user_topic WHERE user_id = ? ORDER BY topic"), arguments: [userID])
        return Expertise(
            help: topics.filter { $0["kind"] == Topics.Kind.help.rawValue }.map { $0["topic"] },
            learn: topics.filter { $0["kind"] == Topics.Kind.learn.rawValue }.map { $0["topic"] },
            suggestable: row?["suggestable"] ?? false, mentor: row?["mentor"] ?? false)
    }

    /// Replaces the member's topics and opt-ins, in one transaction.
    public func saveExpertise(userID: Int64, _ expertise: Expertise, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE user SET suggestable = ?, mentor = ?, updated_at = ? WHERE id = ?",
                           arguments: [expertise.suggestable, expertise.mentor, now, userID])
            try db.execute(sql: "DELETE FROM user_topic WHERE user_id = ?", arguments: [userID])
            for (kind, topics) in [(Topics.Kind.help, expertise.help), (.learn, expertise.learn)] {
                for topic in Topics.unique(topics) {
                    try db.execute(sql: "INSERT INTO user_topic(user_id, kind, topic) VALUES (?, ?, ?)",
                                   arguments: [userID, kind.rawValue, topic])
                }
            }
        }
    }

    /// A community's shared vocabulary, alphabetically.
    public func vocabulary(communityID: Int64) async throws -> [String] {
        try await reader.read { db in
            try String.fetchAll(db, sql: "SELECT topic FROM community_topic WHERE community_id = ? ORDER BY topic", arguments: [communityID])
        }
    }

    /// The vocabularies of every community the member belongs to, merged, alphabetically.
    public func vocabulary(forMember userID: Int64) async throws -> [String] {
        try await reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT ct.topic FROM community_topic ct JOIN membership m ON m.community_id = ct.community_id
                WHERE m.user_id = ? ORDER BY ct.topic
                """, arguments: [userID])
        }
    }

    /// Replaces a community's vocabulary, in one transaction.
    public func setVocabulary(communityID: Int64, _ topics: [String], checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "DELETE FROM community_topic WHERE community_id = ?", arguments: [communityID])
            for topic in Topics.unique(topics) {
                try db.execute(sql: "INSERT INTO community_topic(community_id, topic) VALUES (?, ?)", arguments: [communityID, topic])
            }
        }
    }
}
