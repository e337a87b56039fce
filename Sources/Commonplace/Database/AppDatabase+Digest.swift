import Foundation
import GRDB

/// One line of a digest, with the key that keeps it out of every later digest (`discussion:12`, `accepted:34`,
/// `resource:5`, `notification:77`).
struct DigestEntry: Sendable, Equatable {
    let key: String
    let item: MailBody.Item
}

/// A digest's sections, in the order they are shown (empty ones left out).
struct DigestContent: Sendable {
    var questions: [DigestEntry] = []
    var discussions: [DigestEntry] = []
    var accepted: [DigestEntry] = []
    var resources: [DigestEntry] = []
    var notifications: [DigestEntry] = []

    var isEmpty: Bool { all.isEmpty }
    var all: [DigestEntry] { questions + discussions + accepted + resources + notifications }

    /// At most this many lines per section (the rest is in the site).
    static let sectionLimit = 10
    /// Unanswered questions this recent are listed even if they came before the last digest (a new member's first
    /// digest, a question missed because a section was full), once: the item log keeps them out of later digests.
    static let unansweredWindow: TimeInterval = 14 * 24 * 3600
}

/// Composes a member's digest from what happened in their communities since their last one, as the member may see it
/// now: only communities they belong to (so leaving one takes it out at once), only listed discussions and visible
/// posts, only notifications the Guardian's rule admits (`notificationVisibleSQL`), never an item of an earlier
/// digest (`digest_item`). Read inside the digest's write transaction, so what it logs is what it read.
struct DigestComposer {
    let db: Database
    let guardian: Guardian
    let userID: Int64
    let since: Date
    let now: Date
    let baseURL: String
    /// The member's email modes (the notifications whose mode is `digest` are listed).
    let settings: EmailSettings

    func compose() throws -> DigestContent {
        var content = DigestContent()
        let communities = guardian.memberships.keys.sorted()
        let new = try newDiscussions(in: communities)
        let questions = new.filter { $0.kind == "question" && !$0.answered }
        let topics = try AppDatabase.expertise(db, userID: userID).help
        let matching = try matchingExpertise(questions.map(\.id), topics: topics)
        // Questions matching the member's expertise first, then the newest.
        let ordered = questions.filter { matching[$0.id] != nil } + questions.filter { matching[$0.id] == nil }
        content.questions = ordered.prefix(DigestContent.sectionLimit).map { d in
            entry(d, detail: matching[d.id].map { "\(d.community) · matches \($0.joined(separator: " and ")), which you can help with" }
                  ?? "\(d.community) · no accepted answer yet")
        }
        let listedQuestions = Set(content.questions.map(\.key))
        content.discussions = new.filter { $0.isNew && !listedQuestions.contains("discussion:\($0.id)") && !($0.kind == "question" && !$0.answered) }
            .prefix(DigestContent.sectionLimit).map { entry($0, detail: "\($0.community) · \($0.kindLabel)") }
        content.accepted = try acceptedAnswers(in: communities)
        content.resources = try featuredResources(in: communities)
        let shownDiscussions = Set((content.questions + content.discussions).map(\.key))
        content.notifications = try digestNotifications(skipping: shownDiscussions)
        return content
    }

    // MARK: - Sections

    /// A new discussion as a digest reads it.
    struct NewDiscussion {
        let id: Int64
        let title: String
        let kind: String
        let answered: Bool
        let community: String
        let path: String
        /// Started since the last digest (else an older unanswered question).
        let isNew: Bool
        var kindLabel: String { Discussion.Kind(rawValue: kind)?.label ?? kind }
    }

    private func entry(_ d: NewDiscussion, detail: String) -> DigestEntry {
        DigestEntry(key: "discussion:\(d.id)", item: MailBody.Item(title: d.title, url: baseURL + d.path, detail: detail))
    }

