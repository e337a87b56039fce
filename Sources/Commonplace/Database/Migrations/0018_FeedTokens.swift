import GRDB

/// Private feed addresses (issue 12): one secret token per member, of which only the SHA-256 is stored (like
/// sessions); and the indexes the "latest discussions" feeds read newest first (site, community, board).
enum Migration0018 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "feed_token") { t in
            t.primaryKey("user_id", .integer).references("user", onDelete: .cascade)
            t.column("token_hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("last_used_at", .datetime)
        }
        try db.create(index: "discussion_on_created", on: "discussion", columns: ["created_at"])
        try db.create(index: "discussion_on_community_created", on: "discussion", columns: ["community_id", "created_at"])
        try db.create(index: "discussion_on_board_created", on: "discussion", columns: ["board_id", "created_at"])
    }
}
