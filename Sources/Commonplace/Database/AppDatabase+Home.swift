import Foundation
import GRDB

/// What a member's home asks for: whose, what they may see (`Guardian`'s SQL conditions), how much of each list.
public struct MemberHomeQuery: Sendable {
    public var userID: Int64
    /// The communities the member belongs to, in the order the home lists them.
    public var communities: [Community]
    /// `Guardian.visibleCommunitySQL` on the table `c`, and on the table `community`.
    public var visible: SQL
    public var visibleCommunity: SQL
    /// `Guardian.visibleMeetingSQL`.
    public var visibleMeeting: SQL
    /// How many entries each list holds.
    public var limit: Int
    /// Join requests decided since this date are listed.
    public var requestsSince: Date
    public var now: Date
}

/// What a member's home reads from the database, in one snapshot: each list in one statement, whatever its length.
public struct MemberHomeRows: Sendable {
    /// The member's communities, as `MemberHomeQuery` had them.
    public var communities: [Community]
    public var takingPart: [Discussion]
    public var asked: [Discussion]
    /// By community: how many discussions have posts the member has not seen (at most `AppDatabase.newCountCap`).
    public var newCounts: [Int64: Int]
    public var marks: [Int64: Int]
    public var baselines: [Int64: Date]
    public var requests: [JoinRequest]
    public var helpTopics: [String]
    /// Unanswered questions matching the help topics.
    public var matches: [QuestionMatch]
    /// Dates of events the member may see that had not ended at `loadedAt` (cancelled ones too), in start order.
    public var meetingDates: [MeetingDate]
    public var loadedAt: Date

    /// What the rows are read from: a committed change to any of these drops every member's rows (`homeCache`). A
    /// discussion's view count is left out (the view flush writes it every few seconds and no list shows it);
    /// `discussion_read` and `community_read` are WITHOUT ROWID tables, whose writers notify their changes.
    static var trackedRegions: [any DatabaseRegionConvertible] {
        [Table("discussion").select(Discussion.columnNames.filter { $0 != "view_count" }.map { Column($0) }),
         Table("post"), Table("community"), Table("membership"), Table("board"),
         Table("discussion_read"), Table("community_read"), Table("join_request"), Table("user_topic"),
         Table("user").select(Column("is_admin"), Column("suspended_until")),
         Table("meeting"), Table("meeting_occurrence")]
    }
}

/// A member's home page: each list in one statement, whatever its length.
extension AppDatabase {
    /// "N discussions with new posts" counts at most this many per community (then says "50+"): the count reads the
    /// discussions active since the member's baseline, newest first, and stops there.
    public static let newCountCap = 50
    /// How many upcoming dates the home reads (it shows the first few of the member's communities).
    static let homeMeetingWindow = 50

    /// Everything the home lists read, in one read transaction, kept in memory (`homeCache`) until one of the tables
    /// it was read from changes or it is `maxAge` seconds old (what has ended or expired since is then dropped).
    /// `query` is asked for only when the rows are read.
    public func memberHome(userID: Int64, now: Date, maxAge: TimeInterval, query: () -> MemberHomeQuery) throws -> MemberHomeRows {
        try homeCache.value(for: userID, keepIf: { now.timeIntervalSince($0.loadedAt) < maxAge }) {
            let query = query()
            return try readNow { db in try Self.memberHome(db, query) }
        }!
    }

    static func memberHome(_ db: Database, _ query: MemberHomeQuery) throws -> MemberHomeRows {
        let userID = query.userID
        let taking = try discussionsTakenPart(db, userID: userID, visible: query.visible, limit: query.limit * 2)
        let asked = try questionsAsked(db, userID: userID, visible: query.visible, limit: query.limit)
        let listed = taking + asked
        let topics = try expertise(db, userID: userID).help
        return MemberHomeRows(
            communities: query.communities, takingPart: taking, asked: asked,
            newCounts: try discussionsWithNewPosts(db, userID: userID),
            marks: try readMarks(db, userID: userID, discussionIDs: listed.map { $0.id! }),
            baselines: try readingBaselines(db, userID: userID, communityIDs: Array(Set(listed.map(\.communityId)))),
            requests: try recentJoinRequests(db, userID: userID, since: query.requestsSince),
            helpTopics: topics,
            matches: try questionsForYou(db, userID: userID, topics: topics, visible: query.visibleCommunity, limit: query.limit)
                .map { QuestionMatch(discussion: $0.discussion.forLists, community: $0.community, topics: $0.topics) },
            meetingDates: try meetingDates(db, MeetingListFilter(from: query.now, limit: homeMeetingWindow), visible: query.visibleMeeting),
            loadedAt: query.now)
    }

