import Foundation
import GRDB

/// One notification to write: for whom, of which kind, under which key, and what to do when the key is taken.
struct Delivery: Sendable, Equatable {
    /// What a second delivery under the same key does.
    enum OnConflict: Sendable {
        /// Nothing: the recipient already heard of it (a retried batch writes nothing twice).
        case ignore
        /// Becomes a mention, unread again, unless it already was one (an edit that mentions someone newly).
        case upgradeToMention
        /// Takes the new count and time, unread again (grouped kinds: helpful marks, flags on one target).
        case refresh
    }

    var userID: Int64
    var kind: NotificationKind
    var dedupeKey: String
    var actorID: Int64?
    var communityID: Int64
    var discussionID: Int64?
    var postID: Int64?
    var detail = ""
    var count = 1
    var onConflict = OnConflict.ignore
    /// The event date a meeting notification is about, and whether its email may carry the meeting link (the
    /// recipient may see it: `Guardian.canSeeLink`).
    var occurrenceID: Int64? = nil
    var showsLink = false
}

/// What fanning out one event writes: its notifications, and the members its post mentioned who cannot see it.
struct FanOutPlan: Sendable {
    var deliveries: [Delivery] = []
    /// Mentioned members who may not see the post (its author is told under it); `unreachablePost` is that post.
    var unreachable: [Int64] = []
    var unreachablePost: Int64?
}

/// What an event is about, as the rows are now (the post may have moved, the discussion may be hidden).
struct NotificationTarget: Sendable {
    let community: Community
    let discussion: Discussion?
    let post: Post?
}

/// Works out who hears of an event (read only; `NotificationFanOut` writes the result in batches).
struct FanOutPlanner {
    let db: Database
    let event: Event
    let limits: NotificationLimits
    let now: Date

    /// Candidates in the order found, each with their reasons most specific first.
    private var reasons: [Int64: [NotificationKind]] = [:]
    private var order: [Int64] = []

    init(_ db: Database, event: Event, limits: NotificationLimits, now: Date) {
        self.db = db
        self.event = event
        self.limits = limits
        self.now = now
    }

