import GRDB

// The keys and values of the lists `AppDatabase` keeps between writes (`threadCache`, `threadReaderCache`,
// `boardPageCache`, `recentCache`), and `SQLFilter`, which names what a reader may see so readers who may see the same rows share them.

/// A discussion page's key in `threadCache`: the discussion and the page asked for.
struct ThreadPageKey: Hashable, Sendable {
    let discussionID: Int64
    let page: Int
}

/// What `threadCache` keeps: one page of a discussion as read, the same for every reader.
struct ThreadPageRead: Sendable {
    let discussion: Discussion
    let posts: [(post: Post, helpfulCount: Int)]
    let page: Int
    let pageCount: Int
    /// The page's post ids, and their smallest and largest (the reader's helpful marks are read by that range).
    let postIDs: Set<Int64>
    let idRange: ClosedRange<Int64>?

    init(discussion: Discussion, posts: [(post: Post, helpfulCount: Int)], page: Int, pageCount: Int) {
        self.discussion = discussion
        self.posts = posts
        self.page = page
        self.pageCount = pageCount
        let ids = posts.compactMap(\.post.id)
        postIDs = Set(ids)
        idRange = ids.min().flatMap { low in ids.max().map { low...$0 } }
    }
}

/// A reader's own rows behind a discussion page in `threadReaderCache`: whose, which discussion, which page.
struct ThreadReaderKey: Hashable, Sendable {
    let reader: Int64
    let discussionID: Int64
    let page: Int
}

/// What `threadReaderCache` keeps: the reader's helpful marks on the page and `ThreadViewerRows`.
struct ThreadReaderRead: Sendable {
    let marked: Set<Int64>
    let viewer: ThreadViewerRows

    /// What they are read from (`AppDatabase.readerRows`), and the page's posts and discussion they are read for (its
    /// view count left out: the view flush writes it every few seconds). `discussion_read`, `community_read`, `watch`
    /// and `unreachable_mention` are WITHOUT ROWID tables, whose writers notify their changes.
    static var trackedRegions: [any DatabaseRegionConvertible] {
        [Table("helpful_mark"), Table("discussion_read"), Table("community_read"), Table("membership"), Table("watch"),
         Table("unreachable_mention"), Table("post"),
         Table("discussion").select(Discussion.columnNames.filter { $0 != "view_count" }.map { Column($0) })]
    }
}

/// A board page's key in `boardPageCache`.
struct BoardPageKey: Hashable, Sendable {
    let boardID: Int64
    let listedKey: String
    let filter: AnsweredFilter
    let page: Int
}

/// What `boardPageCache` keeps: a board page's discussions and how many the board lists in all.
struct BoardPageRead: Sendable {
    let discussions: [Discussion]
    let total: Int
}

/// A visibility condition for a list, with a key naming what it admits: two readers whose filters have the same key
/// see the same rows, so a list read for one may be given to the other. The SQL is built only when the list is read.
/// A nil key: the list is read every time (callers that pass raw SQL).
struct SQLFilter: Sendable {
    let key: String?
    private let make: @Sendable () -> SQL

    init(key: String?, _ make: @escaping @Sendable () -> SQL) {
        self.key = key
        self.make = make
    }

    var sql: SQL { make() }
}

/// The directory's cards in `directoryCache`: for one filter, and one answer of "may see it?" per community (in the
/// order of `allCommunities`), which is all the cards take from the visitor.
struct DirectoryCardsKey: Hashable, Sendable {
    let kind: Community.Kind?
    let status: Community.Status?
    let visible: [Bool]
}

/// What `directoryCache` keeps: the active and inactive trees of cards, and how many communities the filter matched.
struct DirectoryCards: Sendable {
    let active: [CommunityCard]
    let inactive: [CommunityCard]
    let count: Int
}
