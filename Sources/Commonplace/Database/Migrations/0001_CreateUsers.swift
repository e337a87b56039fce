import GRDB

/// Accounts: handle, email, argon2id PHC hash, profile fields.
enum Migration0001 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "user") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("handle", .text).notNull().unique()
            t.column("email", .text).notNull().unique()
            t.column("display_name", .text).notNull()
            t.column("password_hash", .text).notNull()
            t.column("organisation", .text).notNull().defaults(to: "")
            t.column("role_title", .text).notNull().defaults(to: "")
            t.column("bio", .text).notNull().defaults(to: "")
            t.column("is_admin", .boolean).notNull().defaults(to: false)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
    }
}
