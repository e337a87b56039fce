import Foundation
import GRDB

/// Who hears of a new post by level: the most specific watch row of each user wins (discussion > board > community).
public struct WatchAudience: Sendable, Equatable {
    /// Users whose effective level asks for this post: 'watching' at the deciding level, or 'new_discussions'
    /// (board/community) when the post opens a new discussion.
    public var notify: Set<Int64>
    /// Users whose effective level is 'muted' (they get nothing, except direct mentions).
    public var muted: Set<Int64>

    public init(notify: Set<Int64> = [], muted: Set<Int64> = []) {
        self.notify = notify
        self.muted = muted
    }
}

/// A member's levels where they are reading: their own row for the page's target, and the one it inherits from a
/// wider target when it has none (a discussion inside a muted community is muted).
public struct WatchState: Sendable, Equatable {
    /// The member's row for this very target (nil: none, which is Normal unless a wider row says otherwise).
    public var own: Watch.Level?
    /// The most specific row of the targets around it (the board, then the community), if any.
    public var inherited: (type: Watch.TargetType, level: Watch.Level)?

    public init(own: Watch.Level? = nil, inherited: (type: Watch.TargetType, level: Watch.Level)? = nil) {
        self.own = own
        self.inherited = inherited
    }

    /// A discussion's state from the member's rows for it, its board and its community (nil: no row).
    init(discussion: Watch.Level?, board: Watch.Level?, community: Watch.Level?) {
        self.init(own: discussion, inherited: board.map { (.board, $0) } ?? community.map { (.community, $0) })
    }

    /// The level that decides what the member hears of here.
    public var effective: Watch.Level { own ?? inherited?.level ?? .normal }

    public static func == (a: WatchState, b: WatchState) -> Bool {
        a.own == b.own && a.inherited?.type == b.inherited?.type && a.inherited?.level == b.inherited?.level
    }
}

