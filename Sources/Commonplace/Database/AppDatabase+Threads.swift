import Foundation
import GRDB

/// A discussion as a board lists it: with its author and last poster.
public struct DiscussionListRow: FetchableRecord, Sendable {
    public var discussion: Discussion
    public var author: User?
    public var lastPoster: User?

    public init(row: Row) throws {
        discussion = try Discussion(row: row)
        author = try row.decodeIfPresent(forKey: "author")
        lastPoster = try row.decodeIfPresent(forKey: "lastPoster")
    }
}

/// A post with its author, and how many members found it helpful.
public struct PostRow: FetchableRecord, Sendable {
    public var post: Post
    public var author: User?
    /// The post's `helpful_count` (kept by the helpful marks' writes, not part of `Post`).
    public var helpfulCount: Int

    public init(post: Post, author: User?, helpfulCount: Int = 0) {
        self.post = post
        self.author = author
        self.helpfulCount = helpfulCount
    }

    public init(row: Row) throws {
        post = try Post(row: row)
        author = try row.decodeIfPresent(forKey: "author")
        helpfulCount = try row.decode(forColumn: "helpful_count")
    }
}

/// A discussion with the board and community it belongs to (read in one query).
public struct DiscussionContext: FetchableRecord, Sendable {
    public var discussion: Discussion
    public var board: Board
    public var community: Community

    public init(discussion: Discussion, board: Board, community: Community) {
        self.discussion = discussion
        self.board = board
        self.community = community
    }

    public init(row: Row) throws {
        discussion = try Discussion(row: row)
        board = try row.decode(forKey: "board")
        community = try row.decode(forKey: "community")
    }
}

/// One page of a discussion: its context, the page's posts and the accepted answer (read in two queries), and
/// which of them the reader marked helpful.
public struct DiscussionThread: Sendable {
    public let context: DiscussionContext
    public let posts: [PostRow]
    public let accepted: PostRow?
    public let page: Int
    public let pageCount: Int
    /// Posts of this page the reader marked helpful (empty for anonymous readers).
    public var markedHelpful: Set<Int64> = []
}

/// Which questions a board shows.
public enum AnsweredFilter: String, Sendable, CaseIterable {
    case all, answered, unanswered
}

extension Discussion {
    static let author = belongsTo(User.self, key: "author", using: ForeignKey(["author_id"]))
    static let lastPoster = belongsTo(User.self, key: "lastPoster", using: ForeignKey(["last_poster_id"]))
}

extension Post {
    static let author = belongsTo(User.self, key: "author", using: ForeignKey(["author_id"]))
}

extension AppDatabase {
    /// Discussions per board page.
    public static let discussionsPerPage = 30

    /// A page of a board: pinned first, then by last activity.
    /// `listed` is the Guardian's rule for held and hidden discussions (`listedDiscussionSQL(in:)`).
    public func boardPage(boardID: Int64, listed: SQL, filter: AnsweredFilter, page: Int) async throws -> (rows: [DiscussionListRow], total: Int) {
        try await reader.read { db in
            var request = Discussion.filter(Column("board_id") == boardID).filter(literal: listed)
            switch filter {
            case .all: break
            case .answered: request = request.filter(Column("kind") == "question" && Column("accepted_post_id") != nil)
            case .unanswered: request = request.filter(Column("kind") == "question" && Column("accepted_post_id") == nil)
            }
            let total = try request.fetchCount(db)
            let rows = try request
                .including(optional: Discussion.author)
                .including(optional: Discussion.lastPoster)
                .order(Column("pinned").desc, Column("last_post_at").desc)
                .limit(Self.discussionsPerPage, offset: (page - 1) * Self.discussionsPerPage)
                .asRequest(of: DiscussionListRow.self)
                .fetchAll(db)
            return (rows, total)
        }
    }

    /// The discussion with its board and community, in one query.
    public func discussionContext(id: Int64) async throws -> DiscussionContext? {
        try await reader.read { db in
            try Discussion
                .filter(key: id)
                .including(required: Discussion.board)
                .including(required: Discussion.community)
                .asRequest(of: DiscussionContext.self)
                .fetchOne(db)
        }
    }

