import Foundation
import GRDB

/// How Who to ask ranks members for a topic, and its bounds.
///
/// Only members of the community who opted in to being suggested (and are not suspended) are ranked. For the
/// topics asked about, each gets
///
///     score = 10 × topics they say they can help with
///           +  3 × their accepted answers in this community on discussions matching the topics
///           +  1 × helpful marks their posts received in those discussions
///
/// A discussion matches a topic when its opening post (title and body) contains every word of the topic, as the
/// porter-stemmed full-text index sees them ("assessments" finds "assessment"); only listed discussions and
/// visible posts are indexed, so held, hidden and deleted ones never count. Members with a score of 0 are left
/// out; ties go to more accepted answers, then more helpful marks, then the name.
public enum WhoToAsk {
    public static let declaredWeight = 10
    public static let acceptedWeight = 3
    public static let helpfulWeight = 1
    /// The most recent matching discussions considered per topic (keeps a common word's topic cheap).
    public static let matchWindow = 500
    /// Topic words used for matching (a topic is at most `Topics.maxLength` characters anyway).
    static let maxTopicWords = 8
    /// A question's page checks at most this many candidate topics against it, and ranks for at most `maxQuestionTopics`.
    public static let maxCandidateTopics = 200
    public static let maxQuestionTopics = 5
    /// People shown on Who to ask, and under a question.
    public static let pageLimit = 30
    public static let questionLimit = 5

    /// The FTS5 expression for a topic: every word, quoted (nothing typed is read as FTS5 syntax); nil without words.
    static func matchExpression(_ topic: String) -> String? {
        let words = SearchLexer.words(topic).prefix(maxTopicWords)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"" }.joined(separator: " ")
    }
}

/// A member suggested for a topic, with the reasons behind the score.
public struct HelperSuggestion: Sendable {
    public var user: User
    public var mentor: Bool
    /// The topics asked about that they say they can help with.
    public var declared: [String]
    public var accepted: Int
    public var helpful: Int

    public var score: Int {
        WhoToAsk.declaredWeight * declared.count + WhoToAsk.acceptedWeight * accepted + WhoToAsk.helpfulWeight * helpful
    }
}

/// An opted-in member and the topics they say they can help with (Who to ask before a topic is chosen).
public struct OptedInMember: Sendable {
    public var user: User
    public var mentor: Bool
    public var topics: [String]
}

