import Foundation
import GRDB

/// A discussion as a "latest discussions" feed shows it: with its opening post and its author's name.
public struct FeedDiscussionRow: Sendable {
    public var discussion: Discussion
    /// The opening post (its body HTML, id and dates; the Markdown is not read).
    public var opening: Post
    public var author: Author?
}

/// A post as a feed shows it: with its discussion (for the title and link) and its author's name.
public struct FeedPostRow: Sendable {
    public var post: Post
    public var discussion: Discussion
    public var author: Author?
}

/// Which discussions a "latest discussions" feed lists.
public enum FeedScope: Sendable {
    case site
    case community(Int64)
    case board(Int64)
}

extension AppDatabase {
    /// Entries per feed: enough for a reader polling daily, bounded so a feed costs one short read.
    public static let feedEntries = 30

    /// The post columns feeds read, by position after a discussion's `columnList`.
    private static let feedPostColumns = "p.id, p.discussion_id, p.number, p.author_id, p.body_html, p.created_at, p.edited_at"

    private static func feedPost(_ row: Row, at i: Int) throws -> Post {
        Post(id: try row.decode(atIndex: i), discussionId: try row.decode(atIndex: i + 1), number: try row.decode(atIndex: i + 2),
             authorId: try row.decode(atIndex: i + 3), bodyMarkdown: "", bodyHtml: try row.decode(atIndex: i + 4),
             createdAt: try row.storedDate(atIndex: i + 5), editedAt: try row.storedDateIfPresent(atIndex: i + 6))
    }

    /// The newest discussions of `scope` that `shown` lets a feed carry (the Guardian's `feedDiscussionSQL()`), each with
    /// its opening post when that post is visible (a discussion whose opening post was hidden or deleted is left out):
    /// one statement, newest first, at most `feedEntries`; authors' names from memory.
    public func feedDiscussions(_ scope: FeedScope, shown: SQL) async throws -> [FeedDiscussionRow] {
        let within: SQL = switch scope {
        case .site: "1"
        case .community(let id): "d.community_id = \(id)"
        case .board(let id): "d.board_id = \(id)"
        }
        let rows = try readNow { db in
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT \(sql: Discussion.columnListD), \(sql: Self.feedPostColumns)
                FROM discussion d JOIN community c ON c.id = d.community_id
                JOIN post p ON p.discussion_id = d.id AND p.number = 1
                WHERE \(within) AND \(shown) AND \(Guardian.feedPostSQL)
                ORDER BY d.created_at DESC LIMIT \(Self.feedEntries)
                """)
            var rows: [(Discussion, Post)] = []
            while let row = try cursor.next() {
                rows.append((try Discussion(columns: row), try Self.feedPost(row, at: Discussion.columnNames.count)))
            }
            return rows
        }
        let users = try authors(ids: rows.compactMap { $0.1.authorId })
        return rows.map { FeedDiscussionRow(discussion: $0.0, opening: $0.1, author: $0.1.authorId.flatMap { users[$0] }) }
    }

    /// The newest visible posts of one discussion (which the caller has checked the feed may show), newest first.
    public func feedPosts(discussion: Discussion) async throws -> [FeedPostRow] {
        let posts = try readNow { db in
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT \(sql: Self.feedPostColumns) FROM post p
                WHERE p.discussion_id = \(discussion.id!) AND \(Guardian.feedPostSQL)
                ORDER BY p.number DESC LIMIT \(Self.feedEntries)
                """)
            var posts: [Post] = []
            while let row = try cursor.next() { posts.append(try Self.feedPost(row, at: 0)) }
            return posts
        }
        let users = try authors(ids: posts.compactMap(\.authorId))
        return posts.map { FeedPostRow(post: $0, discussion: discussion, author: $0.authorId.flatMap { users[$0] }) }
    }

    /// A member's newest visible posts in discussions `shown` lets a feed carry (the Guardian's `feedDiscussionSQL()`),
    /// newest first: one statement along the author's index.
    public func feedPosts(authorID: Int64, shown: SQL) async throws -> [FeedPostRow] {
        let rows = try readNow { db in
            let cursor = try Row.fetchCursor(db, cachedSQL: """
                SELECT \(sql: Discussion.columnListD), \(sql: Self.feedPostColumns)
                FROM post p JOIN discussion d ON d.id = p.discussion_id JOIN community c ON c.id = d.community_id
                WHERE p.author_id = \(authorID) AND \(Guardian.feedPostSQL) AND \(shown)
                ORDER BY p.created_at DESC LIMIT \(Self.feedEntries)
                """)
            var rows: [(Discussion, Post)] = []
            while let row = try cursor.next() {
                rows.append((try Discussion(columns: row), try Self.feedPost(row, at: Discussion.columnNames.count)))
            }
            return rows
        }
        let users = try authors(ids: rows.compactMap { $0.1.authorId })
        return rows.map { FeedPostRow(post: $0.1, discussion: $0.0, author: $0.1.authorId.flatMap { users[$0] }) }
    }

    /// A community's newest resources a feed may carry (neither held nor archived), newest first.
    public func feedResources(communityID: Int64) async throws -> [(resource: Resource, author: Author?)] {
        let resources = try readNow { db in
            try Resource.fetchAll(db, cachedSQL: """
                SELECT * FROM resource WHERE community_id = \(communityID) AND \(Guardian.feedResourceSQL)
                ORDER BY created_at DESC LIMIT \(Self.feedEntries)
                """)
        }
        let users = try authors(ids: resources.compactMap(\.authorId))
        return resources.map { ($0, $0.authorId.flatMap { users[$0] }) }
    }
}
