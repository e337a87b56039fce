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
    /// The reader's rows behind a page of posts, in the caller's snapshot, in three cached statements whatever the
    /// page: their helpful marks on the page and the mention notices under their posts (each one range of a primary
    /// key over the page's post ids, kept if on the page: no list of ids to build and parse), and their read mark,
    /// community baseline and watch levels in one row of primary-key lookups.
    static func readerRows(_ db: Database, reader: Int64, page: ThreadPageRead) throws -> (marked: Set<Int64>, viewer: ThreadViewerRows) {
        let discussion = page.discussion
        var marked: Set<Int64> = []
        var unreachable: [Int64: [String]] = [:]
        if let range = page.idRange {
            let onPage = try Int64.fetchAll(db, cached: "SELECT post_id FROM helpful_mark WHERE user_id = ? AND post_id BETWEEN ? AND ?",
                                            [reader, range.lowerBound, range.upperBound])
            marked = Set(onPage.lazy.filter { page.postIDs.contains($0) })
            if page.posts.contains(where: { $0.post.authorId == reader }) {
                let own = Set(page.posts.lazy.filter { $0.post.authorId == reader }.compactMap(\.post.id))
                let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT um.post_id, u.handle FROM unreachable_mention um JOIN user u ON u.id = um.user_id
                    WHERE um.post_id BETWEEN ? AND ? ORDER BY um.post_id, u.handle
                    """), arguments: [range.lowerBound, range.upperBound])
                while let row = try rows.next() {
                    let postID: Int64 = row[0]
                    if own.contains(postID) { unreachable[postID, default: []].append(row[1]) }
                }
            }
        }
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT (SELECT last_read_number FROM discussion_read WHERE user_id = ?1 AND discussion_id = ?2),
                   (SELECT created_at FROM membership WHERE community_id = ?3 AND user_id = ?1),
                   (SELECT read_at FROM community_read WHERE community_id = ?3 AND user_id = ?1),
                   (SELECT level FROM watch WHERE user_id = ?1 AND target_type = 'discussion' AND target_id = ?2),
                   (SELECT level FROM watch WHERE user_id = ?1 AND target_type = 'board' AND target_id = ?4),
                   (SELECT level FROM watch WHERE user_id = ?1 AND target_type = 'community' AND target_id = ?3)
            """), arguments: [reader, discussion.id!, discussion.communityId, discussion.boardId])!
        // The baseline as `readingBaselines` has it: the later of joining and "mark all read".
        let baseline = [try row.storedDateIfPresent(atIndex: 1), try row.storedDateIfPresent(atIndex: 2)].compactMap { $0 }.max()
        let level = { (index: Int) -> Watch.Level? in (row[index] as String?).flatMap(Watch.Level.init(rawValue:)) }
        let viewer = ThreadViewerRows(
            readMark: row[0], baseline: baseline, unreachable: unreachable,
            watch: WatchState(discussion: level(3), board: level(4), community: level(5)))
        return (marked, viewer)
    }
}
