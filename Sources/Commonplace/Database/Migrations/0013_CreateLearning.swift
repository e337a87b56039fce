import GRDB

/// "All teach, all learn": helpful marks on posts and resources (with a counter on each post), members'
/// expertise (topics they can help with or want to learn, opting in to being suggested and as a mentor),
/// each community's shared vocabulary of topics, and requests to look at a question.
enum Migration0013 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "helpful_mark") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("post_id", .integer).references("post", onDelete: .cascade)
            t.column("resource_id", .integer).references("resource", onDelete: .cascade)
            t.column("created_at", .datetime).notNull()
            t.check(sql: "(post_id IS NULL) <> (resource_id IS NULL)")
            t.uniqueKey(["user_id", "post_id"])
            t.uniqueKey(["user_id", "resource_id"])
        }
        try db.create(index: "helpful_mark_on_post", on: "helpful_mark", columns: ["post_id"])
        try db.create(index: "helpful_mark_on_resource", on: "helpful_mark", columns: ["resource_id"])
        try db.alter(table: "post") { t in
            t.add(column: "helpful_count", .integer).notNull().defaults(to: 0)
        }

        try db.alter(table: "user") { t in
            // Opt-ins, both off until the member says otherwise.
            t.add(column: "suggestable", .boolean).notNull().defaults(to: false)
            t.add(column: "mentor", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "user_topic") { t in
            t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("kind", .text).notNull().check(sql: "kind IN ('help', 'learn')")
            t.column("topic", .text).notNull()
            t.primaryKey(["user_id", "kind", "topic"])
        }
        try db.create(index: "user_topic_on_topic", on: "user_topic", columns: ["kind", "topic"])
        try db.create(table: "community_topic") { t in
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("topic", .text).notNull()
            t.primaryKey(["community_id", "topic"])
        }

        try db.create(table: "help_request") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("discussion_id", .integer).notNull().references("discussion", onDelete: .cascade)
            t.column("requester_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("helper_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("message", .text).notNull().defaults(to: "")
            t.column("created_at", .datetime).notNull()
            t.column("seen_at", .datetime)
            // A member is asked to look at a question once, whoever asks.
            t.uniqueKey(["discussion_id", "helper_id"])
        }
        try db.create(index: "help_request_on_helper", on: "help_request", columns: ["helper_id", "created_at"])
        try db.create(index: "help_request_on_requester", on: "help_request", columns: ["requester_id", "created_at"])
    }
}
