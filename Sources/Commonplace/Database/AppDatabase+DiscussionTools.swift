import Foundation
import GRDB

/// The moderator doing an action, and when: what its moderation log row needs beyond the action itself.
public struct ModeratorStamp: Sendable, Equatable {
    public let moderatorID: Int64
    public let at: Date

    public init(moderatorID: Int64, at: Date) {
        self.moderatorID = moderatorID
        self.at = at
    }
}

/// Posts split out of a discussion into a new one.
public struct DiscussionSplit: Sendable {
    public var sourceID: Int64
    public var postIDs: [Int64]
    public var title: String
    public var kind: Discussion.Kind
    public var boardID: Int64

    public init(sourceID: Int64, postIDs: [Int64], title: String, kind: Discussion.Kind, boardID: Int64) {
        self.sourceID = sourceID
        self.postIDs = postIDs
        self.title = title
        self.kind = kind
        self.boardID = boardID
    }
}

// MARK: - Reading for the tools' forms

extension AppDatabase {
    /// The open (not archived) boards of the given communities, in each community's board order.
    public func openBoards(communityIDs: [Int64]) async throws -> [Board] {
        guard !communityIDs.isEmpty else { return [] }
        return try await reader.read { db in
            try Board.filter(communityIDs.contains(Column("community_id")) && Column("archived_at") == nil)
                .order(Column("community_id"), Column("position")).fetchAll(db)
        }
    }

    /// A board with its community.
    public func boardWithCommunity(id: Int64) async throws -> (Board, Community)? {
        try await reader.read { db in
            guard let board = try Board.fetchOne(db, key: id), let community = try Community.fetchOne(db, key: board.communityId) else {
                return nil
            }
            return (board, community)
        }
    }

    /// Every post of a discussion with its author, by number (the split form lists them).
    public func posts(discussionID: Int64) async throws -> [PostRow] {
        try await reader.read { db in
            try Post.filter(Column("discussion_id") == discussionID)
                .including(optional: Post.author)
                .order(Column("number"))
                .asRequest(of: PostRow.self)
                .fetchAll(db)
        }
    }

    /// How many posts the discussions hold together (deleted and hidden ones too: they keep their places).
    public func postCount(discussionIDs: [Int64]) async throws -> Int {
        try await reader.read { db in try Post.filter(discussionIDs.contains(Column("discussion_id"))).fetchCount(db) }
    }
}

// MARK: - Move, merge, split, hide

