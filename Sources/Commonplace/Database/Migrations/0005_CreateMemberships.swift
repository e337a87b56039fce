import GRDB

/// Membership of communities (member or moderator), join requests with screening questions, invitations,
/// and account suspension (which the Guardian already honours).
enum Migration0005 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "user") { t in
            t.add(column: "suspended_until", .datetime)
            t.add(column: "suspension_reason", .text).notNull().defaults(to: "")
        }
        try db.create(table: "membership") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("role", .text).notNull().check(sql: "role IN ('member', 'moderator')")
            t.column("created_at", .datetime).notNull()
            t.uniqueKey(["community_id", "user_id"])
        }
        try db.create(index: "membership_on_user", on: "membership", columns: ["user_id"])
        try db.create(table: "join_question") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("position", .integer).notNull()
            t.column("text", .text).notNull()
            t.uniqueKey(["community_id", "position"])
        }
        try db.create(table: "join_request") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("message", .text).notNull()
            t.column("answers", .text).notNull().defaults(to: "[]")
            t.column("status", .text).notNull().check(sql: "status IN ('pending', 'approved', 'declined', 'withdrawn')")
            t.column("reason", .text).notNull().defaults(to: "")
            t.column("decided_by", .integer).references("user", onDelete: .setNull)
            t.column("decided_at", .datetime)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "join_request_on_community_status", on: "join_request", columns: ["community_id", "status", "created_at"])
        try db.create(index: "join_request_on_user", on: "join_request", columns: ["user_id", "community_id"])
        try db.execute(sql: """
            CREATE UNIQUE INDEX join_request_one_pending ON join_request(community_id, user_id) WHERE status = 'pending'
            """)
        try db.create(table: "invitation") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("invited_by", .integer).references("user", onDelete: .setNull)
            t.column("invitee_user_id", .integer).references("user", onDelete: .cascade)
            t.column("invitee_email", .text).notNull().defaults(to: "")
            t.column("token_hash", .text).notNull().unique()
            t.column("created_at", .datetime).notNull()
            t.column("expires_at", .datetime).notNull()
            t.column("used_at", .datetime)
            t.column("used_by", .integer).references("user", onDelete: .setNull)
        }
        try db.create(index: "invitation_on_community", on: "invitation", columns: ["community_id", "created_at"])
        try db.create(index: "invitation_on_invitee", on: "invitation", columns: ["invitee_user_id"])
    }
}
