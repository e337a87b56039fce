import GRDB

/// Moderation and the life of a community: flags, held posts (the approval queue), hidden discussions,
/// silenced members, the moderation log, merged discussions and communities, and community settings
/// for all of these. The search triggers are recreated so held posts and hidden or held discussions
/// are never indexed, and moved or renumbered posts are re-indexed.
enum Migration0009 {
    /// A post's search document, for visible, approved posts of visible, approved discussions.
    static let documentSQL = """
        SELECT p.id, p.discussion_id, d.community_id, d.board_id, p.author_id, p.created_at,
               CASE WHEN p.number = 1 THEN d.title ELSE '' END,
               CASE WHEN p.number = 1 AND d.kind = 'lesson'
                    THEN p.body_markdown || char(10) || d.lesson_context || char(10) || d.lesson_what_happened
                         || char(10) || d.lesson_what_we_learned || char(10) || d.lesson_recommendation
                    ELSE p.body_markdown END
        FROM post p JOIN discussion d ON d.id = p.discussion_id
        """
    /// The condition a post must meet to be searchable.
    static let searchable = """
        p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL AND d.hidden_at IS NULL AND d.held_at IS NULL
        """

    static func migrate(_ db: Database) throws {
        try db.alter(table: "community") { t in
            t.add(column: "hold_first_posts", .integer).notNull().defaults(to: 0)
            t.add(column: "flag_hide_threshold", .integer).notNull().defaults(to: 3)
            t.add(column: "unanswered_after_days", .integer).notNull().defaults(to: 7)
            t.add(column: "archived_at", .datetime)
            t.add(column: "successor_id", .integer).references("community", onDelete: .setNull)
            t.add(column: "merged_into_id", .integer).references("community", onDelete: .setNull)
        }
        try db.alter(table: "membership") { t in
            t.add(column: "silenced_until", .datetime)
            t.add(column: "silence_reason", .text).notNull().defaults(to: "")
        }
        try db.alter(table: "post") { t in
            t.add(column: "held_at", .datetime)
        }
        try db.alter(table: "discussion") { t in
            t.add(column: "held_at", .datetime)
            t.add(column: "hidden_at", .datetime)
            t.add(column: "hidden_by", .integer).references("user", onDelete: .setNull)
            t.add(column: "hidden_reason", .text).notNull().defaults(to: "")
        }
        try db.execute(sql: """
            CREATE INDEX post_held ON post(discussion_id) WHERE held_at IS NOT NULL;
            CREATE INDEX discussion_held ON discussion(community_id) WHERE held_at IS NOT NULL;
            CREATE INDEX discussion_unanswered ON discussion(community_id, created_at)
              WHERE kind = 'question' AND accepted_post_id IS NULL;
            """)

        try db.create(table: "flag") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("discussion_id", .integer).notNull().references("discussion", onDelete: .cascade)
            t.column("post_id", .integer).references("post", onDelete: .cascade)
            t.column("flagger_id", .integer).notNull().references("user", onDelete: .cascade)
            t.column("reason", .text).notNull()
                .check(sql: "reason IN ('spam', 'off_topic', 'disrespectful', 'private_data', 'other')")
            t.column("note", .text).notNull().defaults(to: "")
            t.column("status", .text).notNull().defaults(to: "open")
                .check(sql: "status IN ('open', 'hidden', 'edited', 'dismissed')")
            t.column("resolution_note", .text).notNull().defaults(to: "")
            t.column("resolved_by", .integer).references("user", onDelete: .setNull)
            t.column("resolved_at", .datetime)
            t.column("created_at", .datetime).notNull()
        }
        try db.execute(sql: """
            CREATE INDEX flag_open_on_community ON flag(community_id, created_at) WHERE status = 'open';
            CREATE INDEX flag_on_flagger ON flag(flagger_id, created_at);
            CREATE INDEX flag_on_post ON flag(post_id);
            CREATE INDEX flag_on_discussion ON flag(discussion_id);
            CREATE UNIQUE INDEX flag_one_open_per_flagger ON flag(flagger_id, discussion_id, IFNULL(post_id, 0)) WHERE status = 'open';
            """)