    /// One page of a discussion in one read: the context, the page's posts plus the accepted answer, and which of
    /// them `reader` marked helpful.
    public func discussionThread(id: Int64, page requested: Int, reader readerID: Int64? = nil) async throws -> DiscussionThread? {
        try await reader.read { db in
            guard let context = try Discussion
                .filter(key: id)
                .including(required: Discussion.board)
                .including(required: Discussion.community)
                .asRequest(of: DiscussionContext.self)
                .fetchOne(db)
            else { return nil }
            let pageCount = max(1, (context.discussion.postCount + Post.perPage - 1) / Post.perPage)
            let page = min(max(1, requested), pageCount)
            let first = (page - 1) * Post.perPage + 1
            let last = page * Post.perPage
            let accepted = context.discussion.acceptedPostId ?? -1
            let rows = try Post
                .filter(Column("discussion_id") == id)
                .filter((Column("number") >= first && Column("number") <= last) || Column("id") == accepted)
                .including(optional: Post.author)
                .order(Column("number"))
                .asRequest(of: PostRow.self)
                .fetchAll(db)
            let acceptedRow = rows.first { $0.post.id == accepted }
            let pagePosts = rows.filter { $0.post.number >= first && $0.post.number <= last }
            var thread = DiscussionThread(context: context, posts: pagePosts, accepted: acceptedRow, page: page, pageCount: pageCount)
            if let readerID, !rows.isEmpty {
                thread.markedHelpful = Set(try Int64.fetchAll(db, sql: """
                    SELECT post_id FROM helpful_mark WHERE user_id = ? AND post_id IN (SELECT value FROM json_each(?))
                    """, arguments: [readerID, Self.jsonArray(rows.map { $0.post.id! })]))
            }
            return thread
        }
    }

    /// The post with the given number, for quoting.
    public func post(discussionID: Int64, number: Int) async throws -> PostRow? {
        try await reader.read { db in
            try Post
                .filter(Column("discussion_id") == discussionID && Column("number") == number)
                .including(optional: Post.author)
                .asRequest(of: PostRow.self)
                .fetchOne(db)
        }
    }

    /// The post, its discussion, board and community.
    public func postContext(id: Int64) async throws -> (PostRow, DiscussionContext)? {
        try await reader.read { db in
            guard let row = try Post.filter(key: id).including(optional: Post.author).asRequest(of: PostRow.self).fetchOne(db),
                  let context = try Discussion.filter(key: row.post.discussionId)
                      .including(required: Discussion.board).including(required: Discussion.community)
                      .asRequest(of: DiscussionContext.self).fetchOne(db)
            else { return nil }
            return (row, context)
        }
    }

    /// Adds gathered page views to the discussions' counters in one transaction.
    public func addViews(_ views: [Int64: Int]) async throws {
        guard !views.isEmpty else { return }
        try await writer.write { db in
            for (id, count) in views {
                try db.execute(sql: "UPDATE discussion SET view_count = view_count + ? WHERE id = ?", arguments: [count, id])
            }
        }
    }
}

/// A discussion with its community, for lists that span communities.
public struct RecentDiscussionRow: FetchableRecord, Sendable {
    public var discussion: Discussion
    public var community: Community
    public var lastPoster: User?

    public init(row: Row) throws {
        discussion = try Discussion(row: row)
        community = try row.decode(forKey: "community")
        lastPoster = try row.decodeIfPresent(forKey: "lastPoster")
    }
}

extension AppDatabase {
    /// The latest active discussions in communities `visible` allows (the Guardian's list filter).
    public func recentDiscussions(visible: SQLExpression?, limit: Int) async throws -> [RecentDiscussionRow] {
        try await reader.read { db in
            var community = Discussion.community
            if let visible { community = community.filter(visible) }
            return try Discussion
                .filter(literal: Guardian.listedEverywhereSQL)
                .including(required: community)
                .including(optional: Discussion.lastPoster)
                .order(Column("last_post_at").desc)
                .limit(limit)
                .asRequest(of: RecentDiscussionRow.self)
                .fetchAll(db)
        }
    }
}
