import Foundation
import GRDB

/// Fills a database with a large, deterministic forum for benchmarks: the demo communities and members,
/// then `members` more accounts and `discussions` discussions with `posts` posts in all, written through
/// the same tables and triggers as the application (so the search index is the same), in large transactions.
public struct BenchData {
    public var members = 50_000
    public var discussions = 100_000
    public var posts = 1_000_000
    public var seed: UInt64 = 2026

    public init() {}

    /// Words by how often they appear: common ones in most posts, rare ones in a few dozen.
    static let common = ["clinic", "team", "staff", "community", "members", "process", "client", "work", "data", "health"]
    static let medium = ["phishing", "reconciliation", "immunization", "referral", "consent", "disclosure", "audit", "outreach",
                         "privacy", "encryption", "budget", "screening", "template", "workflow", "training", "volunteer",
                         "funding", "report", "policy", "schedule", "housing", "transport", "interpreter", "vaccine"]
    static let acronyms = ["PHI", "EMR", "IAW", "AI", "GL", "FOI", "MFA", "DMC", "OHT", "SDOH"]
    static let filler = ["the", "we", "our", "a", "to", "and", "of", "in", "for", "with", "is", "was", "this", "that", "it",
                         "new", "last", "year", "month", "meeting", "question", "update", "plan", "idea", "support", "share",
                         "learned", "found", "tried", "changed", "needed", "asked", "review", "group", "region", "centre"]

    /// A deterministic generator (SplitMix64), so every run builds the same database.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A sentence-like text of `words` words; one post in a thousand carries a rare term `rareNNNN`.
    static func text(words count: Int, random: inout Random) -> String {
        var words: [String] = []
        for _ in 0..<count {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < 12 { words.append(common.randomElement(using: &random)!) }
            else if roll < 16 { words.append(medium.randomElement(using: &random)!) }
            else if roll < 17 { words.append(acronyms.randomElement(using: &random)!) }
            else { words.append(filler.randomElement(using: &random)!) }
        }
        if Int.random(in: 0..<1000, using: &random) == 0 { words.append("rare\(Int.random(in: 0..<500, using: &random))") }
        return words.joined(separator: " ") + "."
    }

    /// Generates the data, reporting progress.
    public func run(database: AppDatabase, progress: (String) -> Void) async throws {
        var random = Random(state: seed)
        let hasher = try PasswordHasher(parameters: .minimum)
        _ = try await DemoSeeder(database: database, hasher: hasher).run { _ in }
        let hash = try await hasher.hash(DemoSeeder.generatePassword())
        try generate(writer: database.writer, hash: hash, random: &random, progress: progress)
    }

    /// The bulk part, synchronous so that each transaction is one plain closure.
    func generate(writer: any DatabaseWriter, hash: String, random: inout Random, progress: (String) -> Void) throws {
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        let boards = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT board.id, board.community_id FROM board JOIN community c ON c.id = board.community_id WHERE c.status = 'active'")
                .map { ($0["id"] as Int64, $0["community_id"] as Int64) }
        }
        var firstMember: Int64 = 0
        for batch in stride(from: 0, to: members, by: 10_000) {
            let end = min(batch + 10_000, members)
            try writer.write { db in
                for n in batch..<end {
                    try db.execute(sql: """
                        INSERT INTO user (handle, email, display_name, password_hash, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: ["bench\(n)", "bench\(n)@members.example", "Bench Member \(n)", hash, start, start])
                    if n == 0 { firstMember = db.lastInsertedRowID }
                }
            }
            progress("members \(end)/\(members)")
        }
        let now = Date()
        try writer.write { db in
            for (index, (_, community)) in boards.enumerated() {
                for offset in stride(from: index, to: members, by: 50) {
                    try db.execute(sql: "INSERT OR IGNORE INTO membership (community_id, user_id, role, created_at) VALUES (?, ?, 'member', ?)",
                                   arguments: [community, firstMember + Int64(offset), now])
                }
            }
        }
        progress("memberships")

        let postsPerDiscussion = max(1, posts / discussions)
        let kinds: [Discussion.Kind] = [.question, .question, .question, .conversation, .lesson, .announcement]
        var written = 0
        var discussionIndex = 0
        let started = Date()
        while written < posts {
            try writer.write { db in
                for _ in 0..<1_000 where written < posts {
                    let (board, community) = boards[discussionIndex % boards.count]
                    let created = start.addingTimeInterval(Double(discussionIndex) * 600)
                    let kind = kinds[discussionIndex % kinds.count]
                    let author = firstMember + Int64(Int.random(in: 0..<members, using: &random))
                    let title = Self.text(words: 7, random: &random).capitalized
                    let replies = min(posts - written - 1, Int.random(in: 0...(2 * postsPerDiscussion - 2), using: &random))
                    try db.execute(sql: """
                        INSERT INTO discussion (community_id, board_id, kind, title, author_id, created_at, last_post_at,
                          last_poster_id, reply_count, post_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [community, board, kind.rawValue, String(title.prefix(150)), author, created,
                                         created.addingTimeInterval(Double(replies) * 60), author, replies, replies + 1])
                    let discussionID = db.lastInsertedRowID
                    for number in 1...(replies + 1) {
                        let body = Self.text(words: Int.random(in: 20...80, using: &random), random: &random)
                        let poster = number == 1 ? author : firstMember + Int64(Int.random(in: 0..<members, using: &random))
                        try db.execute(sql: """
                            INSERT INTO post (discussion_id, number, author_id, body_markdown, body_html, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)
                            """, arguments: [discussionID, number, poster, body, Markdown.render(body).html,
                                             created.addingTimeInterval(Double(number - 1) * 60)])
                    }
                    if kind == .question, replies > 0, Int.random(in: 0..<2, using: &random) == 0 {
                        try db.execute(sql: "UPDATE discussion SET accepted_post_id = (SELECT id FROM post WHERE discussion_id = ? AND number = 2) WHERE id = ?",
                                       arguments: [discussionID, discussionID])
                    }
                    written += replies + 1
                    discussionIndex += 1
                }
            }
            let rate = Double(written) / max(0.001, Date().timeIntervalSince(started))
            progress("posts \(written)/\(posts), discussions \(discussionIndex) (\(Int(rate)) posts/s)")
        }
    }
}
