import Foundation
import GRDB

/// A discussion: a question, a lesson learned, a conversation or an announcement, with numbered posts.
public struct Discussion: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "discussion"

    /// What kind of discussion it is; each behaves a little differently.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case question, lesson, conversation, announcement

        public var label: String {
            switch self {
            case .question: "Question"
            case .lesson: "Lesson learned"
            case .conversation: "Conversation"
            case .announcement: "Announcement"
            }
        }
    }

    public var id: Int64?
    public var communityId: Int64
    public var boardId: Int64
    public var kind: Kind
    public var title: String
    public var authorId: Int64?
    public var createdAt: Date
    public var lastPostAt: Date
    public var lastPosterId: Int64?
    /// Visible replies (not the opening post, not deleted or hidden ones).
    public var replyCount: Int = 0
    /// Posts ever written, so the next post's number is `postCount + 1`.
    public var postCount: Int = 0
    public var viewCount: Int = 0
    public var pinned: Bool = false
    public var lockedAt: Date? = nil
    public var lockReason: String = ""
    public var acceptedPostId: Int64? = nil
    public var lessonContext: String = ""
    public var lessonContextHtml: String = ""
    public var lessonWhatHappened: String = ""
    public var lessonWhatHappenedHtml: String = ""
    public var lessonWhatWeLearned: String = ""
    public var lessonWhatWeLearnedHtml: String = ""
    public var lessonRecommendation: String = ""
    public var lessonRecommendationHtml: String = ""
    /// Started by a member whose first posts wait for approval: only they and moderators see it meanwhile.
    public var heldAt: Date? = nil
    /// Hidden by a moderator (with a reason its author sees): only they and moderators see it.
    public var hiddenAt: Date? = nil
    public var hiddenBy: Int64? = nil
    public var hiddenReason: String = ""

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isHeld: Bool { heldAt != nil }
    public var isHidden: Bool { hiddenAt != nil }
    /// Listed and searchable for everyone who can see the community.
    public var isListed: Bool { heldAt == nil && hiddenAt == nil }
    public var isLocked: Bool { lockedAt != nil }
    public var isAnswered: Bool { acceptedPostId != nil }
}

extension Discussion {
    /// The longest reason a moderator may give for locking or hiding a discussion.
    public static let maxReasonCharacters = 500
}

extension Discussion {
    /// The discussion as lists show it, without its lesson's texts (lists show titles): what lists kept in memory per
    /// member hold (`AppDatabase.homeCache`).
    var forLists: Discussion {
        var listed = self
        listed.lessonContext = ""
        listed.lessonContextHtml = ""
        listed.lessonWhatHappened = ""
        listed.lessonWhatHappenedHtml = ""
        listed.lessonWhatWeLearned = ""
        listed.lessonWhatWeLearnedHtml = ""
        listed.lessonRecommendation = ""
        listed.lessonRecommendationHtml = ""
        return listed
    }
}

/// The four sections of a lesson learned, as Markdown.
public struct LessonFields: Sendable, Equatable {
    public var context: String
    public var whatHappened: String
    public var whatWeLearned: String
    public var recommendation: String

    public init(context: String, whatHappened: String, whatWeLearned: String, recommendation: String) {
        self.context = context
        self.whatHappened = whatHappened
        self.whatWeLearned = whatWeLearned
        self.recommendation = recommendation
    }

    var all: [String] { [context, whatHappened, whatWeLearned, recommendation] }
}

