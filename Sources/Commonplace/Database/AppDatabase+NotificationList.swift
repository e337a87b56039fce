import Foundation
import GRDB

/// One line of the notifications page: a notification, or several about new posts in one discussion ("4 new posts
/// in …"), read or unread together.
public struct NotificationGroup: Sendable {
    /// The newest notification of the group (its kind, actor and detail are what a single line shows).
    public var latest: NotificationRecord
    public var size: Int
    public var unread: Bool
    /// The first post of the group in the discussion (the first unread one, for an unread group).
    public var firstPostNumber: Int?
    /// How many of the group are mentions.
    public var mentions: Int
    /// The discussion and community as they are now (the post's own discussion, wherever it moved).
    public var discussion: Discussion?
    public var community: Community
    /// The newest notification's post, when it has one.
    public var postNumber: Int?
    public var actor: Author?
    /// The event date a meeting notification is about, as it is now.
    public var meeting: MeetingDate? = nil
}

/// A page of groups and how many groups there are in all.
public struct NotificationListPage: Sendable {
    public var groups: [NotificationGroup]
    public var total: Int
}

extension AppDatabase {
    /// Groups shown per page of `/notifications`.
    public static let notificationsPerPage = 25

    /// The member's notifications they may see now (the Guardian's rule as SQL), grouped (new posts in one
    /// discussion, read or unread), newest group first: one statement for the page (with the total), then the
    /// discussions, communities and actors it names, each in one statement.
    public func notificationGroups(for guardian: Guardian, page: Int, perPage: Int = AppDatabase.notificationsPerPage) async throws -> NotificationListPage {
        guard let userID = guardian.userID else { return NotificationListPage(groups: [], total: 0) }
        let newPostKinds = NotificationKind.newPostKinds.map(\.rawValue)
        return try await reader.read { db in
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                WITH v AS (
                  SELECT n.id, n.kind, n.actor_id, n.dedupe_key, n.post_id, n.detail, n.count, n.created_at, n.read_at, n.occurrence_id,
                         d.id AS d_id, c.id AS c_id, p.number AS p_number,
                         CASE WHEN n.kind IN \(newPostKinds) AND d.id IS NOT NULL
                              THEN 'd' || d.id || CASE WHEN n.read_at IS NULL THEN 'u' ELSE 'r' END
                              ELSE 'n' || n.id END AS grp
                  \(Self.notificationJoins)
                  WHERE n.user_id = \(userID) AND \(guardian.notificationVisibleSQL())
                )
                SELECT MAX(created_at) AS latest, id, kind, actor_id, dedupe_key, c_id, d_id, post_id, detail, count, read_at, occurrence_id,
                       p_number, COUNT(*) AS size, MIN(p_number) AS first_number, SUM(kind = 'mention') AS mentions,
                       COUNT(*) OVER () AS total
                FROM v GROUP BY grp ORDER BY latest DESC, id DESC
                LIMIT \(perPage) OFFSET \(max(0, page - 1) * perPage)
                """))
            let discussions = try Discussion.fetchAll(db, keys: Set(rows.compactMap { $0["d_id"] as Int64? })).byID
            let communities = try Community.fetchAll(db, keys: Set(rows.map { $0["c_id"] as Int64 })).byID
            let actors = try Self.authors(db, ids: rows.compactMap { $0["actor_id"] as Int64? })
            let meetingDates = try Self.withMeetings(db, MeetingOccurrence.fetchAll(db, keys: Set(rows.compactMap { $0["occurrence_id"] as Int64? })))
                .byOccurrenceID
            var total = rows.first.map { $0["total"] as Int } ?? 0
            if rows.isEmpty, page > 1 {
                total = try Int.fetchOne(db, SQLRequest<Int>(literal: """
                    SELECT COUNT(DISTINCT CASE WHEN n.kind IN \(newPostKinds) AND d.id IS NOT NULL
                                               THEN 'd' || d.id || CASE WHEN n.read_at IS NULL THEN 'u' ELSE 'r' END
                                               ELSE 'n' || n.id END)
                    \(Self.notificationJoins)
                    WHERE n.user_id = \(userID) AND \(guardian.notificationVisibleSQL())
                    """)) ?? 0
            }
            let groups = try rows.compactMap { row -> NotificationGroup? in
                guard let community = communities[row["c_id"]] else { return nil }
                let latest = NotificationRecord(
                    id: row["id"], userID: userID, kind: NotificationKind(rawValue: row["kind"]) ?? .watching,
                    dedupeKey: row["dedupe_key"], actorID: row["actor_id"], communityID: community.id!, discussionID: row["d_id"],
                    postID: row["post_id"], detail: row["detail"], count: row["count"], createdAt: try row.storedDate("latest"),
                    readAt: try row.storedDateIfPresent("read_at"))
                return NotificationGroup(
                    latest: latest, size: row["size"], unread: latest.readAt == nil, firstPostNumber: row["first_number"],
                    mentions: row["mentions"], discussion: latest.discussionID.flatMap { discussions[$0] }, community: community,
                    postNumber: row["p_number"], actor: latest.actorID.flatMap { actors[$0] },
                    meeting: (row["occurrence_id"] as Int64?).flatMap { meetingDates[$0] })
            }
            return NotificationListPage(groups: groups, total: total)
        }
    }
}

extension [MeetingDate] {
    /// Each date by its occurrence's id.
    var byOccurrenceID: [Int64: MeetingDate] {
        Dictionary(map { ($0.occurrence.id!, $0) }, uniquingKeysWith: { a, _ in a })
    }
}

extension NotificationRecord {
    init(id: Int64?, userID: Int64, kind: NotificationKind, dedupeKey: String, eventID: Int64? = nil, actorID: Int64?,
         communityID: Int64, discussionID: Int64?, postID: Int64?, detail: String, count: Int, createdAt: Date, readAt: Date?) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.dedupeKey = dedupeKey
        self.eventID = eventID
        self.actorID = actorID
        self.communityID = communityID
        self.discussionID = discussionID
        self.postID = postID
        self.detail = detail
        self.count = count
        self.createdAt = createdAt
        self.readAt = readAt
    }
}
