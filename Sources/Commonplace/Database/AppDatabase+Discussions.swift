import Foundation
import GRDB

/// Markdown with its rendered HTML, ready to store, and the handles it mentions (for the notifications).
public struct RenderedText: Sendable, Equatable {
    public let markdown: String
    public let html: String
    /// Lowercased handles in order of first mention (`RenderedMarkdown.mentions`), carried to the post's event.
    public let mentions: [String]

    public init(markdown: String, html: String, mentions: [String] = []) {
        self.markdown = markdown
        self.html = html
        self.mentions = mentions
    }

    static let empty = RenderedText(markdown: "", html: "")
}

/// What starting a discussion writes: the discussion and its opening post (and a lesson's sections).
public struct NewDiscussion: Sendable {
    public var communityID: Int64
    public var boardID: Int64
    public var kind: Discussion.Kind
    public var title: String
    public var authorID: Int64
    public var body: RenderedText
    /// Context, what happened, what we learned, recommendation (lessons only).
    public var lesson: [RenderedText]
    public var pinned = false
    public var createdAt: Date
    /// The community's approval-queue setting for this author (0 for moderators: never held).
    public var holdFirst = 0

    public init(communityID: Int64, boardID: Int64, kind: Discussion.Kind, title: String, authorID: Int64,
                body: RenderedText, lesson: [RenderedText] = [], pinned: Bool = false, createdAt: Date, holdFirst: Int = 0) {
        self.communityID = communityID
        self.boardID = boardID
        self.kind = kind
        self.title = title
        self.authorID = authorID
        self.body = body
        self.lesson = lesson
        self.pinned = pinned
        self.createdAt = createdAt
        self.holdFirst = holdFirst
    }
}

extension Discussion {
    static let board = belongsTo(Board.self)
    static let community = belongsTo(Community.self)

    /// Copies a lesson's four sections into the discussion's columns.
    mutating func setLesson(_ sections: [RenderedText]) {
        let s = sections + Array(repeating: RenderedText.empty, count: max(0, 4 - sections.count))
        (lessonContext, lessonContextHtml) = (s[0].markdown, s[0].html)
        (lessonWhatHappened, lessonWhatHappenedHtml) = (s[1].markdown, s[1].html)
        (lessonWhatWeLearned, lessonWhatWeLearnedHtml) = (s[2].markdown, s[2].html)
        (lessonRecommendation, lessonRecommendationHtml) = (s[3].markdown, s[3].html)
    }
}

extension AppDatabase {
    /// Creates the discussion and its post #1 in one transaction.
    public func createDiscussion(_ new: NewDiscussion, checking check: WriteCheck) async throws -> Discussion {
        try await write(checking: check) { db in try Self.insertDiscussion(db, new) }
    }

    /// Inserts a discussion and its post #1 (held when the approval queue says so), inside the caller's transaction.
    static func insertDiscussion(_ db: Database, _ new: NewDiscussion) throws -> Discussion {
        var discussion = Discussion(
            communityId: new.communityID, boardId: new.boardID, kind: new.kind, title: new.title,
            authorId: new.authorID, createdAt: new.createdAt, lastPostAt: new.createdAt,
            lastPosterId: new.authorID, replyCount: 0, postCount: 1, pinned: new.pinned)
        if new.kind == .lesson { discussion.setLesson(new.lesson) }
        let held = try Self.mustHold(db, communityID: new.communityID, userID: new.authorID, holdFirst: new.holdFirst)
        if held { discussion.heldAt = new.createdAt }
        try discussion.insert(db)
        var post = Post(discussionId: discussion.id!, number: 1, authorId: new.authorID,
                        bodyMarkdown: new.body.markdown, bodyHtml: new.body.html, createdAt: new.createdAt)
        if held { post.heldAt = new.createdAt }
        try post.insert(db)
        try Self.watchOnParticipate(db, userID: new.authorID, discussionID: discussion.id!, now: new.createdAt)
        try Self.recordNewPost(db, post, communityID: new.communityID, boardID: new.boardID, mentions: new.body.mentions)
        return discussion
    }