/// A post: one numbered message of a discussion. Markdown source and its HTML (rendered once, on write).
public struct Post: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "post"
    /// Posts shown per discussion page.
    public static let perPage = 50

    public var id: Int64?
    public var discussionId: Int64
    public var number: Int
    public var authorId: Int64?
    public var bodyMarkdown: String
    public var bodyHtml: String
    public var createdAt: Date
    public var editedAt: Date? = nil
    public var revisionCount: Int = 0
    public var deletedAt: Date? = nil
    public var hiddenAt: Date? = nil
    public var hiddenBy: Int64? = nil
    public var hiddenReason: String = ""
    /// Waiting in the approval queue: only its author and moderators see it.
    public var heldAt: Date? = nil

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isDeleted: Bool { deletedAt != nil }
    public var isHidden: Bool { hiddenAt != nil }
    public var isHeld: Bool { heldAt != nil }
    /// Shown normally: approved, neither deleted by its author nor hidden by a moderator.
    public var isVisible: Bool { !isDeleted && !isHidden && !isHeld }
}

/// One edit of a post: who, when, and the text before and after.
public struct PostRevision: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "post_revision"

    public var id: Int64?
    public var postId: Int64
    public var editorId: Int64?
    public var createdAt: Date
    public var titleBefore: String?
    public var titleAfter: String?
    public var bodyBefore: String
    public var bodyAfter: String

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Discussion {
    /// Read by column name, not through `Codable` (see `User.init(row:)`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        communityId = try row.decode(forColumn: "community_id")
        boardId = try row.decode(forColumn: "board_id")
        kind = try row.decode(forColumn: "kind")
        title = try row.decode(forColumn: "title")
        authorId = try row.decode(forColumn: "author_id")
        createdAt = try row.storedDate("created_at")
        lastPostAt = try row.storedDate("last_post_at")
        lastPosterId = try row.decode(forColumn: "last_poster_id")
        replyCount = try row.decode(forColumn: "reply_count")
        postCount = try row.decode(forColumn: "post_count")
        viewCount = try row.decode(forColumn: "view_count")
        pinned = try row.decode(forColumn: "pinned")
        lockedAt = try row.storedDateIfPresent("locked_at")
        lockReason = try row.decode(forColumn: "lock_reason")
        acceptedPostId = try row.decode(forColumn: "accepted_post_id")
        lessonContext = try row.decode(forColumn: "lesson_context")
        lessonContextHtml = try row.decode(forColumn: "lesson_context_html")
        lessonWhatHappened = try row.decode(forColumn: "lesson_what_happened")
        lessonWhatHappenedHtml = try row.decode(forColumn: "lesson_what_happened_html")
        lessonWhatWeLearned = try row.decode(forColumn: "lesson_what_we_learned")
        lessonWhatWeLearnedHtml = try row.decode(forColumn: "lesson_what_we_learned_html")
        lessonRecommendation = try row.decode(forColumn: "lesson_recommendation")
        lessonRecommendationHtml = try row.decode(forColumn: "lesson_recommendation_html")
        heldAt = try row.storedDateIfPresent("held_at")
        hiddenAt = try row.storedDateIfPresent("hidden_at")
        hiddenBy = try row.decode(forColumn: "hidden_by")
        hiddenReason = try row.decode(forColumn: "hidden_reason")
    }
}

extension Discussion {
    /// Every column, in the order `init(columns:)` reads them: hot lists select `\(columnList)` (with a table alias
    /// if needed) and decode by position, without looking thirty column names up for every row.
    static let columnNames = [
        "id", "community_id", "board_id", "kind", "title", "author_id", "created_at", "last_post_at", "last_poster_id",
        "reply_count", "post_count", "view_count", "pinned", "locked_at", "lock_reason", "accepted_post_id",
        "lesson_context", "lesson_context_html", "lesson_what_happened", "lesson_what_happened_html",
        "lesson_what_we_learned", "lesson_what_we_learned_html", "lesson_recommendation", "lesson_recommendation_html",
        "held_at", "hidden_at", "hidden_by", "hidden_reason",
    ]

    /// `columnNames` as a select list, each prefixed with `alias.` when given.
    static func columnList(_ alias: String? = nil) -> String {
        columnNames.map { name in alias.map { "\($0).\(name)" } ?? name }.joined(separator: ", ")
    }