    mutating func plan() throws -> FanOutPlan {
        guard let target = try loadTarget() else { return FanOutPlan() }
        let detail = event.detail
        let reasonText = EventDetail(reason: detail.reason, approved: detail.approved, outcome: detail.outcome).encoded
        switch event.kind {
        case .postCreated:
            return try newPost(target, mentions: detail.mentions)
        case .postApproved:
            var plan = try newPost(target, mentions: nil)
            let author = try single(target, to: target.post?.authorId, kind: .postApproved, key: "event:\(event.id!)")
            plan.deliveries.insert(contentsOf: author.deliveries, at: 0)
            return plan
        case .postEdited:
            return try mentionsOnly(target, mentions: detail.mentions ?? [])
        case .postHeld:
            // The author is the actor here, and still hears of it (from no one: the system held it).
            var plan = try single(target, to: target.post?.authorId, kind: .postHeld, key: "event:\(event.id!)", actor: .some(nil))
            if let postID = target.post?.id {
                plan.deliveries += try moderators(target, kind: .modQueue, key: "held:\(postID)", actor: target.post?.authorId).deliveries
            }
            return plan
        case .postDeclined:
            return try single(target, to: event.subjectID, kind: .postDeclined, key: "event:\(event.id!)", detail: reasonText)
        case .postHidden:
            return try single(target, to: event.subjectID, kind: .postHidden, key: "event:\(event.id!)", detail: reasonText)
        case .answerAccepted:
            guard let postID = target.post?.id, target.discussion?.acceptedPostId == postID else { return FanOutPlan() }
            return try single(target, to: target.post?.authorId, kind: .accepted, key: "accepted:\(postID)")
        case .helpfulMarked:
            guard let postID = target.post?.id else { return FanOutPlan() }
            let marks = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM helpful_mark WHERE post_id = ?"), arguments: [postID]) ?? 0
            guard marks > 0 else { return FanOutPlan() }
            return try single(target, to: target.post?.authorId, kind: .helpful, key: "helpful:\(postID)", count: marks, onConflict: .refresh)
        case .helpRequested:
            return try single(target, to: event.subjectID, kind: .helpRequest, key: "event:\(event.id!)")
        case .joinRequested:
            let pending = try Bool.fetchOne(db.cachedStatement(sql: "SELECT status = 'pending' FROM join_request WHERE id = ?"), arguments: [event.subjectID]) ?? false
            guard pending else { return FanOutPlan() }
            return try moderators(target, kind: .modJoin, key: "event:\(event.id!)", actor: event.actorID)
        case .joinDecided:
            return try single(target, to: event.subjectID, kind: .joinDecided, key: "event:\(event.id!)", detail: reasonText)
        case .flagRaised:
            guard let discussionID = target.discussion?.id else { return FanOutPlan() }
            let open = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM flag WHERE discussion_id = ? AND post_id IS ? AND status = 'open'
                """), arguments: [discussionID, event.postID]) ?? 0
            guard open > 0 else { return FanOutPlan() }
            return try moderators(target, kind: .modFlag, key: "flag:\(discussionID):\(event.postID ?? 0)", actor: event.actorID,
                                  count: open, onConflict: .refresh)
        case .flagResolved:
            for flagger in detail.flaggers ?? [] { add(flagger, .flagResolved) }
            return try deliver(target, key: "event:\(event.id!)", detail: reasonText)
        case .meetingPromoted, .meetingReminder, .meetingRescheduled, .meetingCancelled, .meetingQuestionAnswered:
            return try meetingPlan(community: target.community)
        }
    }

    // MARK: - Loading what the event is about

    /// The post (if any), its discussion as it is now, and that discussion's community; nil when they are gone.
    private func loadTarget() throws -> NotificationTarget? {
        var post: Post?
        if let postID = event.postID {
            guard let found = try Post.fetchOne(db, cached: "SELECT * FROM post WHERE id = ?", [postID]) else { return nil }
            post = found
        }
        var discussion: Discussion?
        if let discussionID = post?.discussionId ?? event.discussionID {
            guard let found = try Discussion.fetchOne(db, id: discussionID) else { return nil }
            discussion = found
        }
        guard let communityID = discussion?.communityId ?? event.communityID,
              let community = try Community.fetchOne(db, cached: "SELECT * FROM community WHERE id = ?", [communityID]) else { return nil }
        return NotificationTarget(community: community, discussion: discussion, post: post)
    }

    // MARK: - Who

    private mutating func add(_ userID: Int64?, _ kind: NotificationKind) {
        guard let userID else { return }
        if reasons[userID] == nil { order.append(userID) }
        reasons[userID, default: []].append(kind)
    }

    /// A new post that everyone may now see: the mentioned, the discussion's author, the quoted, the watchers.
    private mutating func newPost(_ target: NotificationTarget, mentions known: [String]?) throws -> FanOutPlan {
        guard let post = target.post, post.isVisible, let discussion = target.discussion else { return FanOutPlan() }
        let mentioned = try mentionedUsers(post, handles: known ?? Markdown.render(post.bodyMarkdown).mentions)
        for id in mentioned { add(id, .mention) }
        if post.number > 1 { add(discussion.authorId, .reply) }
        for (discussionID, number) in Markdown.quotedPosts(in: post.bodyMarkdown) {
            add(try Int64.fetchOne(db.cachedStatement(sql: "SELECT author_id FROM post WHERE discussion_id = ? AND number = ?"),
                                   arguments: [discussionID, number]), .quote)
        }
        let audience = try AppDatabase.watchAudience(db, communityID: discussion.communityId, boardID: discussion.boardId,
                                                     discussionID: discussion.id!, opensDiscussion: post.number == 1)
        for id in audience.notify.sorted() { add(id, post.number == 1 ? .newDiscussion : .watching) }
        // Muted: nothing but direct mentions.
        for id in audience.muted where reasons[id] != nil {
            reasons[id] = reasons[id]!.filter { $0 == .mention }
        }
        try leaveOutWhatWasSeen(post, in: discussion)
        return try deliver(target, key: "post:\(post.id!)", actor: post.authorId, mentioned: Set(mentioned))
    }

    /// A fan-out that runs late (after a restart, or behind a queue) reads the watch rows as they are then: it must not
    /// tell of a post someone has replied after (they have seen it), nor count a watch chosen after the post (starting
    /// to watch, or replying, which watches). Mentions are addressed to the member and stay.
    private mutating func leaveOutWhatWasSeen(_ post: Post, in discussion: Discussion) throws {
        // Only when later posts exist, and only the candidates' posts after this one (by the author index, rowid
        // after the post's): scanning every later post of the discussion cost each fan-out as many rows as it ran late.
        if discussion.postCount > post.number, !reasons.isEmpty {
            let repliedSince = try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT candidate.value FROM json_each(?) candidate
                WHERE EXISTS (SELECT 1 FROM post p WHERE p.author_id = candidate.value AND p.id > ? AND p.discussion_id = ?)
                """), arguments: [AppDatabase.jsonArray(Array(reasons.keys)), post.id, discussion.id])
            for id in repliedSince where reasons[id] != nil { reasons[id] = reasons[id]!.filter { $0 == .mention } }
        }
        let watchingSince = try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT user_id FROM watch
            WHERE ((target_type = 'discussion' AND target_id = ?) OR (target_type = 'board' AND target_id = ?)
                   OR (target_type = 'community' AND target_id = ?)) AND updated_at > ?
            """), arguments: [discussion.id, discussion.boardId, discussion.communityId, post.createdAt])
        for id in watchingSince where reasons[id] != nil {
            reasons[id] = reasons[id]!.filter { $0 != .watching && $0 != .newDiscussion }
        }
    }

    /// An edited post: its mentions, of whom only those it has not notified yet hear of it.
    private mutating func mentionsOnly(_ target: NotificationTarget, mentions handles: [String]) throws -> FanOutPlan {
        guard let post = target.post, post.isVisible else { return FanOutPlan() }
        let mentioned = try mentionedUsers(post, handles: handles)
        for id in mentioned { add(id, .mention) }
        return try deliver(target, key: "post:\(post.id!)", actor: post.authorId, mentioned: Set(mentioned),
                           onConflict: .upgradeToMention)
    }

    /// The accounts of the first handles a post mentions, up to its author's cap (fewer for new members), leaving out
    /// unknown handles and the author.
    private func mentionedUsers(_ post: Post, handles: [String]) throws -> [Int64] {
        guard !handles.isEmpty else { return [] }
        let approved = try post.authorId.map { author in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM (SELECT 1 FROM post WHERE author_id = ? AND deleted_at IS NULL AND hidden_at IS NULL
                                      AND held_at IS NULL LIMIT ?)
                """), arguments: [author, limits.newMemberPosts]) ?? 0
        } ?? 0
        let cap = limits.mentionCap(approvedPosts: approved)
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT handle, id FROM user WHERE handle IN (SELECT value FROM json_each(?))"),
                                    arguments: [AppDatabase.jsonStrings(handles)])
        let ids = Dictionary(rows.map { ($0[0] as String, $0[1] as Int64) }, uniquingKeysWith: { first, _ in first })
        return Array(handles.compactMap { ids[$0] }.filter { $0 != post.authorId }.prefix(cap))
    }

    /// One recipient.
    private mutating func single(_ target: NotificationTarget, to userID: Int64?, kind: NotificationKind, key: String,
                                 detail: String = "", count: Int = 1, onConflict: Delivery.OnConflict = .ignore,
                                 actor: Int64?? = nil) throws -> FanOutPlan {
        add(userID, kind)
        return try deliver(target, key: key, actor: actor, detail: detail, count: count, onConflict: onConflict)
    }

    /// The community's moderators (and its parent's).
    private mutating func moderators(_ target: NotificationTarget, kind: NotificationKind, key: String, actor: Int64?,
                                     count: Int = 1, onConflict: Delivery.OnConflict = .ignore) throws -> FanOutPlan {
        let ids = try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT user_id FROM membership WHERE role = 'moderator' AND community_id IN (?, ?) ORDER BY user_id
            """), arguments: [target.community.id, target.community.parentId ?? -1])
        for id in ids { add(id, kind) }
        return try deliver(target, key: key, actor: actor, count: count, onConflict: onConflict)
    }

    // MARK: - Deciding

    /// The deliveries for the candidates gathered: never the actor; each recipient asked the Guardian (built from their
    /// rows, read for all candidates at once) whether they may see the target now; the most specific reason they have
    /// not turned off. Mentioned members who may not see it are returned as unreachable.
    /// The candidates are then cleared, so one event can deliver to several groups (a held post: its author, the moderators).
    private mutating func deliver(_ target: NotificationTarget, key: String, actor: Int64?? = nil, mentioned: Set<Int64> = [],
                                  detail: String = "", count: Int = 1, onConflict: Delivery.OnConflict = .ignore) throws -> FanOutPlan {
        let actorID = actor ?? event.actorID
        let gathered = reasons
        let candidates = order.filter { $0 != actorID && !(gathered[$0]?.isEmpty ?? true) }
        reasons = [:]
        order = []
        var plan = FanOutPlan()
        guard !candidates.isEmpty else { return plan }
        let guardians = try recipientGuardians(candidates, community: target.community)
        let disabled = try disabledKinds(candidates)
        for userID in candidates {
            guard let guardian = guardians[userID] else { continue }
            let wanted = gathered[userID]!
            let allowed = wanted.filter { guardian.canSeeNotification($0, community: target.community, discussion: target.discussion, post: target.post) }
            if allowed.isEmpty {
                if mentioned.contains(userID), !guardian.isSuspended { plan.unreachable.append(userID) }
                continue
            }
            guard let kind = allowed.first(where: { !(disabled[userID]?.contains($0) ?? false) }) else { continue }
            plan.deliveries.append(Delivery(
                userID: userID, kind: kind, dedupeKey: key, actorID: actorID, communityID: target.community.id!,
                discussionID: target.discussion?.id, postID: target.post?.id, detail: detail, count: count, onConflict: onConflict))
        }
        if !plan.unreachable.isEmpty { plan.unreachablePost = target.post?.id }
        return plan
    }

    /// A Guardian for each candidate, as their rows say now: the account (admin, suspension) and their roles in the
    /// community and its parent (all `canSeeNotification` reads). Two statements for any number of candidates.
    func recipientGuardians(_ ids: [Int64], community: Community) throws -> [Int64: Guardian] {
        let list = AppDatabase.jsonArray(ids)
        var roles: [Int64: [Int64: Membership.Role]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT user_id, community_id, role FROM membership
            WHERE community_id IN (?, ?) AND user_id IN (SELECT value FROM json_each(?))
            """), arguments: [community.id, community.parentId ?? -1, list])
        while let row = try rows.next() {
            if let role = Membership.Role(rawValue: row[2]) { roles[row[0], default: [:]][row[1]] = role }
        }
        var guardians: [Int64: Guardian] = [:]
        let users = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, is_admin, suspended_until FROM user WHERE id IN (SELECT value FROM json_each(?))
            """), arguments: [list])
        while let row = try users.next() {
            let id: Int64 = row[0]
            let user = User(id: id, handle: "", email: "", displayName: "", passwordHash: "", isAdmin: row[1],
                            createdAt: now, updatedAt: now, suspendedUntil: try row.storedDateIfPresent(atIndex: 2))
            guardians[id] = Guardian(user, memberships: roles[id] ?? [:], now: now)
        }
        return guardians
    }

    /// The kinds each candidate turned off.
    func disabledKinds(_ ids: [Int64]) throws -> [Int64: Set<NotificationKind>] {
        var disabled: [Int64: Set<NotificationKind>] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT user_id, kind FROM notification_preference WHERE NOT enabled AND user_id IN (SELECT value FROM json_each(?))
            """), arguments: [AppDatabase.jsonArray(ids)])
        while let row = try rows.next() {
            if let kind = NotificationKind(rawValue: row[1]) { disabled[row[0], default: []].insert(kind) }
        }
        return disabled
    }
}
