import GRDB

/// Sign-up attempts per client address (issue 11): the sign-up form tells whether a handle or an email is taken, so
/// attempts are throttled per client like failed sign-ins (`SignInThrottle`), and pruned with them.
enum Migration0015 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "sign_up_attempt") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("client_address", .text).notNull()
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "sign_up_attempt_on_client", on: "sign_up_attempt", columns: ["client_address", "created_at"])
    }
}
