import Foundation
import GRDB

/// What a member has contributed, as one viewer may see it.
public struct Contributions: Sendable, Equatable {
    public var questionsAsked = 0
    /// Visible replies to other members' questions.
    public var answersGiven = 0
    public var answersAccepted = 0
    public var lessonsShared = 0
    public var resourcesShared = 0
    /// Marks on their visible posts and approved resources.
    public var helpfulReceived = 0
    /// The communities they belong to, with their role, by name.
    public var communities: [(community: Community, role: Membership.Role)] = []

    public static func == (a: Contributions, b: Contributions) -> Bool {
        (a.questionsAsked, a.answersGiven, a.answersAccepted, a.lessonsShared, a.resourcesShared, a.helpfulReceived)
            == (b.questionsAsked, b.answersGiven, b.answersAccepted, b.lessonsShared, b.resourcesShared, b.helpfulReceived)
            && a.communities.map(\.community.id) == b.communities.map(\.community.id)
    }
}

extension AppDatabase {
    /// A member's contributions counting only what `visible` allows (the viewer's Guardian, on a table named
    /// `community`): visible posts of listed discussions, and approved resources, in communities the viewer can see.
    public func contributions(userID: Int64, visible: SQL) async throws -> Contributions {
        try await reader.read { db in
            func count(_ sql: SQL) throws -> Int { try Int.fetchOne(db, SQLRequest<Int>(literal: sql)) ?? 0 }
            let visiblePost: SQL = "p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL"
            let listed: SQL = "d.held_at IS NULL AND d.hidden_at IS NULL AND \(visible)"
            let postsFrom: SQL = """
                FROM post p JOIN discussion d ON d.id = p.discussion_id JOIN community ON community.id = d.community_id
                WHERE p.author_id = \(userID) AND \(visiblePost) AND \(listed)
                """
            var result = Contributions()
            result.questionsAsked = try count("SELECT COUNT(*) \(postsFrom) AND p.number = 1 AND d.kind = 'question'")
            result.lessonsShared = try count("SELECT COUNT(*) \(postsFrom) AND p.number = 1 AND d.kind = 'lesson'")
            result.answersGiven = try count("""
                SELECT COUNT(*) \(postsFrom) AND p.number > 1 AND d.kind = 'question' AND d.author_id IS NOT \(userID)
                """)
            result.answersAccepted = try count("SELECT COUNT(*) \(postsFrom) AND d.accepted_post_id = p.id")
            let resourcesFrom: SQL = """
                FROM resource r JOIN community ON community.id = r.community_id
                WHERE r.author_id = \(userID) AND r.held_at IS NULL AND \(visible)
                """
            result.resourcesShared = try count("SELECT COUNT(*) \(resourcesFrom)")
            result.helpfulReceived = try count("SELECT COALESCE(SUM(p.helpful_count), 0) \(postsFrom)")
                + count("SELECT COALESCE(SUM(r.helpful_count), 0) \(resourcesFrom)")
            result.communities = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT community.*, m.role AS member_role FROM membership m JOIN community ON community.id = m.community_id
                WHERE m.user_id = \(userID) AND community.merged_into_id IS NULL AND \(visible)
                ORDER BY community.name
                """)).map { row in
                (try Community(row: row), Membership.Role(rawValue: row["member_role"]) ?? .member)
            }
            return result
        }
    }
}
