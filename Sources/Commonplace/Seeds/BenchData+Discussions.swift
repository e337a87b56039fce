import Foundation
import GRDB

/// The discussions and posts of `BenchData`, 1,000 discussions per transaction. Each batch is drawn in memory, staged
/// in TEMP tables, and copied into `discussion` and `post` by one `INSERT … SELECT` each, so the application's
/// triggers fill `search_document` and the FTS5 indexes row by row exactly as for single inserts.
///
/// Why not one INSERT per post: inside a transaction, every statement that fires triggers opens a statement
/// savepoint, and FTS5 (3.40) flushes its pending terms to a new segment at each savepoint. One INSERT per post
/// therefore wrote a one-document segment per post into each index, and automerge spent most of the run merging
/// them again (two thirds of the time per post; the rows themselves cost a tenth of it). One statement per batch
/// lets FTS5 buffer terms as it does for any bulk load (flushing by size), and the rows and indexed terms are the
/// same; only the index's segments are fewer and larger.
extension BenchData {
    /// One discussion of a batch, as it will be inserted (dates already in GRDB's stored form).
    struct BenchDiscussion {
        var id: Int64, community: Int64, board: Int64, kind: String, title: String, author: Int64
        var createdAt: String, lastPostAt: String, replies: Int
    }

    /// One post of a batch.
    struct BenchPost {
        var discussion: Int64, number: Int, author: Int64, markdown: String, html: String, createdAt: String
    }

    /// A batch: its discussions, their posts in order, and the questions whose second post is accepted.
    struct DiscussionBatch {
        var discussions: [BenchDiscussion] = []
        var posts: [BenchPost] = []
        var accepted: [Int64] = []
    }

    /// Draws batches with the same random draws, in the same order, as writing one discussion at a time did,
    /// so a seed gives the same forum.
    struct DiscussionGenerator {
        static let kinds: [Discussion.Kind] = [.question, .question, .question, .conversation, .lesson, .announcement]
        let boards: [(id: Int64, community: Int64)]
        let firstMember: Int64, members: Int, posts: Int, postsPerDiscussion: Int, start: Int
        var random: Random
        var nextID: Int64
        var written = 0
        var discussionIndex = 0

        mutating func next(discussions count: Int) -> DiscussionBatch? {
            guard written < posts else { return nil }
            var batch = DiscussionBatch()
            for _ in 0..<count where written < posts {
                let (board, community) = boards[discussionIndex % boards.count]
                let created = start + discussionIndex * 600
                let kind = Self.kinds[discussionIndex % Self.kinds.count]
                let author = firstMember + Int64(Int.random(in: 0..<members, using: &random))
                let title = BenchData.text(words: 7, random: &random).capitalized
                let replies = min(posts - written - 1, Int.random(in: 0...(2 * postsPerDiscussion - 2), using: &random))
                let id = nextID
                let createdText = StoredDate.text(secondsSince1970: created)
                batch.discussions.append(BenchDiscussion(
                    id: id, community: community, board: board, kind: kind.rawValue, title: String(title.prefix(150)), author: author,
                    createdAt: createdText, lastPostAt: StoredDate.text(secondsSince1970: created + replies * 60), replies: replies))
                for number in 1...(replies + 1) {
                    let body = BenchData.text(words: Int.random(in: 20...80, using: &random), random: &random)
                    let poster = number == 1 ? author : firstMember + Int64(Int.random(in: 0..<members, using: &random))
                    batch.posts.append(BenchPost(
                        discussion: id, number: number, author: poster, markdown: body, html: Markdown.render(body).html,
                        createdAt: number == 1 ? createdText : StoredDate.text(secondsSince1970: created + (number - 1) * 60)))
                }
                if kind == .question, replies > 0, Int.random(in: 0..<2, using: &random) == 0 { batch.accepted.append(id) }
                written += replies + 1
                discussionIndex += 1
                nextID += 1
            }
            return batch
        }
    }

