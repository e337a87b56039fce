import Foundation
import GRDB

/// The reader's own rows behind a discussion page: their read mark and community baseline (`UnreadState`), the
/// notices under their posts of the page, and their watch levels.
public struct ThreadViewerRows: Sendable {
    public var readMark: Int?
    public var baseline: Date?
    public var unreachable: [Int64: [String]]
    public var watch: WatchState
}

extension AppDatabase {
    /// The reader's rows behind a page of posts, in the caller's snapshot: their helpful marks on the page (one range
    /// of the (user_id, post_id) index, kept if on the page: no list of ids to build and parse) and `ThreadViewerRows`.
    static func readerRows(_ db: Database, reader: Int64, page: ThreadPageRead) throws -> (marked: Set<Int64>, viewer: ThreadViewerRows) {
        let discussion = page.discussion
        var marked: Set<Int64> = []
        if let range = page.idRange {
            let onPage = try Int64.fetchAll(db, cached: "SELECT post_id FROM helpful_mark WHERE user_id = ? AND post_id BETWEEN ? AND ?",
                                            [reader, range.lowerBound, range.upperBound])
            marked = Set(onPage.lazy.filter { page.postIDs.contains($0) })
        }
        let own = page.posts.filter { $0.post.authorId == reader }.compactMap(\.post.id)
        let viewer = ThreadViewerRows(
            readMark: try readMarks(db, userID: reader, discussionIDs: [discussion.id!])[discussion.id!],
            baseline: try readingBaselines(db, userID: reader, communityIDs: [discussion.communityId])[discussion.communityId],
            unreachable: try unreachableMentions(db, postIDs: own),
            watch: try watchState(db, userID: reader, communityID: discussion.communityId, boardID: discussion.boardId,
                                  discussionID: discussion.id!))
        return (marked, viewer)
    }
}
