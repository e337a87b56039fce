import Foundation
import GRDB

/// A member's unread notifications that they may see now: how many, and about which discussions (so a discussion
/// page knows without a query whether opening it has anything to mark read).
public struct UnreadSummary: Sendable, Equatable {
    public var count = 0
    public var discussions: Set<Int64> = []

    /// What the count depends on: the notifications, memberships, and the columns of posts, discussions, communities
    /// and accounts that `Guardian.notificationVisibleSQL` reads (a view count or a reply counter does not drop it).
    static var trackedRegions: [any DatabaseRegionConvertible] {
        [Table("notification"), Table("membership"),
         Table("post").select(Column("discussion_id"), Column("author_id"), Column("deleted_at"), Column("hidden_at"), Column("held_at")),
         Table("discussion").select(Column("community_id"), Column("author_id"), Column("held_at"), Column("hidden_at")),
         Table("community").select(Column("visibility"), Column("parent_id")),
         Table("user").select(Column("is_admin"), Column("suspended_until"))]
    }
}

// MARK: - Delivery (the fan-out worker's writes)

extension AppDatabase {
    /// Writes a plan's notifications in transactions of `batchSize` rows, the last of which also marks the event done
    /// (and records its unreachable mentions): a crash between batches leaves the event pending, and the rows already
    /// written make the retry's inserts no-ops (`UNIQUE (user_id, dedupe_key)`).
    /// With `mailing`, each batch also queues, in its own transaction, the emails of the notifications it wrote whose
    /// recipients want that kind at once (`queueNotificationMails`): a retried batch writes no notification, so it
    /// queues no email twice. An event older than `mailing.maxEventAge` notifies in the site only.
    func deliver(_ plan: FanOutPlan, eventID: Int64, createdAt: Date, now: Date, batchSize: Int,
                 mailing: NotificationMailing? = nil) async throws {
        let deliveries = plan.deliveries
        let starts = Array(stride(from: 0, to: max(deliveries.count, 1), by: max(batchSize, 1)))
        for (index, start) in starts.enumerated() {
            let batch = Array(deliveries[start..<min(start + batchSize, deliveries.count)])
            let last = index == starts.count - 1
            try await writer.write { db in
                var written: [WrittenNotification] = []
                for delivery in batch {
                    if let id = try Self.insert(db, delivery, eventID: eventID, createdAt: createdAt) {
                        written.append(WrittenNotification(delivery: delivery, id: id.id, renewed: id.renewed))
                    }
                }
                if let mailing, !written.isEmpty, now.timeIntervalSince(createdAt) <= mailing.maxEventAge {
                    try Self.queueNotificationMails(db, written, eventID: eventID, mailing: mailing, now: now)
                }
                guard last else { return }
                if let postID = plan.unreachablePost, !plan.unreachable.isEmpty {
                    for userID in plan.unreachable {
                        try db.cachedStatement(sql: "INSERT OR IGNORE INTO unreachable_mention (post_id, user_id, created_at) VALUES (?, ?, ?)")
                            .execute(arguments: [postID, userID, now])
                    }
                    try db.notifyChanges(in: Table("unreachable_mention"))  // WITHOUT ROWID: see `threadReaderCache`
                }
                try db.cachedStatement(sql: "UPDATE event SET fanned_out_at = ? WHERE id = ? AND fanned_out_at IS NULL")
                    .execute(arguments: [now, eventID])
            }
        }
    }

    private static let insertSQL = """
        INSERT INTO notification (user_id, kind, dedupe_key, event_id, actor_id, community_id, discussion_id, post_id, detail, count,
                                  created_at, occurrence_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (user_id, dedupe_key) DO
        """