    func writeDiscussions(writer: any DatabaseWriter, boards: [(Int64, Int64)], firstMember: Int64, start: Int,
                          random: inout Random, progress: (String) -> Void) throws {
        // The ids AUTOINCREMENT would give, written explicitly so that posts can name their discussion.
        let firstID = try writer.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'discussion'), 0),
                           COALESCE((SELECT max(id) FROM discussion), 0)) + 1
                """)!
        }
        var generator = DiscussionGenerator(
            boards: boards.map { (id: $0.0, community: $0.1) }, firstMember: firstMember, members: members, posts: posts,
            postsPerDiscussion: max(1, posts / discussions), start: start, random: random, nextID: firstID)
        try writer.writeWithoutTransaction { db in try db.execute(sql: Self.stagingSQL) }
        let started = Date()
        while let batch = generator.next(discussions: 1_000) {
            try writer.write { db in try Self.write(batch, db) }
            let rate = Double(generator.written) / max(0.001, Date().timeIntervalSince(started))
            progress("posts \(generator.written)/\(posts), discussions \(generator.discussionIndex) (\(Int(rate)) posts/s)")
        }
        random = generator.random
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TABLE temp.bench_discussion; DROP TABLE temp.bench_post; DROP TABLE temp.bench_accepted")
        }
    }

    /// TEMP tables (this connection only, no triggers) holding one batch.
    static let stagingSQL = """
        CREATE TEMP TABLE bench_discussion (id INTEGER PRIMARY KEY, community_id, board_id, kind, title, author_id,
          created_at, last_post_at, reply_count);
        CREATE TEMP TABLE bench_post (n INTEGER PRIMARY KEY, discussion_id, number, author_id, body_markdown, body_html, created_at);
        CREATE TEMP TABLE bench_accepted (discussion_id INTEGER PRIMARY KEY);
        """

    /// Stages `batch`, then copies it into the application's tables in order: discussions, posts, accepted answers.
    static func write(_ batch: DiscussionBatch, _ db: Database) throws {
        let discussion = try db.cachedStatement(sql: "INSERT INTO temp.bench_discussion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for d in batch.discussions {
            discussion.setUncheckedArguments([d.id, d.community, d.board, d.kind, d.title, d.author, d.createdAt, d.lastPostAt, d.replies])
            try discussion.execute()
        }
        let post = try db.cachedStatement(sql: "INSERT INTO temp.bench_post VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (n, p) in batch.posts.enumerated() {
            post.setUncheckedArguments([n, p.discussion, p.number, p.author, p.markdown, p.html, p.createdAt])
            try post.execute()
        }
        let accepted = try db.cachedStatement(sql: "INSERT INTO temp.bench_accepted VALUES (?)")
        for id in batch.accepted {
            accepted.setUncheckedArguments([id])
            try accepted.execute()
        }
        try db.cachedStatement(sql: """
            INSERT INTO discussion (id, community_id, board_id, kind, title, author_id, created_at, last_post_at,
              last_poster_id, reply_count, post_count)
            SELECT id, community_id, board_id, kind, title, author_id, created_at, last_post_at, author_id, reply_count, reply_count + 1
            FROM temp.bench_discussion ORDER BY id
            """).execute()
        try db.cachedStatement(sql: """
            INSERT INTO post (discussion_id, number, author_id, body_markdown, body_html, created_at)
            SELECT discussion_id, number, author_id, body_markdown, body_html, created_at FROM temp.bench_post ORDER BY n
            """).execute()
        guard db.changesCount == batch.posts.count else { throw DatabaseError(message: "bench-data: posts were not all inserted") }
        try db.cachedStatement(sql: """
            UPDATE discussion SET accepted_post_id = (SELECT id FROM post WHERE discussion_id = discussion.id AND number = 2)
            WHERE id IN (SELECT discussion_id FROM temp.bench_accepted)
            """).execute()
        try db.execute(sql: "DELETE FROM temp.bench_discussion; DELETE FROM temp.bench_post; DELETE FROM temp.bench_accepted")
    }
}
