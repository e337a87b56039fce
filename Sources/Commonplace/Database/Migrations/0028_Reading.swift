import GRDB

/// What each member has read (issue 15, unread tracking).
///
/// - `discussion_read`: per member and discussion, the number of the last post they have seen. Written in batches
///   after page views (`ReadMarks`), at most one row per member and discussion, never for anonymous visitors.
/// - `community_read`: when a member last marked everything in a community read; discussions with nothing newer
///   than that count as read.
enum Migration0028 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE discussion_read (
                user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                discussion_id INTEGER NOT NULL REFERENCES discussion(id) ON DELETE CASCADE,
                last_read_number INTEGER NOT NULL,
                PRIMARY KEY (user_id, discussion_id)
            ) WITHOUT ROWID;
            CREATE INDEX discussion_read_discussion ON discussion_read(discussion_id);
            CREATE TABLE community_read (
                user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                community_id INTEGER NOT NULL REFERENCES community(id) ON DELETE CASCADE,
                read_at DATETIME NOT NULL,
                PRIMARY KEY (user_id, community_id)
            ) WITHOUT ROWID;
            CREATE INDEX community_read_community ON community_read(community_id);
            """)
    }
}
