import GRDB

/// Communities of practice: the directory's entries.
enum Migration0003 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "community") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("slug", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.column("summary", .text).notNull()
            t.column("description", .text).notNull()
            t.column("visibility", .text).notNull()
                .check(sql: "visibility IN ('public', 'members')")
            t.column("join_policy", .text).notNull()
                .check(sql: "join_policy IN ('open', 'request', 'invite')")
            t.column("how_to_join", .text).notNull().defaults(to: "")
            t.column("status", .text).notNull().defaults(to: "active")
                .check(sql: "status IN ('active', 'inactive')")
            t.column("inactive_since", .text)
            t.column("steward", .text).notNull().defaults(to: "alliance")
                .check(sql: "steward IN ('alliance', 'partner')")
            t.column("partner_name", .text).notNull().defaults(to: "")
            t.column("meeting_rhythm", .text).notNull().defaults(to: "")
            t.column("founded", .text).notNull().defaults(to: "")
            t.column("type_exchange", .boolean).notNull().defaults(to: false)
            t.column("type_strategy", .boolean).notNull().defaults(to: false)
            t.column("type_change", .boolean).notNull().defaults(to: false)
            t.column("parent_id", .integer).indexed().references("community", onDelete: .setNull)
            t.column("position", .integer).notNull().defaults(to: 0)
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(index: "community_on_status_position", on: "community", columns: ["status", "position"])
    }
}
