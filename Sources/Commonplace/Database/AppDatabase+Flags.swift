import Foundation
import GRDB

/// A flag with the member who raised it and the moderator who resolved it.
public struct FlagRow: Decodable, FetchableRecord, Sendable {
    public var flag: Flag
    public var flagger: User?
    public var resolver: User?
}

/// Every flag on one post or discussion (the open ones, or one resolution's): the target, its author, the flags oldest first.
public struct FlagGroup: Sendable {
    public let discussion: Discussion
    /// The flagged post; nil when the discussion as a whole was flagged.
    public let post: Post?
    /// The discussion's opening post, for a flagged discussion's excerpt.
    public let opening: Post?
    public let author: User?
    public let flags: [FlagRow]
}

/// One of a member's own flags, with what it was about.
public struct MyFlagRow: Sendable {
    public let flag: Flag
    public let discussion: Discussion
    public let community: Community
    public let post: Post?
}

/// What flagging did: recorded it, or also hid the target because enough members flagged it.
public enum FlagResult: Sendable, Equatable {
    case recorded, autoHidden
}

extension Flag {
    static let flagger = belongsTo(User.self, key: "flagger", using: ForeignKey(["flagger_id"]))
    static let resolver = belongsTo(User.self, key: "resolver", using: ForeignKey(["resolved_by"]))
}

extension Post {
    /// Hidden by the system after enough flags (no moderator has looked at it yet).
    public var isAutoHidden: Bool { isHidden && hiddenBy == nil }
}

extension Discussion {
    /// Hidden by the system after enough flags (no moderator has looked at it yet).
    public var isAutoHidden: Bool { isHidden && hiddenBy == nil }
}

// MARK: - Writes

extension AppDatabase {
    /// Records a flag. When the members with open flags on the target reach the community's
    /// `flagHideThreshold`, the target is hidden until a moderator reviews it, logged as done by no one.
    /// 409 for a target that is no longer visible, or a second open flag by the same member.
    public func createFlag(_ flag: Flag, checking check: WriteCheck) async throws -> FlagResult {
        try await write(checking: check) { db in
            guard var discussion = try Discussion.fetchOne(db, key: flag.discussionId),
                  let community = try Community.fetchOne(db, key: discussion.communityId) else { throw AppError.notFound }
            var post: Post?
            if let postID = flag.postId {
                guard let found = try Post.fetchOne(db, key: postID), found.discussionId == discussion.id else { throw AppError.notFound }
                guard found.isVisible else { throw AppError.conflict(Self.notFlaggable(post: true)) }
                post = found
            } else if !discussion.isListed {
                throw AppError.conflict(Self.notFlaggable(post: false))
            }
            if try Self.hasOpenFlag(db, flaggerID: flag.flaggerId, discussionID: discussion.id!, postID: flag.postId) {
                throw AppError.conflict(Self.alreadyFlagged(post: flag.postId != nil))
            }
            var flag = flag
            flag.communityId = community.id!
            do {
                try flag.insert(db)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw AppError.conflict(Self.alreadyFlagged(post: flag.postId != nil))  // flag_one_open_per_flagger
            }
            try Self.record(db, Event(kind: .flagRaised, actorID: flag.flaggerId, communityID: community.id, boardID: discussion.boardId,
                                      discussionID: discussion.id, postID: flag.postId, createdAt: flag.createdAt))

            let flaggers = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT flagger_id) FROM flag WHERE discussion_id = ? AND post_id IS ? AND status = 'open'
                """, arguments: [discussion.id, flag.postId]) ?? 0
            guard flaggers >= community.flagHideThreshold else { return .recorded }
            let reason = Flag.autoHideReason(count: flaggers)
            if var post {
                post.hiddenAt = flag.createdAt
                post.hiddenBy = nil
                post.hiddenReason = reason
                try post.update(db)
                try Self.refreshCounters(db, discussionID: discussion.id!)
                try Self.log(db, ModerationAction(
                    communityId: community.id, actorId: nil, action: .autoHidePost, targetType: .post, targetId: post.id,
                    targetLabel: Self.flagTargetLabel(discussion, postNumber: post.number), reason: reason, createdAt: flag.createdAt))
            } else {
                discussion.hiddenAt = flag.createdAt
                discussion.hiddenBy = nil
                discussion.hiddenReason = reason
                try discussion.update(db)
                try Self.log(db, ModerationAction(
                    communityId: community.id, actorId: nil, action: .autoHideDiscussion, targetType: .discussion,
                    targetId: discussion.id, targetLabel: Self.flagTargetLabel(discussion, postNumber: nil),
                    reason: reason, createdAt: flag.createdAt))
            }
            return .autoHidden
        }
    }

    /// Resolves every open flag on the target of flag `id` at once, applies the outcome to the post or discussion,
    /// and logs it once. `hide` hides it with the note as its reason (an automatically hidden one stays hidden,
    /// now on the moderator's word); `edited` and `dismiss` show an automatically hidden one again.
    /// 404 for a flag of another community, 409 once it is resolved.
    public func resolveFlags(id: Int64, communityID: Int64, resolution: Flag.Resolution, note: String,
                             moderatorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let flag = try Flag.fetchOne(db, key: id), flag.communityId == communityID,
                  var discussion = try Discussion.fetchOne(db, key: flag.discussionId) else { throw AppError.notFound }
            guard flag.status == .open else { throw AppError.conflict("These flags were already resolved.") }
            let flaggers = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT flagger_id FROM flag WHERE discussion_id = ? AND post_id IS ? AND status = 'open' ORDER BY flagger_id
                """, arguments: [flag.discussionId, flag.postId])
            try Self.record(db, Event(
                kind: .flagResolved, actorID: moderatorID, communityID: communityID, boardID: discussion.boardId,
                discussionID: discussion.id, postID: flag.postId,
                detail: EventDetail(reason: note.isEmpty ? nil : note, outcome: resolution.status.rawValue, flaggers: flaggers), createdAt: now))
            try db.execute(sql: """
                UPDATE flag SET status = ?, resolution_note = ?, resolved_by = ?, resolved_at = ?
                WHERE discussion_id = ? AND post_id IS ? AND status = 'open'
                """, arguments: [resolution.status.rawValue, note, moderatorID, now, flag.discussionId, flag.postId])