extension AppDatabase {
    /// Who hears of a new post in discussion `discussionID` (of `boardID` in `communityID`) by their watch levels.
    /// One statement, three index range scans (`watch_on_target`, which holds the user id too), resolved in memory: a
    /// discussion watched by 5,000 members costs a few milliseconds. Permissions are not asked here: whoever delivers
    /// asks the Guardian per recipient. The post's author is not left out either (the caller knows who acted).
    static func watchAudience(_ db: Database, communityID: Int64, boardID: Int64, discussionID: Int64,
                              opensDiscussion: Bool) throws -> WatchAudience {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: watchAudienceSQL), arguments: [discussionID, boardID, communityID])
        // Each user's deciding row: the highest specificity seen.
        var deciding: [Int64: (specificity: Int, level: Watch.Level)] = [:]
        while let row = try rows.next() {
            let userID: Int64 = row[0]
            let specificity: Int = row[2]
            if let current = deciding[userID], current.specificity >= specificity { continue }
            guard let level = Watch.Level(rawValue: row[1]) else { continue }
            deciding[userID] = (specificity, level)
        }
        var audience = WatchAudience()
        let discussionLevel = Watch.TargetType.discussion.specificity
        for (userID, decided) in deciding {
            switch decided.level {
            case .watching: audience.notify.insert(userID)
            case .newDiscussions where opensDiscussion && decided.specificity < discussionLevel: audience.notify.insert(userID)
            case .muted: audience.muted.insert(userID)
            case .newDiscussions, .normal: break
            }
        }
        return audience
    }

    /// The watch rows of a discussion, its board and its community (arguments in that order), with their specificity.
    static let watchAudienceSQL = """
        SELECT user_id, level, 3 FROM watch WHERE target_type = 'discussion' AND target_id = ?
        UNION ALL SELECT user_id, level, 2 FROM watch WHERE target_type = 'board' AND target_id = ?
        UNION ALL SELECT user_id, level, 1 FROM watch WHERE target_type = 'community' AND target_id = ?
        """

    /// Starting or replying to a discussion watches it, when the author's `watch_on_participate` is on; a level they
    /// chose before (muted, say) is kept. Called inside `createDiscussion` and `reply`: one cached statement, no
    /// record encoding (the reply is the busiest write).
    static func watchOnParticipate(_ db: Database, userID: Int64, discussionID: Int64, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO watch (user_id, target_type, target_id, level, updated_at)
            SELECT id, 'discussion', ?, 'watching', ? FROM user WHERE id = ? AND watch_on_participate
            """).execute(arguments: [discussionID, now, userID])
        if db.changesCount > 0 { try notifyWatchChanged(db) }
    }

    /// When a discussion or a community is merged into another, its watchers watch the one it went into at the level
    /// they chose, unless they had chosen one there already (their rows left behind go with the deleted discussion,
    /// or stay on the inactive community).
    static func moveWatches(_ db: Database, type: Watch.TargetType, from sourceID: Int64, to targetID: Int64) throws {
        try db.execute(sql: "UPDATE OR IGNORE watch SET target_id = ? WHERE target_type = ? AND target_id = ?",
                       arguments: [targetID, type, sourceID])
        try notifyWatchChanged(db)
    }

    /// `watch` is a WITHOUT ROWID table: SQLite tells no one of its changes, so GRDB's observers (`readingCache`) are
    /// told by its writers.
    static func notifyWatchChanged(_ db: Database) throws {
        try db.notifyChanges(in: Table("watch"))
    }

    /// The member's levels for a discussion (and the board and community around it), a board (and its community), or
    /// a community: pass nil for the narrower targets a page does not have. One cached statement of up to three
    /// primary-key lookups.
    public func watchState(userID: Int64, communityID: Int64, boardID: Int64? = nil, discussionID: Int64? = nil) throws -> WatchState {
        try readNow { db in try Self.watchState(db, userID: userID, communityID: communityID, boardID: boardID, discussionID: discussionID) }
    }

    static func watchState(_ db: Database, userID: Int64, communityID: Int64, boardID: Int64? = nil, discussionID: Int64? = nil) throws -> WatchState {
        let rows = try {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT 3, level FROM watch WHERE user_id = ?1 AND target_type = 'discussion' AND target_id = ?2
                UNION ALL SELECT 2, level FROM watch WHERE user_id = ?1 AND target_type = 'board' AND target_id = ?3
                UNION ALL SELECT 1, level FROM watch WHERE user_id = ?1 AND target_type = 'community' AND target_id = ?4
                """), arguments: [userID, discussionID ?? -1, boardID ?? -1, communityID])
        }()
        let levels = rows.compactMap { row -> (specificity: Int, level: Watch.Level)? in
            Watch.Level(rawValue: row[1]).map { (row[0], $0) }
        }
        let own = discussionID != nil ? 3 : boardID != nil ? 2 : 1
        var state = WatchState(own: levels.first { $0.specificity == own }?.level)
        if let wider = levels.filter({ $0.specificity < own }).max(by: { $0.specificity < $1.specificity }) {
            state.inherited = (wider.specificity == 2 ? .board : .community, wider.level)
        }
        return state
    }

    /// Sets the member's level for a target: Normal removes the row (no row is Normal), any other level is kept with
    /// the time it was chosen. 400 for New discussions on a discussion.
    public func setWatch(userID: Int64, target type: Watch.TargetType, id targetID: Int64, level: Watch.Level, now: Date,
                         checking check: WriteCheck) async throws {
        guard level.applies(to: type) else { throw AppError.badRequest(Watch.Level.refusal(level, for: type)) }
        try await write(checking: check) { db in
            if level == .normal {
                try db.execute(sql: "DELETE FROM watch WHERE user_id = ? AND target_type = ? AND target_id = ?",
                               arguments: [userID, type, targetID])
            } else {
                try db.execute(sql: """
                    INSERT INTO watch (user_id, target_type, target_id, level, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, target_type, target_id) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at
                    """, arguments: [userID, type, targetID, level, now])
            }
            try Self.notifyWatchChanged(db)
        }
    }

    /// Whether starting or replying to a discussion watches it for this member ("watch what I start or reply to").
    public func watchesOnParticipate(userID: Int64) throws -> Bool {
        try readNow { db in
            try Bool.fetchOne(db, cached: "SELECT watch_on_participate FROM user WHERE id = ?", [userID]) ?? true
        }
    }

    /// Turns "watch what I start or reply to" on or off (discussions already watched stay watched).
    public func setWatchOnParticipate(userID: Int64, _ on: Bool, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE user SET watch_on_participate = ?, updated_at = ? WHERE id = ?", arguments: [on, now, userID])
        }
    }
}

extension Watch.Level {
    /// The 400 message for a level a target of `type` does not take.
    static func refusal(_ level: Watch.Level, for type: Watch.TargetType) -> String {
        "“\(level.label)” is for communities and boards: a \(type.rawValue) can be watching, normal or muted."
    }
}