    /// Adds a reply with the next number and updates the counters, in one transaction. A reply held for
    /// approval (`holdFirst`, see `mustHold`) takes its number but is not counted until approved.
    /// The busiest write there is: cached statements, only the columns it changes (no `Codable` record encoding).
    /// Committed with the replies that arrive at the same moment (`GroupCommit`), in a savepoint of its own.
    /// `check` is taken again inside the write (a lock or hide that committed since the controller's check refuses it).
    public func reply(discussionID: Int64, authorID: Int64, body: RenderedText, now: Date, holdFirst: Int = 0,
                      checking check: WriteCheck) async throws -> Post {
        try await writeBarrier.pass()
        return try await replies.write { db in
            try check.run(db)
            guard let current = try Row.fetchOne(db.cachedStatement(sql: "SELECT community_id, post_count, board_id FROM discussion WHERE id = ?"),
                                                 arguments: [discussionID])
            else { throw AppError.notFound }
            let communityID: Int64 = current[0]
            let number = (current[1] as Int) + 1
            let held = try Self.mustHold(db, communityID: communityID, userID: authorID, holdFirst: holdFirst)
            var post = Post(discussionId: discussionID, number: number, authorId: authorID, bodyMarkdown: body.markdown,
                            bodyHtml: body.html, createdAt: now, heldAt: held ? now : nil)
            try Self.insertNew(&post, db)
            try Self.watchOnParticipate(db, userID: authorID, discussionID: discussionID, now: now)
            if held {
                try db.cachedStatement(sql: "UPDATE discussion SET post_count = ? WHERE id = ?").execute(arguments: [number, discussionID])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE discussion SET post_count = ?, reply_count = reply_count + 1, last_post_at = ?, last_poster_id = ? WHERE id = ?
                    """).execute(arguments: [number, now, authorID, discussionID])
            }
            try Self.recordNewPost(db, post, communityID: communityID, boardID: current[2], mentions: body.mentions)
            return post
        }
    }

    /// Inserts a post that has just been written (no edits, flags or hiding yet) through a cached statement.
    static func insertNew(_ post: inout Post, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO post (discussion_id, number, author_id, body_markdown, body_html, created_at, held_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [post.discussionId, post.number, post.authorId, post.bodyMarkdown, post.bodyHtml,
                                     post.createdAt, post.heldAt])
        post.id = db.lastInsertedRowID
    }

    public func discussion(id: Int64) async throws -> Discussion? {
        try await reader.read { db in try Discussion.fetchOne(db, key: id) }
    }

    /// Marks `postID` (a visible reply of this question) as its accepted answer, or clears it with nil.
    /// With `moderator` (a moderator acting for the asker) the change is logged in the same transaction. A newly
    /// accepted answer records an event (its author hears of it).
    public func setAcceptedAnswer(discussionID: Int64, postID: Int64?, loggedAs moderator: ModeratorStamp? = nil,
                                  now: Date = Date(), checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var discussion = try Discussion.fetchOne(db, key: discussionID) else { throw AppError.notFound }
            guard discussion.kind == .question else {
                throw AppError.conflict("Only questions have an accepted answer.")
            }
            var number: Int?
            if let postID {
                guard let post = try Post.fetchOne(db, key: postID), post.discussionId == discussionID else {
                    throw AppError.notFound
                }
                guard post.number > 1 else { throw AppError.badRequest("The question itself cannot be its answer.") }
                guard post.isVisible else { throw AppError.conflict("A deleted or hidden post cannot be the accepted answer.") }
                number = post.number
            }
            let changed = discussion.acceptedPostId != postID
            discussion.acceptedPostId = postID
            try discussion.update(db)
            if changed, let postID, let post = try Post.fetchOne(db, key: postID) {
                try Self.record(db, Event(
                    kind: .answerAccepted, actorID: moderator?.moderatorID ?? discussion.authorId, communityID: discussion.communityId,
                    boardID: discussion.boardId, discussionID: discussionID, postID: postID, subjectID: post.authorId,
                    createdAt: moderator?.at ?? now))
            }
            if let moderator {
                try Self.log(db, ModerationAction(
                    communityId: discussion.communityId, actorId: moderator.moderatorID, action: .acceptAnswer,
                    targetType: .discussion, targetId: discussionID, targetLabel: discussion.title,
                    reason: number.map { "Accepted post #\($0) as the answer" } ?? "Cleared the accepted answer", createdAt: moderator.at))
            }
        }
    }

    /// Locks a discussion (with a reason shown to everyone) or unlocks it, and logs it; 409 when it already is so.
    public func setLocked(discussionID: Int64, locked: Bool, reason: String, by moderator: ModeratorStamp,
                          checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let discussion = try Discussion.fetchOne(db, key: discussionID) else { throw AppError.notFound }
            guard discussion.isLocked != locked else {
                throw AppError.conflict(locked ? "This discussion is already locked." : "This discussion is not locked.")
            }
            try db.execute(sql: "UPDATE discussion SET locked_at = ?, lock_reason = ? WHERE id = ?",
                           arguments: [locked ? moderator.at : nil, locked ? reason : "", discussionID])
            try Self.log(db, ModerationAction(
                communityId: discussion.communityId, actorId: moderator.moderatorID, action: locked ? .lockDiscussion : .unlockDiscussion,
                targetType: .discussion, targetId: discussionID, targetLabel: discussion.title, reason: reason, createdAt: moderator.at))
        }
    }

    /// Pins a discussion to the top of its board or unpins it, and logs it; 409 when it already is so.
    public func setPinned(discussionID: Int64, pinned: Bool, by moderator: ModeratorStamp, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let discussion = try Discussion.fetchOne(db, key: discussionID) else { throw AppError.notFound }
            guard discussion.pinned != pinned else {
                throw AppError.conflict(pinned ? "This discussion is already pinned." : "This discussion is not pinned.")
            }
            try db.execute(sql: "UPDATE discussion SET pinned = ? WHERE id = ?", arguments: [pinned, discussionID])
            try Self.log(db, ModerationAction(
                communityId: discussion.communityId, actorId: moderator.moderatorID, action: pinned ? .pinDiscussion : .unpinDiscussion,
                targetType: .discussion, targetId: discussionID, targetLabel: discussion.title, createdAt: moderator.at))
        }
    }

    /// Recomputes a discussion's visible reply count and last activity from its posts (after delete, hide, restore,
    /// approval, merge and split). Held, hidden and deleted posts are never counted.
    static func refreshCounters(_ db: Database, discussionID: Int64) throws {
        try db.execute(sql: """
            UPDATE discussion SET
              reply_count = (SELECT COUNT(*) FROM post WHERE discussion_id = :id AND number > 1
                             AND deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL),
              last_post_at = COALESCE((SELECT MAX(created_at) FROM post WHERE discussion_id = :id
                             AND deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL), created_at),
              last_poster_id = COALESCE((SELECT author_id FROM post WHERE discussion_id = :id
                             AND deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL ORDER BY number DESC LIMIT 1), author_id),
              accepted_post_id = CASE WHEN accepted_post_id IN (SELECT id FROM post WHERE discussion_id = :id
                             AND deleted_at IS NULL AND hidden_at IS NULL AND held_at IS NULL) THEN accepted_post_id END
            WHERE id = :id
            """, arguments: ["id": discussionID])
    }
}

extension AppDatabase {
    /// Where a discussion that was merged into another now lives.
    public func discussionRedirect(id: Int64) async throws -> Int64? {
        try await reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT target_id FROM discussion_redirect WHERE discussion_id = ?", arguments: [id])
        }
    }
}
