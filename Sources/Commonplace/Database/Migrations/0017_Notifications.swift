import GRDB

/// Events and notifications (issue 12): the application records one `event` row in the same transaction as what
/// caused it (a post, an accepted answer, a decided join request …); the fan-out worker turns each pending event into
/// `notification` rows for its recipients and marks it done in the transaction of its last rows. A notification is
/// unique per recipient and `dedupe_key` (one per post however many reasons apply), so a retried batch cannot
/// duplicate. `notification_preference` holds the kinds a member turned off (no row: on); `unreachable_mention` the
/// members a post mentioned who could not see it (its author is told under the post).
enum Migration0017 {
    static func migrate(_ db: Database) throws {
        // A log of facts, kept after fan-out (the mail of part 2 builds on it): no foreign keys, so deleting or
        // merging what an event was about never loses or blocks it; the worker finds the rows gone and notifies no one.
        try db.execute(sql: """
            CREATE TABLE event (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL,
              actor_id INTEGER,
              community_id INTEGER,
              board_id INTEGER,
              discussion_id INTEGER,
              post_id INTEGER,
              subject_id INTEGER,
              detail TEXT NOT NULL DEFAULT '',
              created_at DATETIME NOT NULL,
              fanned_out_at DATETIME
            );
            CREATE INDEX event_pending ON event(id) WHERE fanned_out_at IS NULL;

            CREATE TABLE notification (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              kind TEXT NOT NULL,
              dedupe_key TEXT NOT NULL,
              event_id INTEGER,
              actor_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
              community_id INTEGER NOT NULL REFERENCES community(id) ON DELETE CASCADE,
              discussion_id INTEGER REFERENCES discussion(id) ON DELETE CASCADE,
              post_id INTEGER REFERENCES post(id) ON DELETE CASCADE,
              detail TEXT NOT NULL DEFAULT '',
              count INTEGER NOT NULL DEFAULT 1,
              created_at DATETIME NOT NULL,
              read_at DATETIME,
              UNIQUE (user_id, dedupe_key)
            );
            CREATE INDEX notification_unread ON notification(user_id, discussion_id) WHERE read_at IS NULL;
            CREATE INDEX notification_on_user ON notification(user_id, created_at);
            CREATE INDEX notification_on_discussion ON notification(discussion_id);
            CREATE INDEX notification_on_post ON notification(post_id);
            CREATE INDEX notification_on_actor ON notification(actor_id);
            CREATE INDEX notification_on_community ON notification(community_id);

            CREATE TABLE notification_preference (
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              kind TEXT NOT NULL,
              enabled BOOLEAN NOT NULL,
              PRIMARY KEY (user_id, kind)
            ) WITHOUT ROWID;

            CREATE TABLE unreachable_mention (
              post_id INTEGER NOT NULL REFERENCES post(id) ON DELETE CASCADE,
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              created_at DATETIME NOT NULL,
              PRIMARY KEY (post_id, user_id)
            ) WITHOUT ROWID;
            CREATE INDEX unreachable_mention_on_user ON unreachable_mention(user_id);
            """)
    }
}