extension AppDatabase {
    /// Moves a discussion to another open board (of its community or another active one), its flags with it,
    /// and logs it in the source community. The search documents follow by trigger.
    public func moveDiscussion(id: Int64, toBoardID boardID: Int64, by moderator: ModeratorStamp, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let found = try Self.discussionContext(db, id: id),
                  let board = try Board.fetchOne(db, key: boardID),
                  let community = try Community.fetchOne(db, key: board.communityId) else { throw AppError.notFound }
            guard board.id != found.board.id else { throw AppError.conflict("The discussion is already in \(board.name).") }
            guard !board.isArchived else { throw AppError.conflict("\(board.name) is archived: it takes no new discussions.") }
            guard community.status == .active, !community.isMerged else {
                throw AppError.conflict("\(community.name) is inactive: it takes no new discussions.")
            }
            try db.execute(sql: "UPDATE discussion SET board_id = ?, community_id = ? WHERE id = ?",
                           arguments: [board.id, community.id, id])
            try db.execute(sql: "UPDATE flag SET community_id = ? WHERE discussion_id = ?", arguments: [community.id, id])
            try Self.log(db, ModerationAction(
                communityId: found.community.id, actorId: moderator.moderatorID, action: .moveDiscussion,
                targetType: .discussion, targetId: id, targetLabel: found.discussion.title,
                reason: "\(found.community.name) › \(found.board.name) → \(community.name) › \(board.name)", createdAt: moderator.at))
        }
    }

    /// Merges discussion `sourceID` into `targetID` in one transaction: the target's post #1 stays #1 and every other
    /// post of both is renumbered 2, 3 … by date; views add up; the target keeps its accepted answer or takes the
    /// source's; flags and older redirects follow; the source's id redirects to the target; the source row goes.
    /// `sourceOpening` replaces the source's opening post (a lesson's sections folded in, as it becomes a reply).
    @discardableResult
    public func mergeDiscussion(id sourceID: Int64, into targetID: Int64, sourceOpening: RenderedText?,
                                by moderator: ModeratorStamp, checking check: WriteCheck) async throws -> Discussion {
        try await write(checking: check) { db in
            guard sourceID != targetID else { throw AppError.badRequest("A discussion cannot be merged into itself.") }
            guard let source = try Discussion.fetchOne(db, key: sourceID),
                  let target = try Discussion.fetchOne(db, key: targetID) else { throw AppError.notFound }
            guard !source.isHeld, !target.isHeld else {
                throw AppError.conflict("A discussion awaiting approval cannot be merged: approve or decline it first.")
            }
            if let sourceOpening {
                try db.execute(sql: "UPDATE post SET body_markdown = ?, body_html = ? WHERE discussion_id = ? AND number = 1",
                               arguments: [sourceOpening.markdown, sourceOpening.html, sourceID])
            }
            try Self.renumberMerged(db, source: sourceID, target: targetID)

            try db.execute(sql: """
                UPDATE discussion SET
                  post_count = (SELECT COUNT(*) FROM post WHERE discussion_id = :target),
                  view_count = view_count + :views,
                  accepted_post_id = CASE WHEN accepted_post_id IS NULL AND kind = 'question' THEN :accepted ELSE accepted_post_id END
                WHERE id = :target
                """, arguments: ["target": targetID, "views": source.viewCount, "accepted": source.acceptedPostId])
            // A flagger with an open flag on each whole discussion keeps one: the index allows one open flag per target.
            try db.execute(sql: """
                DELETE FROM flag WHERE discussion_id = :source AND post_id IS NULL AND status = 'open'
                  AND flagger_id IN (SELECT flagger_id FROM flag WHERE discussion_id = :target AND post_id IS NULL AND status = 'open')
                """, arguments: ["source": sourceID, "target": targetID])
            try db.execute(sql: "UPDATE flag SET discussion_id = ?, community_id = ? WHERE discussion_id = ?",
                           arguments: [targetID, target.communityId, sourceID])
            // Requests for help on the source follow it (one per helper per question: a duplicate is dropped).
            try db.execute(sql: "UPDATE OR IGNORE help_request SET discussion_id = ?, community_id = (SELECT community_id FROM discussion WHERE id = ?) WHERE discussion_id = ?",
                           arguments: [targetID, targetID, sourceID])
            // A resource whose discussion it was keeps a discussion: the merged one.
            try db.execute(sql: "UPDATE resource SET discussion_id = ? WHERE discussion_id = ?", arguments: [targetID, sourceID])
            try db.execute(sql: "UPDATE discussion_redirect SET target_id = ? WHERE target_id = ?", arguments: [targetID, sourceID])
            try db.execute(sql: "INSERT INTO discussion_redirect (discussion_id, target_id) VALUES (?, ?)", arguments: [sourceID, targetID])
            try Self.moveWatches(db, type: .discussion, from: sourceID, to: targetID)
            try db.execute(sql: "DELETE FROM discussion WHERE id = ?", arguments: [sourceID])
            try Self.refreshCounters(db, discussionID: targetID)

            let moved = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM post WHERE discussion_id = ?", arguments: [targetID])! - target.postCount
            try Self.log(db, ModerationAction(
                communityId: source.communityId, actorId: moderator.moderatorID, action: .mergeDiscussion,
                targetType: .discussion, targetId: targetID, targetLabel: "\(source.title) → \(target.title)",
                reason: moved == 1 ? "1 post moved" : "\(moved) posts moved", createdAt: moderator.at))
            return try Discussion.fetchOne(db, key: targetID)!
        }
    }

    /// Moves the source's posts into the target and numbers all posts but the target's #1 by (created_at, id).
    /// Two passes because of UNIQUE(discussion_id, number): negative numbers first, then their opposites.
    private static func renumberMerged(_ db: Database, source: Int64, target: Int64) throws {
        let ids = try Int64.fetchAll(db, sql: """
            SELECT id FROM post WHERE discussion_id = :source OR (discussion_id = :target AND number <> 1)
            ORDER BY created_at, id
            """, arguments: ["source": source, "target": target])
        let statement = try db.makeStatement(sql: "UPDATE post SET discussion_id = ?, number = ? WHERE id = ?")
        for (index, id) in ids.enumerated() {
            try statement.execute(arguments: [target, -(index + 2), id])
        }
        try db.execute(sql: "UPDATE post SET number = -number WHERE discussion_id = ? AND number < 0", arguments: [target])
    }

    /// Splits the chosen posts (never #1) out into a new discussion, numbered 1 … n by date; the source keeps its
    /// numbers (with gaps) and loses its accepted answer if it moved. Returns the new discussion.
    public func splitDiscussion(_ split: DiscussionSplit, by moderator: ModeratorStamp, checking check: WriteCheck) async throws -> Discussion {
        try await write(checking: check) { db in
            guard let source = try Discussion.fetchOne(db, key: split.sourceID) else { throw AppError.notFound }
            let ids = Array(Set(split.postIDs))
            let posts = try Post.filter(keys: ids).fetchAll(db).sorted { ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!) }
            guard !posts.isEmpty, posts.count == ids.count, posts.allSatisfy({ $0.discussionId == split.sourceID && $0.number > 1 }) else {
                throw AppError.badRequest("Choose replies of this discussion to split out.")
            }
            guard let board = try Board.fetchOne(db, key: split.boardID), board.communityId == source.communityId, !board.isArchived else {
                throw AppError.badRequest("Choose one of this community's open boards.")
            }
            let first = posts[0]
            var discussion = Discussion(
                communityId: source.communityId, boardId: board.id!, kind: split.kind, title: split.title,
                authorId: first.authorId, createdAt: first.createdAt, lastPostAt: first.createdAt,
                lastPosterId: first.authorId, replyCount: 0, postCount: posts.count)
            try discussion.insert(db)
            let statement = try db.makeStatement(sql: "UPDATE post SET discussion_id = ?, number = ? WHERE id = ?")
            for (index, post) in posts.enumerated() {
                try statement.execute(arguments: [discussion.id, index + 1, post.id])
            }
            try db.execute(literal: "UPDATE flag SET discussion_id = \(discussion.id) WHERE post_id IN \(ids)")
            try Self.refreshCounters(db, discussionID: split.sourceID)
            try Self.refreshCounters(db, discussionID: discussion.id!)
            let numbers = posts.map { "#\($0.number)" }.joined(separator: ", ")
            try Self.log(db, ModerationAction(
                communityId: source.communityId, actorId: moderator.moderatorID, action: .splitDiscussion,
                targetType: .discussion, targetId: discussion.id, targetLabel: "\(source.title) → \(split.title)",
                reason: "Posts \(numbers) moved to a new discussion", createdAt: moderator.at))
            return try Discussion.fetchOne(db, key: discussion.id!)!
        }
    }

    /// Hides a whole discussion with a reason its author sees, or restores it, and logs it; 409 when it already is so.
    /// The search documents leave and come back by trigger.
    public func setDiscussionHidden(id: Int64, hidden: Bool, reason: String, by moderator: ModeratorStamp,
                                    checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let discussion = try Discussion.fetchOne(db, key: id) else { throw AppError.notFound }
            guard discussion.isHidden != hidden else {
                throw AppError.conflict(hidden ? "This discussion is already hidden." : "This discussion is not hidden.")
            }
            try db.execute(sql: "UPDATE discussion SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?",
                           arguments: [hidden ? moderator.at : nil, hidden ? moderator.moderatorID : nil, hidden ? reason : "", id])
            try Self.log(db, ModerationAction(
                communityId: discussion.communityId, actorId: moderator.moderatorID,
                action: hidden ? .hideDiscussion : .restoreDiscussion, targetType: .discussion, targetId: id,
                targetLabel: discussion.title, reason: hidden ? reason : "", createdAt: moderator.at))
        }
    }
}
