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

    /// The bulk part, synchronous so that each transaction is one plain closure. Members go through a statement
    /// prepared once per transaction (`cachedStatement`); dates are written as GRDB stores them, formatted by
    /// arithmetic (GRDB formats each `Date` argument with a `DateFormatter`).
    func generate(writer: any DatabaseWriter, hash: String, random: inout Random, progress: (String) -> Void) throws {
        let start = 1_735_689_600  // 2025-01-01
        let startText = StoredDate.text(secondsSince1970: start)
        let boards = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT board.id, board.community_id FROM board JOIN community c ON c.id = board.community_id WHERE c.status = 'active'")
                .map { ($0["id"] as Int64, $0["community_id"] as Int64) }
        }
        var firstMember: Int64 = 0
        for batch in stride(from: 0, to: members, by: 10_000) {
            let end = min(batch + 10_000, members)
            try writer.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO user (handle, email, display_name, password_hash, created_at, updated_at, email_verified_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
                for n in batch..<end {
                    insert.setUncheckedArguments(["bench\(n)", "bench\(n)@members.example", "Bench Member \(n)", hash, startText, startText,
                                                  startText])
                    try insert.execute()
                    if n == 0 { firstMember = db.lastInsertedRowID }
                }
            }
            progress("members \(end)/\(members)")
        }
        let now = Date().databaseValue
        try writer.write { db in
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO membership (community_id, user_id, role, created_at) VALUES (?, ?, 'member', ?)")
            for (index, (_, community)) in boards.enumerated() {
                for offset in stride(from: index, to: members, by: 50) {
                    insert.setUncheckedArguments([community, firstMember + Int64(offset), now])
                    try insert.execute()
                }
            }
        }
        progress("memberships")

        try writeDiscussions(writer: writer, boards: boards, firstMember: firstMember, start: start, random: &random, progress: progress)
    }
}
