import Foundation
import GRDB

/// A post waiting in a community's approval queue, with its discussion and author.
public struct HeldPostRow: Decodable, FetchableRecord, Sendable {
    public var post: Post
    public var discussion: Discussion
    public var author: User?
}

extension Post {
    static let discussion = belongsTo(Discussion.self)
}

extension AppDatabase {
    /// Whether a new post by `userID` in `communityID` waits for approval: the community holds each member's first
    /// `holdFirst` posts, and this member has fewer approved (not held, not hidden) posts there than that.
    static func mustHold(_ db: Database, communityID: Int64, userID: Int64, holdFirst: Int) throws -> Bool {
        guard holdFirst > 0 else { return false }
        let approved = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM (
              SELECT 1 FROM post p JOIN discussion d ON d.id = p.discussion_id
              WHERE p.author_id = ? AND d.community_id = ? AND p.held_at IS NULL AND p.hidden_at IS NULL
              LIMIT ?)
            """, arguments: [userID, communityID, holdFirst]) ?? 0
        return approved < holdFirst
    }

    /// The community's held posts, oldest first (opening posts of held discussions included; those of held
    /// resources' discussions are approved with their resource, so they are left out).
    public func heldPosts(communityID: Int64) async throws -> [HeldPostRow] {
        try await reader.read { db in
            try Post
                .filter(Column("held_at") != nil)
                .filter(sql: Self.notHeldResourceOpening(post: "post"))
                .including(required: Post.discussion.filter(Column("community_id") == communityID))
                .including(optional: Post.author)
                .order(Column("created_at"), Column("id"))
                .asRequest(of: HeldPostRow.self)
                .fetchAll(db)
        }
    }

    public func heldPostCount(communityID: Int64) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM post p JOIN discussion d ON d.id = p.discussion_id
                WHERE p.held_at IS NOT NULL AND d.community_id = ?
                """, arguments: [communityID]) ?? 0
        }
    }

    /// Approves a held post (and, for an opening post, its discussion) and logs it, in one transaction. Its event tells
    /// the author, and the fan-out then treats the post as new (mentions, replies, watchers).
    public func approvePost(id: Int64, communityID: Int64, moderatorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id),
                  var discussion = try Discussion.fetchOne(db, key: post.discussionId),
                  discussion.communityId == communityID else { throw AppError.notFound }
            guard post.isHeld else { throw AppError.conflict("This post is not waiting for approval.") }
            if post.number == 1, try Resource.filter(Column("discussion_id") == discussion.id && Column("held_at") != nil).fetchCount(db) > 0 {
                throw AppError.conflict("This post opens a resource's discussion: approve the resource in the queue instead.")
            }
            post.heldAt = nil
            try post.update(db)
            let opening = post.number == 1 && discussion.isHeld
            if opening {
                discussion.heldAt = nil
                try discussion.update(db)
            }
            try Self.refreshCounters(db, discussionID: discussion.id!)
            try Self.recordPostDecision(db, .postApproved, post: post, discussion: discussion, moderatorID: moderatorID, reason: nil, now: now)
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: moderatorID, action: opening ? .approveDiscussion : .approvePost,
                targetType: opening ? .discussion : .post, targetId: opening ? discussion.id : id,
                targetLabel: opening ? discussion.title : "#\(post.number) in \(discussion.title)", createdAt: now))
        }
    }

    /// Declines a held post: it is hidden with the reason (its author sees it); an opening post hides its discussion.
    public func declinePost(id: Int64, communityID: Int64, moderatorID: Int64, reason: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id),
                  var discussion = try Discussion.fetchOne(db, key: post.discussionId),
                  discussion.communityId == communityID else { throw AppError.notFound }
            guard post.isHeld else { throw AppError.conflict("This post is not waiting for approval.") }
            let shown = "Not approved: \(reason)"
            let opening = post.number == 1 && discussion.isHeld
            post.heldAt = nil
            if opening {
                discussion.heldAt = nil
                discussion.hiddenAt = now
                discussion.hiddenBy = moderatorID
                discussion.hiddenReason = shown
                try discussion.update(db)
            } else {
                post.hiddenAt = now
                post.hiddenBy = moderatorID
                post.hiddenReason = shown
            }
            try post.update(db)
            try Self.refreshCounters(db, discussionID: discussion.id!)
            try Self.recordPostDecision(db, .postDeclined, post: post, discussion: discussion, moderatorID: moderatorID, reason: reason, now: now)
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: moderatorID, action: opening ? .declineDiscussion : .declinePost,
                targetType: opening ? .discussion : .post, targetId: opening ? discussion.id : id,
                targetLabel: opening ? discussion.title : "#\(post.number) in \(discussion.title)", reason: reason, createdAt: now))
        }
    }
}
