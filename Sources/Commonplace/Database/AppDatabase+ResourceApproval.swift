import Foundation
import GRDB

/// Resources shared in a community that requires approval wait in its approval queue (beside held posts) until a
/// moderator approves them (they and their discussion become visible) or declines them (archived, with the reason
/// shown to the author; the discussion is hidden with it).
extension AppDatabase {
    /// The community's resources waiting for approval, oldest first.
    public func heldResources(communityID: Int64) async throws -> [ResourceRow] {
        try await reader.read { db in
            let resources = try Resource
                .filter(Column("community_id") == communityID && Column("held_at") != nil && Column("archived_at") == nil)
                .order(Column("created_at"), Column("id"))
                .fetchAll(db)
            return try Self.rows(db, resources)
        }
    }

    /// The held resource `id` of the community, or 404 / 409.
    private static func heldResource(_ db: Database, id: Int64, communityID: Int64) throws -> Resource {
        guard let resource = try Resource.fetchOne(db, key: id), resource.communityId == communityID else { throw AppError.notFound }
        guard resource.isHeld, !resource.isArchived else { throw AppError.conflict("This resource is not waiting for approval.") }
        return resource
    }

    /// Approves a held resource, its discussion and the discussion's opening post, and logs it: one transaction.
    public func approveResource(id: Int64, communityID: Int64, moderatorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            var resource = try Self.heldResource(db, id: id, communityID: communityID)
            resource.heldAt = nil
            try resource.update(db)
            if let discussionID = resource.discussionId {
                try db.execute(sql: "UPDATE post SET held_at = NULL WHERE discussion_id = ? AND number = 1", arguments: [discussionID])
                try db.execute(sql: "UPDATE discussion SET held_at = NULL WHERE id = ?", arguments: [discussionID])
                try Self.refreshCounters(db, discussionID: discussionID)
            }
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: moderatorID, action: .approveResource, targetType: .resource,
                targetId: id, targetLabel: resource.title, createdAt: now))
        }
    }

    /// Declines a held resource: it is archived (still unapproved, so only its author and moderators see it) and its
    /// discussion hidden, both with the reason the author sees; logged. One transaction.
    public func declineResource(id: Int64, communityID: Int64, moderatorID: Int64, reason: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            var resource = try Self.heldResource(db, id: id, communityID: communityID)
            resource.archivedAt = now
            try resource.update(db)
            if let discussionID = resource.discussionId {
                try db.execute(sql: "UPDATE post SET held_at = NULL WHERE discussion_id = ? AND number = 1", arguments: [discussionID])
                try db.execute(sql: """
                    UPDATE discussion SET held_at = NULL, hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?
                    """, arguments: [now, moderatorID, "Not approved: \(reason)", discussionID])
                try Self.refreshCounters(db, discussionID: discussionID)
            }
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: moderatorID, action: .declineResource, targetType: .resource,
                targetId: id, targetLabel: resource.title, reason: reason, createdAt: now))
        }
    }

    /// SQL condition on the post table named `post`: not the opening post of a held resource's discussion (those are
    /// approved with their resource, so the post queue leaves them out).
    static func notHeldResourceOpening(post: String) -> String {
        """
        NOT (\(post).number = 1 AND \(post).discussion_id IN \
        (SELECT discussion_id FROM resource WHERE held_at IS NOT NULL AND discussion_id IS NOT NULL))
        """
    }
}
