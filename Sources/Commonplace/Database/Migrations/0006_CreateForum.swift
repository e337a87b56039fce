import GRDB

/// Boards, discussions, numbered posts and their revisions.
enum Migration0006 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "board") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("slug", .text).notNull()
            t.column("name", .text).notNull()
            t.column("description", .text).notNull().defaults(to: "")
            t.column("position", .integer).notNull()
            t.column("archived_at", .datetime)
            t.column("created_at", .datetime).notNull()
            t.uniqueKey(["community_id", "slug"])
        }
        try db.create(index: "board_on_community_position", on: "board", columns: ["community_id", "position"])
        try db.create(table: "discussion") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("board_id", .integer).notNull().references("board", onDelete: .cascade)
            t.column("kind", .text).notNull().check(sql: "kind IN ('question', 'lesson', 'conversation', 'announcement')")
            t.column("title", .text).notNull()
            t.column("author_id", .integer).references("user", onDelete: .setNull)
            t.column("created_at", .datetime).notNull()
            t.column("last_post_at", .datetime).notNull()
            t.column("last_poster_id", .integer).references("user", onDelete: .setNull)
            t.column("reply_count", .integer).notNull().defaults(to: 0)
            t.column("post_count", .integer).notNull().defaults(to: 0)
            t.column("view_count", .integer).notNull().defaults(to: 0)
            t.column("pinned", .boolean).notNull().defaults(to: false)
            t.column("locked_at", .datetime)
            t.column("lock_reason", .text).notNull().defaults(to: "")
            t.column("accepted_post_id", .integer)
            t.column("lesson_context", .text).notNull().defaults(to: "")
            t.column("lesson_context_html", .text).notNull().defaults(to: "")
            t.column("lesson_what_happened", .text).notNull().defaults(to: "")
            t.column("lesson_what_happened_html", .text).notNull().defaults(to: "")
            t.column("lesson_what_we_learned", .text).notNull().defaults(to: "")
            t.column("lesson_what_we_learned_html", .text).notNull().defaults(to: "")
            t.column("lesson_recommendation", .text).notNull().defaults(to: "")
            t.column("lesson_recommendation_html", .text).notNull().defaults(to: "")
        }
        // The board page: pinned first, then by last activity.
        try db.create(index: "discussion_on_board_activity", on: "discussion", columns: ["board_id", "pinned", "last_post_at"])
        try db.create(index: "discussion_on_community_activity", on: "discussion", columns: ["community_id", "last_post_at"])
        try db.create(index: "discussion_on_author", on: "discussion", columns: ["author_id"])
        // Recent activity across communities (the home page).
        try db.create(index: "discussion_on_last_post", on: "discussion", columns: ["last_post_at"])
        try db.create(table: "post") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("discussion_id", .integer).notNull().references("discussion", onDelete: .cascade)
            t.column("number", .integer).notNull()
            t.column("author_id", .integer).references("user", onDelete: .setNull)
            t.column("body_markdown", .text).notNull()
            t.column("body_html", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("edited_at", .datetime)
            t.column("revision_count", .integer).notNull().defaults(to: 0)
            t.column("deleted_at", .datetime)
            t.column("hidden_at", .datetime)
            t.column("hidden_by", .integer).references("user", onDelete: .setNull)
            t.column("hidden_reason", .text).notNull().defaults(to: "")
            t.uniqueKey(["discussion_id", "number"])
        }
        try db.create(index: "post_on_author", on: "post", columns: ["author_id", "created_at"])
        try db.create(table: "post_revision") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("post_id", .integer).notNull().references("post", onDelete: .cascade)
            t.column("editor_id", .integer).references("user", onDelete: .setNull)
            t.column("created_at", .datetime).notNull()
            t.column("title_before", .text)
            t.column("title_after", .text)
            t.column("body_before", .text).notNull()
            t.column("body_after", .text).notNull()
        }
        try db.create(index: "post_revision_on_post", on: "post_revision", columns: ["post_id", "created_at"])
    }
}