extension AppDatabase {
    /// Opted-in members of the community ranked for `topics` (see `WhoToAsk`), leaving out `excluding`.
    public func whoToAsk(communityID: Int64, topics: [String], excluding: Set<Int64> = [], now: Date,
                         limit: Int = WhoToAsk.pageLimit) async throws -> [HelperSuggestion] {
        let topics = Topics.unique(topics)
        guard !topics.isEmpty else { return [] }
        return try await reader.read { db in
            var matched = Set<Int64>()
            for topic in topics { matched.formUnion(try Self.matchingDiscussions(db, communityID: communityID, topic: topic)) }
            let ids = Self.jsonArray(Array(matched))
            let visiblePost = "p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL"
            var declared: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT user_id, topic FROM user_topic WHERE kind = 'help' AND topic IN (SELECT value FROM json_each(?)) ORDER BY topic
                """, arguments: [Self.jsonStrings(topics)]) {
                declared[row["user_id"], default: []].append(row["topic"])
            }
            let accepted = try Self.countsByAuthor(db, sql: """
                SELECT p.author_id, COUNT(*) FROM discussion d JOIN post p ON p.id = d.accepted_post_id
                WHERE d.id IN (SELECT value FROM json_each(?)) AND \(visiblePost) GROUP BY p.author_id
                """, ids: ids)
            let helpful = try Self.countsByAuthor(db, sql: """
                SELECT p.author_id, SUM(p.helpful_count) FROM post p
                WHERE p.discussion_id IN (SELECT value FROM json_each(?)) AND \(visiblePost) GROUP BY p.author_id
                """, ids: ids)
            let people = Set(declared.keys).union(accepted.keys).union(helpful.keys).subtracting(excluding)
            return try Self.optedIn(db, communityID: communityID, userIDs: Array(people), now: now)
                .map { user, mentor in
                    HelperSuggestion(user: user, mentor: mentor, declared: declared[user.id!] ?? [],
                                     accepted: accepted[user.id!] ?? 0, helpful: helpful[user.id!] ?? 0)
                }
                .filter { $0.score > 0 }
                .sorted { a, b in
                    if a.score != b.score { return a.score > b.score }
                    if a.accepted != b.accepted { return a.accepted > b.accepted }
                    if a.helpful != b.helpful { return a.helpful > b.helpful }
                    return (a.user.displayName, a.user.handle) < (b.user.displayName, b.user.handle)
                }
                .prefix(limit).map { $0 }
        }
    }

    /// Ids of listed discussions of the community whose opening post matches `topic`, most recent first (bounded).
    static func matchingDiscussions(_ db: Database, communityID: Int64, topic: String) throws -> [Int64] {
        guard let expression = WhoToAsk.matchExpression(topic) else { return [] }
        // CROSS JOIN keeps the FTS table as the outer loop, streaming matches newest first until the window is full.
        return try Int64.fetchAll(db, sql: """
            SELECT sd.discussion_id FROM search_stemmed
            CROSS JOIN search_document sd ON sd.post_id = search_stemmed.rowid
            WHERE search_stemmed MATCH ? AND sd.community_id = ? AND sd.title <> ''
            ORDER BY search_stemmed.rowid DESC LIMIT ?
            """, arguments: [expression, communityID, WhoToAsk.matchWindow])
    }

    private static func countsByAuthor(_ db: Database, sql: String, ids: String) throws -> [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: [ids]) {
            guard let author: Int64 = row[0] else { continue }
            counts[author] = row[1]
        }
        return counts
    }

    /// Which of `userIDs` are members of the community who opted in to being suggested and are not suspended.
    private static func optedIn(_ db: Database, communityID: Int64, userIDs: [Int64], now: Date) throws -> [(User, Bool)] {
        guard !userIDs.isEmpty else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT u.*, u.mentor AS is_mentor FROM user u JOIN membership m ON m.user_id = u.id AND m.community_id = ?
            WHERE u.id IN (SELECT value FROM json_each(?)) AND u.suggestable
              AND (u.suspended_until IS NULL OR u.suspended_until <= ?)
            """, arguments: [communityID, jsonArray(userIDs), now]).map { (try User(row: $0), $0["is_mentor"] as Bool) }
    }

    /// Opted-in members of the community with the topics they can help with, by name (Who to ask with no topic chosen).
    public func optedInMembers(communityID: Int64, now: Date, limit: Int = WhoToAsk.pageLimit) async throws -> [OptedInMember] {
        try await reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.*, u.mentor AS is_mentor,
                  (SELECT json_group_array(topic) FROM (SELECT topic FROM user_topic WHERE user_id = u.id AND kind = 'help' ORDER BY topic)) AS topics
                FROM user u JOIN membership m ON m.user_id = u.id AND m.community_id = ?
                WHERE u.suggestable AND (u.suspended_until IS NULL OR u.suspended_until <= ?)
                ORDER BY u.display_name, u.handle LIMIT ?
                """, arguments: [communityID, now, limit]).map { row in
                let topics = (try? JSONDecoder().decode([String].self, from: Data((row["topics"] as String? ?? "[]").utf8))) ?? []
                return OptedInMember(user: try User(row: row), mentor: row["is_mentor"], topics: topics)
            }
        }
    }

    /// Topics people could be suggested for in this community: its vocabulary and what its opted-in members can
    /// help with (bounded by `WhoToAsk.maxCandidateTopics`), alphabetically.
    public func candidateTopics(communityID: Int64) async throws -> [String] {
        try await reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT topic FROM community_topic WHERE community_id = ?
                UNION
                SELECT ut.topic FROM user_topic ut JOIN membership m ON m.user_id = ut.user_id AND m.community_id = ?
                JOIN user u ON u.id = ut.user_id
                WHERE ut.kind = 'help' AND u.suggestable
                ORDER BY 1 LIMIT ?
                """, arguments: [communityID, communityID, WhoToAsk.maxCandidateTopics])
        }
    }

    /// Which of `topics` the post (a discussion's opening post) matches, in the order given. A post that is not
    /// indexed (held, hidden, deleted) matches none.
    public func topics(matchingPost postID: Int64, among topics: [String]) async throws -> [String] {
        try await reader.read { db in
            try topics.filter { topic in
                guard let expression = WhoToAsk.matchExpression(topic) else { return false }
                return try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM search_stemmed WHERE search_stemmed MATCH ? AND rowid = ?)",
                                         arguments: [expression, postID]) ?? false
            }
        }
    }
}
