import Foundation
import GRDB

/// Recording events: each write that someone should hear about adds one `event` row in its own transaction, so the
/// fact and the promise to tell people commit together or not at all. The fan-out worker (`NotificationFanOut`)
/// wakes when the `event` table changes and turns pending events into notifications.
extension AppDatabase {
    /// Records `event` inside the current transaction.
    static func record(_ db: Database, _ event: Event) throws {
        try db.cachedStatement(sql: """
            INSERT INTO event (kind, actor_id, community_id, board_id, discussion_id, post_id, subject_id, detail, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.kind.rawValue, event.actorID, event.communityID, event.boardID, event.discussionID,
                                     event.postID, event.subjectID, event.detail.encoded, event.createdAt])
    }

    /// Records a new post: held for approval (its author and the moderators hear of it) or visible (everyone concerned).
    static func recordNewPost(_ db: Database, _ post: Post, communityID: Int64, boardID: Int64?, mentions: [String]) throws {
        try record(db, Event(
            kind: post.isHeld ? .postHeld : .postCreated, actorID: post.authorId, communityID: communityID, boardID: boardID,
            discussionID: post.discussionId, postID: post.id, detail: EventDetail(mentions: mentions.isEmpty ? nil : mentions),
            createdAt: post.createdAt))
    }

    /// Records what a moderator did to someone's post (`kind`: approved, declined, hidden), with their reason.
    static func recordPostDecision(_ db: Database, _ kind: EventKind, post: Post, discussion: Discussion, moderatorID: Int64?,
                                   reason: String?, now: Date) throws {
        try record(db, Event(
            kind: kind, actorID: moderatorID, communityID: discussion.communityId, boardID: discussion.boardId,
            discussionID: discussion.id, postID: post.id, subjectID: post.authorId, detail: EventDetail(reason: reason),
            createdAt: now))
    }

    /// Events not yet fanned out, oldest first.
    func pendingEvents(limit: Int) async throws -> [Event] {
        try await reader.read { db in try Self.pendingEvents(db, limit: limit) }
    }

    static func pendingEvents(_ db: Database, limit: Int) throws -> [Event] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM event WHERE fanned_out_at IS NULL ORDER BY id LIMIT ?"),
                         arguments: [limit]).map(Event.init(row:))
    }

    /// How many events wait for the fan-out (for tests and `/ready`-style checks).
    public func pendingEventCount() async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM event WHERE fanned_out_at IS NULL")) ?? 0
        }
    }
}
