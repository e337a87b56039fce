import GRDB

/// Watching (issue 12): a member's level for a community, a board or a discussion. No row means Normal; the most
/// specific row wins (discussion over board over community). `watch_on_participate` on the account: starting or
/// replying to a discussion watches it, unless the member turned it off.
enum Migration0016 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "watch", options: .withoutRowID) { t in
            t.column("user_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("target_type", .text).notNull().check(sql: "target_type IN ('community','board','discussion')")
            t.column("target_id", .integer).notNull()
            t.column("level", .text).notNull().check(sql: "level IN ('watching','new_discussions','normal','muted')")
            t.column("updated_at", .datetime).notNull()
            t.primaryKey(["user_id", "target_type", "target_id"])
        }
        // Who hears of a new post: the rows of one discussion, board or community, by level.
        try db.create(index: "watch_on_target", on: "watch", columns: ["target_type", "target_id", "level"])
        try db.alter(table: "user") { t in
            t.add(column: "watch_on_participate", .boolean).notNull().defaults(to: true)
        }
        // The target is named by type and id (no foreign key can point at three tables): its rows go with it.
        try db.execute(sql: """
            CREATE TRIGGER watch_community_ad AFTER DELETE ON community BEGIN
                DELETE FROM watch WHERE target_type = 'community' AND target_id = old.id;
            END;
            CREATE TRIGGER watch_board_ad AFTER DELETE ON board BEGIN
                DELETE FROM watch WHERE target_type = 'board' AND target_id = old.id;
            END;
            CREATE TRIGGER watch_discussion_ad AFTER DELETE ON discussion BEGIN
                DELETE FROM watch WHERE target_type = 'discussion' AND target_id = old.id;
            END;
            """)
    }
}
