import Foundation
import GRDB

/// A discussion as a board lists it: with its author and last poster.
public struct DiscussionListRow: Sendable {
    public var discussion: Discussion
    public var author: Author?
    public var lastPoster: Author?

    public init(discussion: Discussion, author: Author?, lastPoster: Author?) {
        self.discussion = discussion
        self.author = author
        self.lastPoster = lastPoster
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

    /// A post row, with its author when the request included `Post.author` (nil otherwise).
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

/// A post as a discussion page shows it: with its author and how many members found it helpful. Its Markdown
/// source is not read (`post.bodyMarkdown` is empty): the page shows the HTML, and quoting reads the post itself.
public struct ThreadPost: Sendable {
    public let post: Post
    public let author: Author?
    public let helpfulCount: Int

    /// The columns `init(pageRow:)` reads, in its order.
    static let columns = """
        id, discussion_id, number, author_id, body_html, created_at, edited_at, revision_count, deleted_at, hidden_at,
        hidden_by, hidden_reason, held_at, helpful_count
        """

    public init(post: Post, author: Author?, helpfulCount: Int) {
        self.post = post
        self.author = author
        self.helpfulCount = helpfulCount
    }

    /// The post and its helpful count from a row of `columns`, read by position (a page reads fifty: no lookups by name).
    static func decode(_ row: Row) throws -> (post: Post, helpfulCount: Int) {
        let post = Post(
            id: try row.decode(atIndex: 0), discussionId: try row.decode(atIndex: 1), number: try row.decode(atIndex: 2),
            authorId: try row.decode(atIndex: 3), bodyMarkdown: "", bodyHtml: try row.decode(atIndex: 4),
            createdAt: try row.storedDate(atIndex: 5), editedAt: try row.storedDateIfPresent(atIndex: 6),
            revisionCount: try row.decode(atIndex: 7), deletedAt: try row.storedDateIfPresent(atIndex: 8),
            hiddenAt: try row.storedDateIfPresent(atIndex: 9), hiddenBy: try row.decode(atIndex: 10),
            hiddenReason: try row.decode(atIndex: 11), heldAt: try row.storedDateIfPresent(atIndex: 12))
        return (post, try row.decode(atIndex: 13))
    }
}

/// One page of a discussion: its context, the page's posts and the accepted answer, and which of them the reader
/// marked helpful.
public struct DiscussionThread: Sendable {
    public let context: DiscussionContext
    public let posts: [ThreadPost]
    public let accepted: ThreadPost?
    public let page: Int
    public let pageCount: Int
    /// Posts of this page the reader marked helpful (empty for anonymous readers).
    public var markedHelpful: Set<Int64> = []
    /// What only the signed-in reader's page needs, read with their helpful marks in one snapshot (nil: anonymous).
    public var viewer: ThreadViewerRows?
}

/// Which questions a board shows.
public enum AnsweredFilter: String, Sendable, CaseIterable {
    case all, answered, unanswered

    /// The filter's link text ("All", "Answered", "Unanswered").
    public var label: String {
        switch self {
        case .all: "All"
        case .answered: "Answered"
        case .unanswered: "Unanswered"
        }
    }
}

extension Post {
    static let author = belongsTo(User.self, key: "author", using: ForeignKey(["author_id"]))
}

extension AppDatabase {
    /// The discussion with its board and community (those two from memory).
    public func discussionContext(id: Int64) async throws -> DiscussionContext? {
        guard let discussion = try readNow({ db in try Discussion.fetchOne(db, id: id) }),
              let board = try board(id: discussion.boardId),
              let community = try allCommunities().first(where: { $0.id == discussion.communityId })
        else { return nil }
        return DiscussionContext(discussion: discussion, board: board, community: community)
    }

    /// The discussion, its board and its community: three primary-key reads through cached statements.
    static func discussionContext(_ db: Database, id: Int64) throws -> DiscussionContext? {
        guard let discussion = try Discussion.fetchOne(db, cached: "SELECT * FROM discussion WHERE id = ?", [id]),
              let board = try Board.fetchOne(db, cached: "SELECT * FROM board WHERE id = ?", [discussion.boardId]),
              let community = try Community.fetchOne(db, cached: "SELECT * FROM community WHERE id = ?", [discussion.communityId])
        else { return nil }
        return DiscussionContext(discussion: discussion, board: board, community: community)
    }

    /// One page of a discussion in one read: the context, the page's posts plus the accepted answer with their
    /// authors, and which of them `reader` marked helpful.
    /// The discussion and its posts are one snapshot; its board, community and authors' names come from the caches.
    public func discussionThread(id: Int64, page requested: Int, reader readerID: Int64? = nil) async throws -> DiscussionThread? {
        let key = ThreadPageKey(discussionID: id, page: requested)
        let cached = try threadCache.value(for: key) { () -> ThreadPageRead? in
            try readNow { db in try Self.threadPage(db, id: id, requested: requested) }
        }
        guard let cached else { return nil }
        var marked: Set<Int64> = []
        var viewer: ThreadViewerRows?
        if let readerID, let rows = try threadReaderCache.value(for: ThreadReaderKey(reader: readerID, discussionID: id, page: cached.page), load: {
            let rows = try readNow { db in try Self.readerRows(db, reader: readerID, page: cached) }
            return ThreadReaderRead(marked: rows.marked, viewer: rows.viewer)
        }) {
            (marked, viewer) = (rows.marked, rows.viewer)
        }
        let read = (discussion: cached.discussion, posts: cached.posts, marked: marked, page: cached.page, pageCount: cached.pageCount)
        guard let board = try board(id: read.discussion.boardId),
              let community = try allCommunities().first(where: { $0.id == read.discussion.communityId })
        else { return nil }
        let first = (read.page - 1) * Post.perPage + 1
        let last = read.page * Post.perPage
        let authors = try authors(ids: read.posts.compactMap(\.post.authorId))
        let acceptedID = read.discussion.acceptedPostId
        var posts: [ThreadPost] = []
        posts.reserveCapacity(read.posts.count)
        var accepted: ThreadPost?
        for (post, helpfulCount) in read.posts {
            let row = ThreadPost(post: post, author: post.authorId.flatMap { authors[$0] }, helpfulCount: helpfulCount)
            if post.id == acceptedID { accepted = row }
            if post.number >= first && post.number <= last { posts.append(row) }
        }
        var thread = DiscussionThread(context: DiscussionContext(discussion: read.discussion, board: board, community: community),
                                      posts: posts, accepted: accepted, page: read.page, pageCount: read.pageCount)
        thread.markedHelpful = read.marked
        thread.viewer = viewer
        return thread
    }

    /// A discussion's page as read from the database: the discussion, the page's posts (and the accepted answer when
    /// it is on another page), with their helpful counts. Kept in `threadCache` until a discussion or post changes.
    static func threadPage(_ db: Database, id: Int64, requested: Int) throws -> ThreadPageRead? {
        guard let discussion = try Discussion.fetchOne(db, id: id) else { return nil }
        let pageCount = max(1, (discussion.postCount + Post.perPage - 1) / Post.perPage)
        let page = min(max(1, requested), pageCount)
        // The page's range, and the accepted answer when it is on another page: two index searches. (One
        // `number BETWEEN … OR id = …` condition reads every post of the discussion: 2 ms at 18,000 posts.)
        let (first, last) = ((page - 1) * Post.perPage + 1, page * Post.perPage)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT \(ThreadPost.columns) FROM post WHERE discussion_id = ?1 AND number BETWEEN ?2 AND ?3
            UNION ALL
            SELECT \(ThreadPost.columns) FROM post WHERE id = ?4 AND discussion_id = ?1 AND number NOT BETWEEN ?2 AND ?3
            ORDER BY number
            """), arguments: [id, first, last, discussion.acceptedPostId ?? -1])
        var posts: [(post: Post, helpfulCount: Int)] = []
        while let row = try cursor.next() { posts.append(try ThreadPost.decode(row)) }
        return ThreadPageRead(discussion: discussion, posts: posts, page: page, pageCount: pageCount)
    }

    /// The post with the given number, for quoting.
    public func post(discussionID: Int64, number: Int) async throws -> PostRow? {
        try readNow { db in
            try Post
                .filter(Column("discussion_id") == discussionID && Column("number") == number)
                .including(optional: Post.author)
                .asRequest(of: PostRow.self)
                .fetchOne(db)
        }
    }

    /// The post, its discussion, board and community.
    public func postContext(id: Int64) async throws -> (PostRow, DiscussionContext)? {
        try readNow { db in
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
public struct RecentDiscussionRow: Sendable {
    public var discussion: Discussion
    public var community: Community
    public var lastPoster: Author?

    public init(discussion: Discussion, community: Community, lastPoster: Author?) {
        self.discussion = discussion
        self.community = community
        self.lastPoster = lastPoster
    }
}
