import GRDB

/// Counts a community page shows, kept by triggers instead of counted on every view: a community's members
/// (5,000 index entries to count on a large community) and each board's listed discussions (neither held nor
/// hidden). Triggers keep them whichever write changes the rows: joins, leaves, merges, account deletions
/// (cascades fire triggers too), new, moved, held, hidden, restored and deleted discussions.
enum Migration0014 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "community") { t in
            t.add(column: "member_count", .integer).notNull().defaults(to: 0)
        }
        try db.alter(table: "board") { t in
            t.add(column: "listed_discussion_count", .integer).notNull().defaults(to: 0)
        }
        try db.execute(sql: """
            UPDATE community SET member_count = (SELECT COUNT(*) FROM membership WHERE membership.community_id = community.id);
            UPDATE board SET listed_discussion_count = (SELECT COUNT(*) FROM discussion WHERE discussion.board_id = board.id
                AND discussion.held_at IS NULL AND discussion.hidden_at IS NULL);

            CREATE TRIGGER membership_count_ai AFTER INSERT ON membership BEGIN
                UPDATE community SET member_count = member_count + 1 WHERE id = new.community_id;
            END;
            CREATE TRIGGER membership_count_ad AFTER DELETE ON membership BEGIN
                UPDATE community SET member_count = member_count - 1 WHERE id = old.community_id;
            END;
            CREATE TRIGGER membership_count_au AFTER UPDATE OF community_id ON membership BEGIN
                UPDATE community SET member_count = member_count - 1 WHERE id = old.community_id;
                UPDATE community SET member_count = member_count + 1 WHERE id = new.community_id;
            END;

            CREATE TRIGGER discussion_count_ai AFTER INSERT ON discussion
            WHEN new.held_at IS NULL AND new.hidden_at IS NULL BEGIN
                UPDATE board SET listed_discussion_count = listed_discussion_count + 1 WHERE id = new.board_id;
            END;
            CREATE TRIGGER discussion_count_ad AFTER DELETE ON discussion
            WHEN old.held_at IS NULL AND old.hidden_at IS NULL BEGIN
                UPDATE board SET listed_discussion_count = listed_discussion_count - 1 WHERE id = old.board_id;
            END;
            CREATE TRIGGER discussion_count_au AFTER UPDATE OF board_id, held_at, hidden_at ON discussion BEGIN
                UPDATE board SET listed_discussion_count = listed_discussion_count - 1
                    WHERE id = old.board_id AND old.held_at IS NULL AND old.hidden_at IS NULL;
                UPDATE board SET listed_discussion_count = listed_discussion_count + 1
                    WHERE id = new.board_id AND new.held_at IS NULL AND new.hidden_at IS NULL;
            END;
            """)
    }
}
