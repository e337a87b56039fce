import Foundation
import GRDB

/// What a community's moderators need to see at a glance.
public struct DashboardFigures: Sendable {
    /// Posts and discussions with open flags (each flagged item once).
    public var openFlags: Int
    public var heldPosts: Int
    public var pendingRequests: Int
    /// Questions without an accepted answer for longer than the community's setting (the oldest first, at most 20).
    public var unanswered: [Discussion]
    public var unansweredCount: Int
    /// The newest visible post's time, if there is any.
    public var lastPostAt: Date?
}

extension AppDatabase {
    /// The dashboard's figures for one community, read in one transaction.
    public func dashboard(community: Community, now: Date) async throws -> DashboardFigures {
        let id = community.id!
        let cutoff = now.addingTimeInterval(-Double(community.unansweredAfterDays) * 86_400)
        return try await reader.read { db in
            let openFlags = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT DISTINCT discussion_id, post_id FROM flag WHERE community_id = ? AND status = 'open')
                """, arguments: [id]) ?? 0
            let held = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM post p JOIN discussion d ON d.id = p.discussion_id
                WHERE p.held_at IS NOT NULL AND d.community_id = ?
                """, arguments: [id]) ?? 0
            let pending = try JoinRequest.filter(Column("community_id") == id && Column("status") == "pending").fetchCount(db)
            let unansweredRequest = Discussion
                .filter(Column("community_id") == id && Column("kind") == "question" && Column("accepted_post_id") == nil)
                .filter(Column("created_at") < cutoff)
                .filter(literal: Guardian.listedEverywhereSQL)
            let unansweredCount = try unansweredRequest.fetchCount(db)
            let unanswered = try unansweredRequest.order(Column("created_at")).limit(20).fetchAll(db)
            let lastPostAt = try Date.fetchOne(db, sql: """
                SELECT MAX(last_post_at) FROM discussion
                WHERE community_id = ? AND held_at IS NULL AND hidden_at IS NULL
                """, arguments: [id])
            return DashboardFigures(openFlags: openFlags, heldPosts: held, pendingRequests: pending,
                                    unanswered: unanswered, unansweredCount: unansweredCount, lastPostAt: lastPostAt)
        }
    }

    /// Saves the community's moderation settings and logs the change, in one transaction.
    public func saveModerationSettings(communityID: Int64, holdFirstPosts: Int, flagHideThreshold: Int,
                                       unansweredAfterDays: Int, resources: ResourceSettings? = nil, log: ModerationAction,
                                       checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: """
                UPDATE community SET hold_first_posts = ?, flag_hide_threshold = ?, unanswered_after_days = ? WHERE id = ?
                """, arguments: [holdFirstPosts, flagHideThreshold, unansweredAfterDays, communityID])
            if let resources {
                try db.execute(sql: "UPDATE community SET resource_review_months = ?, require_resource_approval = ? WHERE id = ?",
                               arguments: [resources.reviewMonths, resources.requireApproval, communityID])
            }
            try Self.log(db, log)
        }
    }
}
