import GRDB

/// Server-side sessions (only the SHA-256 of each token is stored) and failed sign-in attempts.
enum Migration0002 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "session") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("user_id", .integer).notNull().indexed().references("user", onDelete: .cascade)
            t.column("token_hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("last_seen_at", .datetime).notNull()
            t.column("expires_at", .datetime).notNull()
            t.column("user_agent", .text).notNull().defaults(to: "")
            t.column("client_address", .text).notNull().defaults(to: "")
        }
        try db.create(table: "sign_in_failure") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("account_key", .text).notNull()
            t.column("client_address", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "sign_in_failure_on_account", on: "sign_in_failure", columns: ["account_key", "created_at"])
        try db.create(index: "sign_in_failure_on_client", on: "sign_in_failure", columns: ["client_address", "created_at"])
    }
}