    /// Listed discussions started since the last digest in the member's communities, by others, and unanswered
    /// questions of the last `unansweredWindow` no digest has listed yet; newest first.
    private func newDiscussions(in communities: [Int64]) throws -> [NewDiscussion] {
        let questionsSince = min(since, now.addingTimeInterval(-DigestContent.unansweredWindow))
        let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT d.*, c.name AS community_name FROM discussion d JOIN community c ON c.id = d.community_id
            WHERE d.community_id IN \(communities.isEmpty ? [-1] : communities)
              -- (a discussion's last post is never before its start: this bounds the scan on the community's activity index)
              AND d.last_post_at > \(questionsSince)
              AND (d.created_at > \(since)
                   OR (d.kind = 'question' AND d.accepted_post_id IS NULL AND d.created_at > \(questionsSince)))
              AND d.held_at IS NULL AND d.hidden_at IS NULL AND d.author_id IS NOT \(userID)
              AND \(guardian.visibleDiscussionSQL(discussion: "d", community: "c"))
              AND NOT EXISTS (SELECT 1 FROM digest_item di WHERE di.user_id = \(userID) AND di.item = 'discussion:' || d.id)
            ORDER BY d.created_at DESC, d.id DESC LIMIT \(DigestContent.sectionLimit * 5)
            """))
        return try rows.map { row in
            let discussion = try Discussion(row: row)
            return NewDiscussion(id: discussion.id!, title: discussion.title, kind: discussion.kind.rawValue,
                                 answered: discussion.acceptedPostId != nil, community: row["community_name"],
                                 path: Paths.discussion(discussion), isNew: discussion.createdAt > since)
        }
    }

    /// Which of these questions match the member's "can help with" topics (as Who to ask matches them), with the topics.
    private func matchingExpertise(_ ids: [Int64], topics: [String]) throws -> [Int64: [String]] {
        guard !ids.isEmpty else { return [:] }
        var matches: [Int64: [String]] = [:]
        for topic in topics {
            guard let expression = WhoToAsk.matchExpression(topic) else { continue }
            let found = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT sd.discussion_id FROM search_stemmed
                CROSS JOIN search_document sd ON sd.post_id = search_stemmed.rowid
                WHERE search_stemmed MATCH ? AND sd.title <> '' AND sd.discussion_id IN (SELECT value FROM json_each(?))
                """, arguments: [expression, AppDatabase.jsonArray(ids)])
            for id in found { matches[id, default: []].append(topic) }
        }
        return matches
    }

    /// Answers accepted since the last digest (the `answer_accepted` events), still the accepted answer and visible;
    /// not the member's own answers nor their own questions (a notification told them, or they accepted it).
    private func acceptedAnswers(in communities: [Int64]) throws -> [DigestEntry] {
        let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT d.*, c.name AS community_name, p.id AS post_id, p.number AS post_number, u.display_name AS author_name
            FROM event e JOIN post p ON p.id = e.post_id JOIN discussion d ON d.id = p.discussion_id
            JOIN community c ON c.id = d.community_id LEFT JOIN user u ON u.id = p.author_id
            WHERE e.kind = 'answer_accepted' AND e.created_at > \(since) AND d.accepted_post_id = p.id
              AND p.author_id IS NOT \(userID) AND d.author_id IS NOT \(userID)
              AND d.community_id IN \(communities.isEmpty ? [-1] : communities)
              AND d.held_at IS NULL AND d.hidden_at IS NULL
              AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
              AND \(guardian.visibleDiscussionSQL(discussion: "d", community: "c"))
              AND NOT EXISTS (SELECT 1 FROM digest_item di WHERE di.user_id = \(userID) AND di.item = 'accepted:' || p.id)
            GROUP BY p.id ORDER BY MAX(e.created_at) DESC LIMIT \(DigestContent.sectionLimit)
            """))
        return try rows.map { row in
            let discussion = try Discussion(row: row)
            let author: String = row["author_name"] ?? "A former member"
            return DigestEntry(key: "accepted:\(row["post_id"] as Int64)", item: MailBody.Item(
                title: discussion.title, url: baseURL + Paths.post(discussion, number: row["post_number"]),
                detail: "\(row["community_name"] as String) · \(author)'s answer was accepted"))
        }
    }

    /// Resources featured since the last digest in the member's communities (featured, not archived, not held).
    private func featuredResources(in communities: [Int64]) throws -> [DigestEntry] {
        let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT r.id, r.title, c.name AS community_name FROM resource r JOIN community c ON c.id = r.community_id
            WHERE r.community_id IN \(communities.isEmpty ? [-1] : communities) AND r.featured_at > \(since)
              AND r.archived_at IS NULL AND r.held_at IS NULL AND \(guardian.visibleCommunitySQL(table: "c"))
              AND NOT EXISTS (SELECT 1 FROM digest_item di WHERE di.user_id = \(userID) AND di.item = 'resource:' || r.id)
            ORDER BY r.featured_at DESC, r.id DESC LIMIT \(DigestContent.sectionLimit)
            """))
        return rows.map { row in
            let id: Int64 = row["id"]
            return DigestEntry(key: "resource:\(id)", item: MailBody.Item(
                title: row["title"], url: baseURL + Paths.resource(id), detail: "\(row["community_name"] as String) · featured resource"))
        }
    }

    /// The member's unread notifications whose mode is "in the digest", that they may see now (a new discussion the
    /// digest already lists is left out).
    private func digestNotifications(skipping shown: Set<String>) throws -> [DigestEntry] {
        let kinds = NotificationKind.allCases.filter { settings.mode($0) == .digest }.map(\.rawValue)
        guard !kinds.isEmpty else { return [] }
        let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT n.*, u.display_name AS actor_name, p.number AS post_number \(AppDatabase.notificationJoins)
            LEFT JOIN user u ON u.id = n.actor_id
            WHERE n.user_id = \(userID) AND n.read_at IS NULL AND n.created_at > \(since) AND n.kind IN \(kinds)
              AND \(guardian.notificationVisibleSQL())
              AND NOT EXISTS (SELECT 1 FROM digest_item di WHERE di.user_id = \(userID) AND di.item = 'notification:' || n.id)
            ORDER BY n.created_at DESC, n.id DESC LIMIT \(DigestContent.sectionLimit * 2)
            """))
        var entries: [DigestEntry] = []
        for row in rows {
            let n = try NotificationRecord(row: row)
            if n.kind == .newDiscussion, let id = n.discussionID, shown.contains("discussion:\(id)") { continue }
            let post = try n.postID.flatMap { try Post.fetchOne(db, key: $0) }
            let discussion = try (post?.discussionId ?? n.discussionID).flatMap { try Discussion.fetchOne(db, id: $0) }
            guard let community = try Community.fetchOne(db, key: discussion?.communityId ?? n.communityID) else { continue }
            let meeting = try n.occurrenceID.flatMap { try AppDatabase.meetingDate(db, occurrenceID: $0) }
            let sentence = NotificationText.sentence(n.kind, count: n.count, actor: row["actor_name"], discussion: discussion,
                                                     community: community, postNumber: post?.number,
                                                     detail: EventDetail.decode(n.detail), meeting: meeting)
            let path = NotificationText.url(n.kind, community: community, discussion: discussion, postNumber: post?.number,
                                            meeting: meeting)
            entries.append(DigestEntry(key: "notification:\(n.id!)", item: MailBody.Item(
                title: sentence, url: baseURL + path, detail: community.name)))
            if entries.count == DigestContent.sectionLimit { break }
        }
        return entries
    }
}