        try db.create(table: "moderation_action") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("community_id", .integer).references("community", onDelete: .setNull)
            t.column("actor_id", .integer).references("user", onDelete: .setNull)
            t.column("action", .text).notNull()
            t.column("target_type", .text).notNull()
            t.column("target_id", .integer)
            t.column("target_label", .text).notNull().defaults(to: "")
            t.column("reason", .text).notNull().defaults(to: "")
            t.column("created_at", .datetime).notNull()
        }
        try db.create(index: "moderation_action_on_community", on: "moderation_action", columns: ["community_id", "created_at"])
        try db.create(index: "moderation_action_on_created", on: "moderation_action", columns: ["created_at"])

        // A merged discussion's old id answers with a redirect to the discussion it was merged into.
        try db.create(table: "discussion_redirect") { t in
            t.primaryKey("discussion_id", .integer)
            t.column("target_id", .integer).notNull().references("discussion", onDelete: .cascade)
        }
        try db.create(index: "discussion_redirect_on_target", on: "discussion_redirect", columns: ["target_id"])
        // A merged community's board slug answers with a redirect to the board's new place.
        try db.create(table: "board_redirect") { t in
            t.column("community_id", .integer).notNull().references("community", onDelete: .cascade)
            t.column("slug", .text).notNull()
            t.column("board_id", .integer).notNull().references("board", onDelete: .cascade)
            t.primaryKey(["community_id", "slug"])
        }

        try db.execute(sql: """
            DROP TRIGGER post_search_ai;
            DROP TRIGGER post_search_au;
            DROP TRIGGER discussion_search_text;
            CREATE TRIGGER post_search_ai AFTER INSERT ON post
            WHEN new.deleted_at IS NULL AND new.hidden_at IS NULL AND new.held_at IS NULL BEGIN
              INSERT INTO search_document \(documentSQL) WHERE p.id = new.id AND \(searchable);
            END;
            CREATE TRIGGER post_search_au AFTER UPDATE OF body_markdown, deleted_at, hidden_at, held_at, discussion_id, number ON post
            WHEN old.body_markdown IS NOT new.body_markdown OR old.deleted_at IS NOT new.deleted_at
              OR old.hidden_at IS NOT new.hidden_at OR old.held_at IS NOT new.held_at
              OR old.discussion_id IS NOT new.discussion_id OR old.number IS NOT new.number BEGIN
              DELETE FROM search_document WHERE post_id = old.id;
              INSERT INTO search_document \(documentSQL) WHERE p.id = new.id AND \(searchable);
            END;
            CREATE TRIGGER discussion_search_text AFTER UPDATE OF title, kind, lesson_context, lesson_what_happened,
                lesson_what_we_learned, lesson_recommendation ON discussion
            WHEN old.title IS NOT new.title OR old.kind IS NOT new.kind OR old.lesson_context IS NOT new.lesson_context
              OR old.lesson_what_happened IS NOT new.lesson_what_happened
              OR old.lesson_what_we_learned IS NOT new.lesson_what_we_learned
              OR old.lesson_recommendation IS NOT new.lesson_recommendation BEGIN
              DELETE FROM search_document WHERE post_id IN (SELECT id FROM post WHERE discussion_id = new.id AND number = 1);
              INSERT INTO search_document \(documentSQL) WHERE p.discussion_id = new.id AND p.number = 1 AND \(searchable);
            END;
            CREATE TRIGGER discussion_search_visibility AFTER UPDATE OF hidden_at, held_at ON discussion
            WHEN old.hidden_at IS NOT new.hidden_at OR old.held_at IS NOT new.held_at BEGIN
              DELETE FROM search_document WHERE discussion_id = new.id;
              INSERT INTO search_document \(documentSQL) WHERE p.discussion_id = new.id AND \(searchable);
            END;
            """)
    }
}