    /// Writes one notification; returns its id when the recipient is to hear of it anew (a new row, a notification
    /// upgraded to a mention, or a grouped one they had read that counts again: `renewed`), nil when nothing changed
    /// for them (a retried batch, or a group still unread).
    @discardableResult
    static func insert(_ db: Database, _ delivery: Delivery, eventID: Int64, createdAt: Date) throws -> (id: Int64, renewed: Bool)? {
        var renewed = false
        if delivery.onConflict == .refresh {
            let existing = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT read_at IS NOT NULL FROM notification WHERE user_id = ? AND dedupe_key = ?
                """), arguments: [delivery.userID, delivery.dedupeKey])
            if let existing {
                guard existing[0] as Bool else {
                    try write(db, delivery, eventID: eventID, createdAt: createdAt)
                    return nil
                }
                renewed = true
            }
        }
        return try write(db, delivery, eventID: eventID, createdAt: createdAt).map { ($0, renewed) }
    }

    /// The upsert; the id of the row written or updated (nil: the conflict left it as it was).
    @discardableResult
    private static func write(_ db: Database, _ delivery: Delivery, eventID: Int64, createdAt: Date) throws -> Int64? {
        let sql: String
        switch delivery.onConflict {
        case .ignore:
            sql = insertSQL + " NOTHING"
        case .upgradeToMention:
            sql = insertSQL + """
                 UPDATE SET kind = excluded.kind, event_id = excluded.event_id, actor_id = excluded.actor_id,
                  created_at = excluded.created_at, read_at = NULL
                WHERE notification.kind <> 'mention'
                """
        case .refresh:
            sql = insertSQL + """
                 UPDATE SET count = excluded.count, event_id = excluded.event_id, actor_id = excluded.actor_id,
                  created_at = excluded.created_at, read_at = NULL
                """
        }
        return try Int64.fetchOne(db.cachedStatement(sql: sql + " RETURNING id"), arguments: [
            delivery.userID, delivery.kind.rawValue, delivery.dedupeKey, eventID, delivery.actorID, delivery.communityID,
            delivery.discussionID, delivery.postID, delivery.detail, delivery.count, createdAt, delivery.occurrenceID,
        ])
    }
}

// MARK: - Reading and marking read

extension AppDatabase {
    /// The joins every notification query shares: the notification `n`, its post `p`, its discussion `d` (the post's,
    /// wherever it has moved) and its community `c` (the discussion's, wherever it has moved).
    static let notificationJoins: SQL = """
        FROM notification n
        LEFT JOIN post p ON p.id = n.post_id
        LEFT JOIN discussion d ON d.id = COALESCE(p.discussion_id, n.discussion_id)
        JOIN community c ON c.id = COALESCE(d.community_id, n.community_id)
        """

    /// The member's unread notifications they may see (the Guardian's rule as SQL), from memory until something they
    /// depend on changes: one statement over the member's unread ones (`notification_unread`), no query per notification.
    func unreadSummary(for guardian: Guardian) throws -> UnreadSummary {
        guard let userID = guardian.userID else { return UnreadSummary() }
        return try unreadCache.value(for: userID) {
            try readNow { db in
                let rows = try Row.fetchCursor(db, cachedSQL: """
                    SELECT n.discussion_id, COUNT(*) \(Self.notificationJoins)
                    WHERE n.user_id = \(userID) AND n.read_at IS NULL AND \(guardian.notificationVisibleSQL())
                    GROUP BY n.discussion_id
                    """)
                var summary = UnreadSummary()
                while let row = try rows.next() {
                    summary.count += row[1] as Int
                    if let id = row[0] as Int64? { summary.discussions.insert(id) }
                }
                return summary
            }
        } ?? UnreadSummary()
    }

    /// Marks the member's notifications about a discussion read (opening it); returns how many were unread.
    public func markDiscussionNotificationsRead(userID: Int64, discussionID: Int64, now: Date) async throws -> Int {
        try await writer.write { db in
            try db.cachedStatement(sql: "UPDATE notification SET read_at = ? WHERE user_id = ? AND discussion_id = ? AND read_at IS NULL")
                .execute(arguments: [now, userID, discussionID])
            return db.changesCount
        }
    }

    /// Marks the member's notifications read: those given, or all of them with nil; returns how many were unread.
    public func markNotificationsRead(userID: Int64, ids: [Int64]? = nil, now: Date) async throws -> Int {
        try await writer.write { db in
            if let ids {
                try db.cachedStatement(sql: """
                    UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))
                    """).execute(arguments: [now, userID, Self.jsonArray(ids)])
            } else {
                try db.cachedStatement(sql: "UPDATE notification SET read_at = ? WHERE user_id = ? AND read_at IS NULL").execute(arguments: [now, userID])
            }
            return db.changesCount
        }
    }

    /// Every notification of the member they may see now, newest first (for tests comparing the list with the rule).
    public func visibleNotifications(for guardian: Guardian) async throws -> [NotificationRecord] {
        guard let userID = guardian.userID else { return [] }
        return try await reader.read { db in
            try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT n.* \(Self.notificationJoins)
                WHERE n.user_id = \(userID) AND \(guardian.notificationVisibleSQL())
                ORDER BY n.created_at DESC, n.id DESC
                """)).map(NotificationRecord.init(row:))
        }
    }

    /// Every notification of a member, visible or not (tests).
    public func allNotifications(userID: Int64) async throws -> [NotificationRecord] {
        try await reader.read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM notification WHERE user_id = ? ORDER BY created_at DESC, id DESC"),
                             arguments: [userID]).map(NotificationRecord.init(row:))
        }
    }

    /// What a notification is about, as the rows are now (for the rule's side of the agreement tests).
    public func notificationTarget(_ notification: NotificationRecord) async throws -> (Community, Discussion?, Post?)? {
        try await reader.read { db in
            let post = try notification.postID.flatMap { try Post.fetchOne(db, key: $0) }
            let discussion = try (post?.discussionId ?? notification.discussionID).flatMap { try Discussion.fetchOne(db, id: $0) }
            guard let community = try Community.fetchOne(db, key: discussion?.communityId ?? notification.communityID) else { return nil }
            return (community, discussion, post)
        }
    }
}

// MARK: - Preferences and unreachable mentions

extension AppDatabase {
    /// The kinds the member turned off (every other kind notifies).
    public func disabledNotificationKinds(userID: Int64) async throws -> Set<NotificationKind> {
        try await reader.read { db in
            Set(try String.fetchAll(db.cachedStatement(sql: "SELECT kind FROM notification_preference WHERE user_id = ? AND NOT enabled"),
                                    arguments: [userID]).compactMap(NotificationKind.init(rawValue:)))
        }
    }

    /// Saves which kinds notify the member (a row for each kind offered, so a later default cannot switch one back on).
    public func saveNotificationPreferences(userID: Int64, enabled: [NotificationKind: Bool], checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            for (kind, on) in enabled.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try db.cachedStatement(sql: """
                    INSERT INTO notification_preference (user_id, kind, enabled) VALUES (?, ?, ?)
                    ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled
                    """).execute(arguments: [userID, kind.rawValue, on])
            }
        }
    }
}