            var label = Self.flagTargetLabel(discussion, postNumber: nil)
            if let postID = flag.postId {
                guard var post = try Post.fetchOne(db, key: postID) else { throw AppError.notFound }
                label = Self.flagTargetLabel(discussion, postNumber: post.number)
                let before = post
                switch resolution {
                case .hide where !post.isHidden:
                    (post.hiddenAt, post.hiddenBy, post.hiddenReason) = (now, moderatorID, note)
                case .hide where post.isAutoHidden:
                    (post.hiddenBy, post.hiddenReason) = (moderatorID, note)
                case .edited where post.isAutoHidden, .dismiss where post.isAutoHidden:
                    (post.hiddenAt, post.hiddenBy, post.hiddenReason) = (nil, nil, "")
                default: break
                }
                if post != before {
                    try post.update(db)
                    try Self.refreshCounters(db, discussionID: post.discussionId)
                    if post.isHidden, post.hiddenBy != nil {
                        try Self.recordPostDecision(db, .postHidden, post: post, discussion: discussion, moderatorID: moderatorID,
                                                    reason: note, now: now)
                    }
                }
            } else {
                let before = discussion
                switch resolution {
                case .hide where !discussion.isHidden:
                    (discussion.hiddenAt, discussion.hiddenBy, discussion.hiddenReason) = (now, moderatorID, note)
                case .hide where discussion.isAutoHidden:
                    (discussion.hiddenBy, discussion.hiddenReason) = (moderatorID, note)
                case .edited where discussion.isAutoHidden, .dismiss where discussion.isAutoHidden:
                    (discussion.hiddenAt, discussion.hiddenBy, discussion.hiddenReason) = (nil, nil, "")
                default: break
                }
                if discussion != before { try discussion.update(db) }
            }
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: moderatorID, action: .resolveFlag,
                targetType: flag.postId == nil ? .discussion : .post, targetId: flag.postId ?? flag.discussionId,
                targetLabel: label, reason: "\(resolution.rawValue): \(note)", createdAt: now))
        }
    }

    /// How the log and the queue name a flagged target: "Post #3 in “Title”", or "“Title”" for a whole discussion.
    static func flagTargetLabel(_ discussion: Discussion, postNumber: Int?) -> String {
        postNumber.map { postLabel(discussion, number: $0) } ?? "“\(discussion.title)”"
    }

    static func hasOpenFlag(_ db: Database, flaggerID: Int64, discussionID: Int64, postID: Int64?) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM flag WHERE flagger_id = ? AND discussion_id = ? AND post_id IS ? AND status = 'open')
            """, arguments: [flaggerID, discussionID, postID]) ?? false
    }

    static func alreadyFlagged(post: Bool) -> String {
        "You have already flagged this \(post ? "post" : "discussion"); it is waiting for a moderator. See your flags for the outcome."
    }

    static func notFlaggable(post: Bool) -> String {
        post ? "This post is deleted, hidden or waiting for approval: there is nothing to flag."
            : "This discussion is hidden or waiting for approval: there is nothing to flag."
    }
}

// MARK: - Reads

extension AppDatabase {
    /// At most this many open flags are read for a community's queue (the oldest first).
    public static let flagQueueLimit = 500

    public func flag(id: Int64) async throws -> Flag? {
        try await reader.read { db in try Flag.fetchOne(db, key: id) }
    }

    /// Whether the member has an open flag on the post (or, with `postID` nil, on the discussion as a whole).
    public func hasOpenFlag(flaggerID: Int64, discussionID: Int64, postID: Int64?) async throws -> Bool {
        try await reader.read { db in try Self.hasOpenFlag(db, flaggerID: flaggerID, discussionID: discussionID, postID: postID) }
    }

    /// How many posts and discussions of the community have open flags (for the moderation dashboard).
    public func openFlagCount(communityID: Int64) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM (SELECT DISTINCT discussion_id, post_id FROM flag WHERE community_id = ? AND status = 'open')
                """, arguments: [communityID]) ?? 0
        }
    }

    /// The community's open flags grouped by target, the target flagged longest ago first.
    public func openFlagGroups(communityID: Int64) async throws -> [FlagGroup] {
        try await reader.read { db in
            let rows = try Flag
                .filter(Column("community_id") == communityID && Column("status") == Flag.Status.open.rawValue)
                .including(optional: Flag.flagger)
                .order(Column("created_at"), Column("id"))
                .limit(Self.flagQueueLimit)
                .asRequest(of: FlagRow.self)
                .fetchAll(db)
            return try Self.flagGroups(db, rows)
        }
    }

    /// The community's latest resolutions (each the flags one moderator resolved at once), newest first.
    public func resolvedFlagGroups(communityID: Int64, limit: Int) async throws -> [FlagGroup] {
        try await reader.read { db in
            let rows = try Flag
                .filter(Column("community_id") == communityID && Column("status") != Flag.Status.open.rawValue)
                .including(optional: Flag.flagger)
                .including(optional: Flag.resolver)
                .order(Column("resolved_at").desc, Column("id").desc)
                .limit(limit * 10)
                .asRequest(of: FlagRow.self)
                .fetchAll(db)
            return Array(try Self.flagGroups(db, rows).prefix(limit))
        }
    }

    /// A member's own flags, newest first, with their targets.
    public func flags(flaggerID: Int64, limit: Int) async throws -> [MyFlagRow] {
        try await reader.read { db in
            let flags = try Flag.filter(Column("flagger_id") == flaggerID)
                .order(Column("created_at").desc, Column("id").desc).limit(limit).fetchAll(db)
            let discussions = try Discussion.fetchAll(db, keys: Set(flags.map(\.discussionId))).byID
            let communities = try Community.fetchAll(db, keys: Set(discussions.values.map(\.communityId))).byID
            let posts = try Post.fetchAll(db, keys: Set(flags.compactMap(\.postId))).byID
            return flags.compactMap { flag in
                guard let discussion = discussions[flag.discussionId], let community = communities[discussion.communityId] else { return nil }
                return MyFlagRow(flag: flag, discussion: discussion, community: community, post: flag.postId.flatMap { posts[$0] })
            }
        }
    }

    /// Groups flag rows (in the order given) by target and, for resolved ones, by the resolution they belong to.
    static func flagGroups(_ db: Database, _ rows: [FlagRow]) throws -> [FlagGroup] {
        struct Key: Hashable {
            let discussion: Int64
            let post: Int64?
            let resolvedAt: Date?
        }
        var order: [Key] = []
        var byKey: [Key: [FlagRow]] = [:]
        for row in rows {
            let key = Key(discussion: row.flag.discussionId, post: row.flag.postId, resolvedAt: row.flag.resolvedAt)
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(row)
        }
        let discussionIDs = Set(order.map(\.discussion))
        let discussions = try Discussion.fetchAll(db, keys: discussionIDs).byID
        let posts = try Post.fetchAll(db, keys: Set(order.compactMap(\.post))).byID
        let openings = try Post.filter(discussionIDs.contains(Column("discussion_id")) && Column("number") == 1).fetchAll(db)
        let openingByDiscussion = Dictionary(openings.map { ($0.discussionId, $0) }, uniquingKeysWith: { first, _ in first })
        let authorIDs = Set(posts.values.compactMap(\.authorId) + discussions.values.compactMap(\.authorId))
        let authors = try User.fetchAll(db, keys: authorIDs).byID
        return order.compactMap { key in
            guard let discussion = discussions[key.discussion] else { return nil }
            let post = key.post.flatMap { posts[$0] }
            if key.post != nil && post == nil { return nil }
            let authorID = post?.authorId ?? (key.post == nil ? discussion.authorId : nil)
            return FlagGroup(discussion: discussion, post: post, opening: openingByDiscussion[key.discussion],
                             author: authorID.flatMap { authors[$0] },
                             flags: key.resolvedAt == nil ? byKey[key]! : Array(byKey[key]!.reversed()))
        }
    }
}

extension Array where Element: Identifiable, Element.ID == Int64? {
    /// The records by id.
    var byID: [Int64: Element] {
        Dictionary(compactMap { element in element.id.map { ($0, element) } }, uniquingKeysWith: { first, _ in first })
    }
}
