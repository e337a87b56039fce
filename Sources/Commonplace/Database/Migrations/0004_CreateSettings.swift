import GRDB

/// Server-wide settings, such as the secret that binds CSRF tokens to a visitor.
enum Migration0004 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
    }
}