    static let columnList = columnList()
    static let columnListD = columnList("d")
    /// `columnListD` with the lesson's texts read as empty (lists show titles; a lesson's texts can fill overflow
    /// pages): what `forLists` keeps, read that way.
    static let listColumnListD = columnNames.map { $0.hasPrefix("lesson_") ? "'' AS \($0)" : "d.\($0)" }.joined(separator: ", ")

    /// Reads a row selected as `columnList`, by position.
    init(columns row: Row) throws {
        id = try row.decode(atIndex: 0)
        communityId = try row.decode(atIndex: 1)
        boardId = try row.decode(atIndex: 2)
        kind = try row.decode(atIndex: 3)
        title = try row.decode(atIndex: 4)
        authorId = try row.decode(atIndex: 5)
        createdAt = try row.storedDate(atIndex: 6)
        lastPostAt = try row.storedDate(atIndex: 7)
        lastPosterId = try row.decode(atIndex: 8)
        replyCount = try row.decode(atIndex: 9)
        postCount = try row.decode(atIndex: 10)
        viewCount = try row.decode(atIndex: 11)
        pinned = try row.decode(atIndex: 12)
        lockedAt = try row.storedDateIfPresent(atIndex: 13)
        lockReason = try row.decode(atIndex: 14)
        acceptedPostId = try row.decode(atIndex: 15)
        lessonContext = try row.decode(atIndex: 16)
        lessonContextHtml = try row.decode(atIndex: 17)
        lessonWhatHappened = try row.decode(atIndex: 18)
        lessonWhatHappenedHtml = try row.decode(atIndex: 19)
        lessonWhatWeLearned = try row.decode(atIndex: 20)
        lessonWhatWeLearnedHtml = try row.decode(atIndex: 21)
        lessonRecommendation = try row.decode(atIndex: 22)
        lessonRecommendationHtml = try row.decode(atIndex: 23)
        heldAt = try row.storedDateIfPresent(atIndex: 24)
        hiddenAt = try row.storedDateIfPresent(atIndex: 25)
        hiddenBy = try row.decode(atIndex: 26)
        hiddenReason = try row.decode(atIndex: 27)
    }

    private static let selectByID = "SELECT \(columnList) FROM discussion WHERE id = ?"

    /// One discussion by id, read by position through a statement prepared once per connection.
    static func fetchOne(_ db: Database, id: Int64) throws -> Discussion? {
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: selectByID), arguments: [id])
        return try cursor.next().map { try Discussion(columns: $0) }
    }

    /// The discussions an SQL literal selects (its select list must be `columnList`), through a cached statement.
    static func fetchAll(_ db: Database, columns literal: SQL) throws -> [Discussion] {
        let (sql, arguments) = try literal.build(db)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        var discussions: [Discussion] = []
        while let row = try cursor.next() { discussions.append(try Discussion(columns: row)) }
        return discussions
    }
}

extension Discussion.Kind: DatabaseValueConvertible {}

extension Post {
    /// Read by column name, not through `Codable` (see `User.init(row:)`): a discussion page reads fifty.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        discussionId = try row.decode(forColumn: "discussion_id")
        number = try row.decode(forColumn: "number")
        authorId = try row.decode(forColumn: "author_id")
        bodyMarkdown = try row.decode(forColumn: "body_markdown")
        bodyHtml = try row.decode(forColumn: "body_html")
        createdAt = try row.storedDate("created_at")
        editedAt = try row.storedDateIfPresent("edited_at")
        revisionCount = try row.decode(forColumn: "revision_count")
        deletedAt = try row.storedDateIfPresent("deleted_at")
        hiddenAt = try row.storedDateIfPresent("hidden_at")
        hiddenBy = try row.decode(forColumn: "hidden_by")
        hiddenReason = try row.decode(forColumn: "hidden_reason")
        heldAt = try row.storedDateIfPresent("held_at")
    }
}
