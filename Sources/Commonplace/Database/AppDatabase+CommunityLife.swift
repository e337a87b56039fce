import Foundation
import GRDB

/// What merging a community moves, counted for the confirm page and the log.
public struct MergeCounts: Sendable, Equatable {
    public var boards = 0
    public var discussions = 0
    public var members = 0
    public var pendingRequests = 0
    public var openInvitations = 0

    /// "2 boards, 14 discussions, 9 members".
    var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return [count(boards, "board"), count(discussions, "discussion"), count(members, "member")].joined(separator: ", ")
    }
}

/// The life of a community: archiving, reactivating, merging. Each is one transaction with its log row.
extension AppDatabase {
    /// Makes an active community inactive from today, with an optional successor that carries on its work.
    public func archiveCommunity(id: Int64, successorID: Int64?, actorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let community = try Community.fetchOne(db, key: id) else { throw AppError.notFound }
            guard community.status == .active else { throw AppError.conflict("\(community.name) is already inactive.") }
            let successor = try successorID.flatMap { try Community.fetchOne(db, key: $0) }
            try db.execute(
                sql: """
                    UPDATE community SET status = 'inactive', archived_at = ?, inactive_since = ?, successor_id = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [now, Formatting.isoDay(now), successor?.id, now, id])
            try Self.log(db, ModerationAction(
                communityId: id, actorId: actorID, action: .archiveCommunity, targetType: .community, targetId: id,
                targetLabel: community.name, reason: successor.map { "Its work continues in \($0.name)." } ?? "", createdAt: now))
        }
    }

    /// Makes an inactive (but not merged) community active again: open for posts and joins.
    public func reactivateCommunity(id: Int64, actorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let community = try Community.fetchOne(db, key: id) else { throw AppError.notFound }
            guard community.status == .inactive else { throw AppError.conflict("\(community.name) is already active.") }
            guard !community.isMerged else { throw AppError.conflict("\(community.name) was merged into another community; it cannot be reactivated.") }
            try db.execute(
                sql: """
                    UPDATE community SET status = 'active', archived_at = NULL, inactive_since = NULL, successor_id = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [now, id])
            try Self.log(db, ModerationAction(
                communityId: id, actorId: actorID, action: .reactivateCommunity, targetType: .community, targetId: id,
                targetLabel: community.name, createdAt: now))
        }
    }

    /// What merging `communityID` into another would move.
    public func mergeCounts(communityID: Int64, now: Date) async throws -> MergeCounts {
        try await reader.read { db in try Self.mergeCounts(db, communityID: communityID, now: now) }
    }

    static func mergeCounts(_ db: Database, communityID: Int64, now: Date) throws -> MergeCounts {
        func count(_ sql: String, _ extra: [any DatabaseValueConvertible] = []) throws -> Int {
            try Int.fetchOne(db, sql: sql, arguments: StatementArguments([communityID as any DatabaseValueConvertible] + extra)) ?? 0
        }
        return MergeCounts(
            boards: try count("SELECT COUNT(*) FROM board WHERE community_id = ?"),
            discussions: try count("SELECT COUNT(*) FROM discussion WHERE community_id = ?"),
            members: try count("SELECT COUNT(*) FROM membership WHERE community_id = ?"),
            pendingRequests: try count("SELECT COUNT(*) FROM join_request WHERE community_id = ? AND status = 'pending'"),
            openInvitations: try count("SELECT COUNT(*) FROM invitation WHERE community_id = ? AND used_at IS NULL AND expires_at > ?", [now]))
    }

    /// Merges community `sourceID` into `targetID`, in one transaction: boards (renamed on a clash, with redirects from
    /// their old addresses), discussions, members (a member of both keeps the target's role), pending join requests,
    /// open invitations and flags move; sub-communities follow; the source becomes inactive and redirects to the target.
    @discardableResult
    public func mergeCommunity(sourceID: Int64, into targetID: Int64, actorID: Int64, now: Date,
                               checking check: WriteCheck) async throws -> MergeCounts {
        try await write(checking: check) { db in
            guard let source = try Community.fetchOne(db, key: sourceID), var target = try Community.fetchOne(db, key: targetID)
            else { throw AppError.notFound }
            guard !source.isMerged else { throw AppError.conflict("\(source.name) has already been merged into another community.") }
            guard !target.isMerged, target.status == .active else {
                throw AppError.conflict("\(target.name) is inactive or merged: choose an active community to merge into.")
            }
            let counts = try Self.mergeCounts(db, communityID: sourceID, now: now)
            try Self.moveBoards(db, from: source, to: targetID)
            try db.execute(sql: "UPDATE discussion SET community_id = ? WHERE community_id = ?", arguments: [targetID, sourceID])
            try Self.moveMembers(db, from: sourceID, to: target, actorID: actorID, now: now)
            try db.execute(sql: "UPDATE invitation SET community_id = ? WHERE community_id = ? AND used_at IS NULL AND expires_at > ?",
                           arguments: [targetID, sourceID, now])
            try db.execute(sql: "UPDATE flag SET community_id = ? WHERE community_id = ?", arguments: [targetID, sourceID])
            // Resources (and their discussions, moved above) go with the community.
            try db.execute(sql: "UPDATE resource SET community_id = ? WHERE community_id = ?", arguments: [targetID, sourceID])
            // Events go with the community (open to the public only if the target is public; calendars see the change).
            try db.execute(sql: """
                UPDATE meeting SET community_id = ?, sequence = sequence + 1,
                  audience = CASE WHEN ? = 'public' THEN audience ELSE 'members' END
                WHERE community_id = ?
                """, arguments: [targetID, target.visibility.rawValue, sourceID])
            // Collections keep their slug unless the target has one like it (then "-<old community>" is added).
            try db.execute(sql: """
                UPDATE collection SET community_id = :target,
                  slug = CASE WHEN EXISTS (SELECT 1 FROM collection c2 WHERE c2.community_id = :target AND c2.slug = collection.slug)
                         THEN slug || '-' || :suffix ELSE slug END
                WHERE community_id = :source
                """, arguments: ["target": targetID, "source": sourceID, "suffix": source.slug])
            // The topic vocabulary is merged; requests for help follow their questions.
            try db.execute(sql: "INSERT OR IGNORE INTO community_topic(community_id, topic) SELECT ?, topic FROM community_topic WHERE community_id = ?",
                           arguments: [targetID, sourceID])
            try db.execute(sql: "DELETE FROM community_topic WHERE community_id = ?", arguments: [sourceID])
            try db.execute(sql: "UPDATE help_request SET community_id = ? WHERE community_id = ?", arguments: [targetID, sourceID])
            try Self.moveWatches(db, type: .community, from: sourceID, to: targetID)

            // Sub-communities: the target takes them in if it is top-level (a child cannot be a parent); else they become top-level.
            if target.parentId == sourceID {
                try db.execute(sql: "UPDATE community SET parent_id = NULL WHERE id = ?", arguments: [targetID])
                target.parentId = nil
            }
            try db.execute(sql: "UPDATE community SET parent_id = ? WHERE parent_id = ? AND id <> ?",
                           arguments: [target.parentId == nil ? targetID : nil, sourceID, targetID])
            // Communities merged into the source (and those it succeeded) now lead to the target. Their board_redirect
            // rows name board ids, which a merge keeps, so they reach the boards in their new place unchanged.
            try db.execute(sql: "UPDATE community SET merged_into_id = ? WHERE merged_into_id = ?", arguments: [targetID, sourceID])
            try db.execute(sql: "UPDATE community SET successor_id = ? WHERE successor_id = ?", arguments: [targetID, sourceID])
            try db.execute(
                sql: """
                    UPDATE community SET status = 'inactive', archived_at = ?, inactive_since = COALESCE(inactive_since, ?),
                      merged_into_id = ?, successor_id = ?, parent_id = NULL, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [now, Formatting.isoDay(now), targetID, targetID, now, sourceID])
            try Self.log(db, ModerationAction(
                communityId: targetID, actorId: actorID, action: .mergeCommunity, targetType: .community, targetId: sourceID,
                targetLabel: source.name, reason: "Merged into \(target.name): \(counts.summary) moved.", createdAt: now))
            return counts
        }
    }

    /// Moves the source's boards after the target's, suffixing a slug the target already uses, and records the old addresses.
    private static func moveBoards(_ db: Database, from source: Community, to targetID: Int64) throws {
        var used = Set(try String.fetchAll(db, sql: "SELECT slug FROM board WHERE community_id = ?", arguments: [targetID]))
        var position = try Int.fetchOne(db, sql: "SELECT MAX(position) FROM board WHERE community_id = ?", arguments: [targetID]) ?? 0
        for var board in try Board.filter(Column("community_id") == source.id!).order(Column("position")).fetchAll(db) {
            let oldSlug = board.slug
            board.slug = freeSlug(oldSlug, suffix: source.slug, used: used)
            used.insert(board.slug)
            position += 1
            board.communityId = targetID
            board.position = position
            try board.update(db)
            try db.execute(sql: "INSERT OR REPLACE INTO board_redirect (community_id, slug, board_id) VALUES (?, ?, ?)",
                           arguments: [source.id!, oldSlug, board.id!])
        }
    }

    /// `slug` if free, else `slug-suffix` (shortened to the slug limit), else that with a number.
    static func freeSlug(_ slug: String, suffix: String, used: Set<String>) -> String {
        if !used.contains(slug) { return slug }
        func trimmed(_ s: String) -> String {
            var s = String(s.prefix(Board.Limits.slug))
            while s.hasSuffix("-") { s.removeLast() }
            return s
        }
        let base = trimmed("\(slug)-\(suffix)")
        if !used.contains(base) { return base }
        let stem = trimmed(String(base.prefix(Board.Limits.slug - 4)))
        var n = 2
        while used.contains("\(stem)-\(n)") { n += 1 }
        return "\(stem)-\(n)"
    }

    /// Members join the target with their role unless already in it (then the target's role stands); pending requests
    /// follow unless the person is already in the target or waiting there (then they are declined as merged).
    private static func moveMembers(_ db: Database, from sourceID: Int64, to target: Community, actorID: Int64, now: Date) throws {
        let targetID = target.id!
        try db.execute(
            sql: """
                INSERT INTO membership (community_id, user_id, role, created_at, silenced_until, silence_reason)
                SELECT ?, user_id, role, created_at, silenced_until, silence_reason FROM membership
                WHERE community_id = ? AND user_id NOT IN (SELECT user_id FROM membership WHERE community_id = ?)
                """,
            arguments: [targetID, sourceID, targetID])
        try db.execute(sql: "DELETE FROM membership WHERE community_id = ?", arguments: [sourceID])
        try db.execute(
            sql: """
                UPDATE join_request SET status = 'declined', reason = ?, decided_by = ?, decided_at = ?
                WHERE community_id = ? AND status = 'pending'
                  AND (user_id IN (SELECT user_id FROM membership WHERE community_id = ?)
                       OR user_id IN (SELECT user_id FROM join_request WHERE community_id = ? AND status = 'pending'))
                """,
            arguments: ["Merged into \(target.name).", actorID, now, sourceID, targetID, targetID])
        try db.execute(sql: "UPDATE join_request SET community_id = ? WHERE community_id = ? AND status = 'pending'",
                       arguments: [targetID, sourceID])
    }
}