    /// Discussions `userID` took part in (started or replied to), in communities `visible` admits (an SQL condition on
    /// the table `c`), most recent activity first.

    static func discussionsTakenPart(_ db: Database, userID: Int64, visible: SQL, limit: Int) throws -> [Discussion] {
        try Discussion.fetchAll(db, columns: """
            SELECT \(sql: Discussion.listColumnListD) FROM discussion d JOIN community c ON c.id = d.community_id
            WHERE d.id IN (SELECT discussion_id FROM post WHERE author_id = \(userID) AND deleted_at IS NULL)
              AND d.held_at IS NULL AND d.hidden_at IS NULL AND c.merged_into_id IS NULL AND \(visible)
            ORDER BY d.last_post_at DESC LIMIT \(limit)
            """)
    }

    /// Questions `userID` asked (answered or not), most recent activity first; held or hidden ones too (their author
    /// sees them, with a badge).

    static func questionsAsked(_ db: Database, userID: Int64, visible: SQL, limit: Int) throws -> [Discussion] {
        try Discussion.fetchAll(db, columns: """
            SELECT \(sql: Discussion.listColumnListD) FROM discussion d JOIN community c ON c.id = d.community_id
            WHERE d.author_id = \(userID) AND d.kind = 'question' AND c.merged_into_id IS NULL AND \(visible)
            ORDER BY d.last_post_at DESC LIMIT \(limit)
            """)
    }

    /// For each community `userID` belongs to, how many listed discussions have posts they have not seen since they
    /// joined or last marked it all read (`UnreadState.count` as one statement), counting at most `newCountCap`: each
    /// community's discussions active since the baseline are read newest first, by its activity index, and no further.

    static func discussionsWithNewPosts(_ db: Database, userID: Int64) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT m.community_id, (
                SELECT COUNT(*) FROM (
                    SELECT 1 FROM discussion d
                    LEFT JOIN discussion_read r ON r.user_id = m.user_id AND r.discussion_id = d.id
                    WHERE d.community_id = m.community_id
                      AND d.last_post_at > max(m.created_at, COALESCE(
                          (SELECT read_at FROM community_read WHERE user_id = m.user_id AND community_id = m.community_id),
                          m.created_at))
                      AND d.held_at IS NULL AND d.hidden_at IS NULL
                      AND (r.last_read_number IS NULL OR r.last_read_number < d.post_count)
                    ORDER BY d.last_post_at DESC LIMIT ?))
            FROM membership m WHERE m.user_id = ?
            """), arguments: [newCountCap, userID])
        while let row = try rows.next() {
            let count: Int = row[1]
            if count > 0 { counts[row[0]] = count }
        }
        return counts
    }

    /// The member's join requests still waiting, or decided within `since`: how they learn the answer.

    static func recentJoinRequests(_ db: Database, userID: Int64, since: Date) throws -> [JoinRequest] {
        try JoinRequest.fetchAll(db, cached: """
            SELECT * FROM join_request
            WHERE user_id = ? AND (status = 'pending' OR (status IN ('approved', 'declined') AND decided_at > ?))
            ORDER BY created_at DESC, id DESC LIMIT 10
            """, [userID, since])
    }
}

extension AppDatabase {
    /// Each community's shared vocabulary as one text (for matching what a newcomer says they work on), in one query.
    public func communityTopicTexts() throws -> [Int64: String] {
        try readNow { db in
            var texts: [Int64: String] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT community_id, group_concat(topic, ' ') FROM community_topic GROUP BY community_id")
            while let row = try rows.next() { texts[row[0]] = row[1] }
            return texts
        }
    }
}

extension AppDatabase {
    /// A community's latest discussions by activity, across its open boards, as `listed` admits them
    /// (`Guardian.listedDiscussionSQL`), with their boards' slugs.
    public func latestDiscussions(communityID: Int64, listed: SQL, limit: Int) throws -> [DiscussionListRow] {
        let discussions = try readNow { db in
            try Discussion.fetchAll(db, columns: """
                SELECT \(sql: Discussion.columnList) FROM discussion
                WHERE community_id = \(communityID) AND \(listed)
                  AND board_id NOT IN (SELECT id FROM board WHERE community_id = \(communityID) AND archived_at IS NOT NULL)
                ORDER BY last_post_at DESC LIMIT \(limit)
                """)
        }
        let users = try authors(ids: discussions.flatMap { [$0.authorId, $0.lastPosterId].compactMap { $0 } })
        return discussions.map {
            DiscussionListRow(discussion: $0, author: $0.authorId.flatMap { users[$0] }, lastPoster: $0.lastPosterId.flatMap { users[$0] })
        }
    }
}
