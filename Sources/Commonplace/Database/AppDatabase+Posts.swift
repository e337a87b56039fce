import Foundation
import GRDB

/// An edit to save: the new body, and for post #1 possibly a new title and lesson sections.
public struct PostEdit: Sendable {
    public var body: RenderedText
    public var title: String?
    public var lesson: [RenderedText]?
    public var editorID: Int64
    public var now: Date

    public init(body: RenderedText, title: String? = nil, lesson: [RenderedText]? = nil, editorID: Int64, now: Date) {
        self.body = body
        self.title = title
        self.lesson = lesson
        self.editorID = editorID
        self.now = now
    }
}

/// A revision with its editor, for the history page.
public struct RevisionRow: Decodable, FetchableRecord, Sendable {
    public var postRevision: PostRevision
    public var editor: User?
}

extension PostRevision {
    static let editor = belongsTo(User.self, key: "editor", using: ForeignKey(["editor_id"]))
}

extension AppDatabase {
    public func post(id: Int64) async throws -> Post? {
        try await reader.read { db in try Post.fetchOne(db, key: id) }
    }

    /// Saves an edit and its revision (who, when, before and after) in one transaction, with an event when the new body
    /// mentions anyone.
    public func editPost(id: Int64, _ edit: PostEdit, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id) else { throw AppError.notFound }
            guard var discussion = try Discussion.fetchOne(db, key: post.discussionId) else { throw AppError.notFound }
            let newTitle = post.number == 1 ? edit.title : nil
            let titleChanged = newTitle != nil && newTitle != discussion.title
            let lessonBefore = [discussion.lessonContext, discussion.lessonWhatHappened, discussion.lessonWhatWeLearned, discussion.lessonRecommendation]
            let lessonChanged = post.number == 1 && discussion.kind == .lesson && edit.lesson.map { $0.map(\.markdown) != lessonBefore } == true
            guard edit.body.markdown != post.bodyMarkdown || titleChanged || lessonChanged else { return }

            var revision = PostRevision(
                postId: id, editorId: edit.editorID, createdAt: edit.now,
                titleBefore: titleChanged ? discussion.title : nil, titleAfter: titleChanged ? newTitle : nil,
                bodyBefore: Self.fullText(body: post.bodyMarkdown, lesson: lessonChanged ? lessonBefore : nil),
                bodyAfter: Self.fullText(body: edit.body.markdown, lesson: lessonChanged ? edit.lesson?.map(\.markdown) : nil))
            try revision.insert(db)
            post.bodyMarkdown = edit.body.markdown
            post.bodyHtml = edit.body.html
            post.editedAt = edit.now
            post.revisionCount += 1
            try post.update(db)
            // The newly mentioned hear of it (the fan-out skips those this post already notified).
            if !edit.body.mentions.isEmpty, post.isVisible {
                try Self.record(db, Event(
                    kind: .postEdited, actorID: edit.editorID, communityID: discussion.communityId, boardID: discussion.boardId,
                    discussionID: discussion.id, postID: id, detail: EventDetail(mentions: edit.body.mentions), createdAt: edit.now))
            }
            if titleChanged || lessonChanged {
                if let newTitle { discussion.title = newTitle }
                if lessonChanged, let lesson = edit.lesson { discussion.setLesson(lesson) }
                try discussion.update(db)
            }
            // An author editing their own post is ordinary writing; a moderator editing someone else's is logged.
            if edit.editorID != post.authorId {
                try Self.log(db, ModerationAction(
                    communityId: discussion.communityId, actorId: edit.editorID, action: .editPost, targetType: .post,
                    targetId: id, targetLabel: Self.postLabel(discussion, number: post.number), createdAt: edit.now))
            }
        }
    }

    /// How the moderation log names a post: "Post #3 in “Title”".
    static func postLabel(_ discussion: Discussion, number: Int) -> String {
        "Post #\(number) in “\(discussion.title)”"
    }

    /// The text a revision records: the body, and a lesson's sections when they changed.
    static func fullText(body: String, lesson: [String]?) -> String {
        guard let lesson else { return body }
        let headings = ["Context", "What happened", "What we learned", "What we would recommend"]
        let sections = zip(headings, lesson).map { "## \($0)\n\n\($1)" }
        return ([body] + sections).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Marks a post deleted by its author (kept, so later posts keep their numbers).
    public func deletePost(id: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id) else { throw AppError.notFound }
            guard !post.isDeleted else { throw AppError.conflict("This post was already deleted.") }
            post.deletedAt = now
            try post.update(db)
            try Self.refreshCounters(db, discussionID: post.discussionId)
        }
    }

    /// Hides a post with a reason its author sees (and hears of), and logs it.
    public func hidePost(id: Int64, moderatorID: Int64, reason: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id),
                  let discussion = try Discussion.fetchOne(db, key: post.discussionId) else { throw AppError.notFound }
            guard !post.isHidden else { throw AppError.conflict("This post is already hidden.") }
            post.hiddenAt = now
            post.hiddenBy = moderatorID
            post.hiddenReason = reason
            try post.update(db)
            try Self.refreshCounters(db, discussionID: post.discussionId)
            try Self.recordPostDecision(db, .postHidden, post: post, discussion: discussion, moderatorID: moderatorID, reason: reason, now: now)
            try Self.log(db, ModerationAction(
                communityId: discussion.communityId, actorId: moderatorID, action: .hidePost, targetType: .post, targetId: id,
                targetLabel: Self.postLabel(discussion, number: post.number), reason: reason, createdAt: now))
        }
    }

    /// Restores a hidden (or deleted) post, and logs it.
    public func restorePost(id: Int64, moderatorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var post = try Post.fetchOne(db, key: id),
                  let discussion = try Discussion.fetchOne(db, key: post.discussionId) else { throw AppError.notFound }
            guard post.isHidden || post.isDeleted else { throw AppError.conflict("This post is not hidden.") }
            post.hiddenAt = nil
            post.hiddenBy = nil
            post.hiddenReason = ""
            post.deletedAt = nil
            try post.update(db)
            try Self.refreshCounters(db, discussionID: post.discussionId)
            try Self.log(db, ModerationAction(
                communityId: discussion.communityId, actorId: moderatorID, action: .restorePost, targetType: .post, targetId: id,
                targetLabel: Self.postLabel(discussion, number: post.number), createdAt: now))
        }
    }

    /// A post's revisions, oldest first, with their editors.
    public func revisions(postID: Int64) async throws -> [RevisionRow] {
        try await reader.read { db in
            try PostRevision
                .filter(Column("post_id") == postID)
                .including(optional: PostRevision.editor)
                .order(Column("created_at"), Column("id"))
                .asRequest(of: RevisionRow.self)
                .fetchAll(db)
        }
    }
}
