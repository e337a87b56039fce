import Foundation
import GRDB

/// A help request with the people and the question it is about.
public struct HelpRequestRow: Decodable, FetchableRecord, Sendable {
    public var helpRequest: HelpRequest
    public var requester: User?
    public var helper: User?
    public var discussion: Discussion
    public var community: Community
}

extension HelpRequest {
    static let requester = belongsTo(User.self, key: "requester", using: ForeignKey(["requester_id"]))
    static let helper = belongsTo(User.self, key: "helper", using: ForeignKey(["helper_id"]))
    static let discussion = belongsTo(Discussion.self)
    static let community = belongsTo(Community.self)
}

/// An unanswered question a member could answer, with the topics of theirs it matches.
public struct QuestionMatch: Sendable {
    public var discussion: Discussion
    public var community: Community
    public var topics: [String]
}

extension AppDatabase {
    static func alreadyAsked(_ helperName: String) -> String {
        "\(helperName) has already been asked to look at this question."
    }

    static func tooManyHelpRequests() -> String {
        "You have sent \(HelpRequest.maxPerWindow) help requests in the last 24 hours, the most allowed. Please try again later."
    }

    /// Stores a help request, in one transaction: 409 when the helper was already asked about this question,
    /// 429 when the requester has sent `HelpRequest.maxPerWindow` within `HelpRequest.rateWindow`.
    public func createHelpRequest(_ request: HelpRequest, helperName: String, checking check: WriteCheck) async throws -> HelpRequest {
        try await write(checking: check) { db in
            let asked = try HelpRequest.filter(Column("discussion_id") == request.discussionId && Column("helper_id") == request.helperId)
                .fetchCount(db)
            guard asked == 0 else { throw AppError.conflict(Self.alreadyAsked(helperName)) }
            let recent = try HelpRequest.filter(Column("requester_id") == request.requesterId
                                                && Column("created_at") > request.createdAt.addingTimeInterval(-HelpRequest.rateWindow))
                .fetchCount(db)
            guard recent < HelpRequest.maxPerWindow else { throw AppError.tooManyRequests(Self.tooManyHelpRequests()) }
            var request = request
            try request.insert(db)
            try Self.record(db, Event(kind: .helpRequested, actorID: request.requesterId, communityID: request.communityId,
                                      discussionID: request.discussionId, subjectID: request.helperId, createdAt: request.createdAt))
            return request
        }
    }

    /// The members already asked to look at a question (each may be asked once).
    public func askedHelpers(discussionID: Int64) async throws -> Set<Int64> {
        try await reader.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT helper_id FROM help_request WHERE discussion_id = ?", arguments: [discussionID]))
        }
    }

    /// Requests a member received, newest first, in communities `visible` allows (the helper's Guardian, on `community`).
    public func helpRequests(helperID: Int64, visible: SQL, limit: Int) async throws -> [HelpRequestRow] {
        try await helpRequests(Column("helper_id") == helperID, visible: visible, limit: limit)
    }

    /// Requests a member sent, newest first.
    public func sentHelpRequests(requesterID: Int64, visible: SQL, limit: Int) async throws -> [HelpRequestRow] {
        try await helpRequests(Column("requester_id") == requesterID, visible: visible, limit: limit)
    }

    private func helpRequests(_ condition: SQLExpression, visible: SQL, limit: Int) async throws -> [HelpRequestRow] {
        try await reader.read { db in
            try HelpRequest
                .filter(condition)
                .including(optional: HelpRequest.requester)
                .including(optional: HelpRequest.helper)
                .including(required: HelpRequest.discussion)
                // The alias gives the joined table the name the Guardian's SQL uses.
                .including(required: HelpRequest.community.aliased(TableAlias(name: "community")).filter(literal: visible))
                .order(Column("created_at").desc, Column("id").desc)
                .limit(limit)
                .asRequest(of: HelpRequestRow.self)
                .fetchAll(db)
        }
    }

    /// Requests the member has not marked read yet (in communities `visible` allows).
    public func unseenHelpRequestCount(helperID: Int64, visible: SQL) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db, SQLRequest<Int>(literal: """
                SELECT COUNT(*) FROM help_request hr JOIN community ON community.id = hr.community_id
                WHERE hr.helper_id = \(helperID) AND hr.seen_at IS NULL AND \(visible)
                """)) ?? 0
        }
    }

    /// Marks every unread request of the member read; returns how many were.
    public func markHelpRequestsSeen(helperID: Int64, now: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "UPDATE help_request SET seen_at = ? WHERE helper_id = ? AND seen_at IS NULL", arguments: [now, helperID])
            return db.changesCount
        }
    }

    /// Unanswered questions (no accepted answer, listed, not the member's own) in the member's communities that
    /// `visible` allows, matching `topics`; newest first, each with the topics it matches.
    public func questionsForYou(userID: Int64, topics: [String], visible: SQL, limit: Int) async throws -> [QuestionMatch] {
        guard !topics.isEmpty else { return [] }
        return try await reader.read { db in try Self.questionsForYou(db, userID: userID, topics: topics, visible: visible, limit: limit) }
    }

    /// `questionsForYou(userID:topics:visible:limit:)` inside a read the caller holds (the member's home).
    static func questionsForYou(_ db: Database, userID: Int64, topics: [String], visible: SQL, limit: Int) throws -> [QuestionMatch] {
        guard !topics.isEmpty else { return [] }
        var matches: [Int64: [String]] = [:]
        for topic in topics {
            guard let expression = WhoToAsk.matchExpression(topic) else { continue }
            let ids = try Int64.fetchAll(db, cachedSQL: """
                SELECT d.id FROM search_stemmed
                CROSS JOIN search_document sd ON sd.post_id = search_stemmed.rowid
                CROSS JOIN discussion d ON d.id = sd.discussion_id
                CROSS JOIN community ON community.id = d.community_id
                WHERE search_stemmed MATCH \(expression) AND sd.title <> ''
                  AND d.kind = 'question' AND d.accepted_post_id IS NULL AND d.held_at IS NULL AND d.hidden_at IS NULL
                  AND d.author_id IS NOT \(userID)
                  AND d.community_id IN (SELECT community_id FROM membership WHERE user_id = \(userID))
                  AND \(visible)
                ORDER BY search_stemmed.rowid DESC LIMIT \(WhoToAsk.matchWindow)
                """)
            for id in ids { matches[id, default: []].append(topic) }
        }
        guard !matches.isEmpty else { return [] }
        let rows = try Discussion
            .filter(keys: Array(matches.keys))
            .including(required: Discussion.board)
            .including(required: Discussion.community)
            .order(Column("created_at").desc, Column("id").desc)
            .limit(limit)
            .asRequest(of: DiscussionContext.self)
            .fetchAll(db)
        return rows.map { QuestionMatch(discussion: $0.discussion, community: $0.community, topics: matches[$0.discussion.id!] ?? []) }
    }
}
