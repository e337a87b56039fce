import GRDB

/// Email (issue 13): the durable outbox, and whether a member's address is verified.
///
/// Every message is one `mail_outbox` row written in the same transaction as what causes it (a sign-up, a reset
/// request, the fan-out of a notification, a digest), unique per recipient address and `dedupe_key` (kind + object),
/// so the same email is never queued twice. The mail service delivers queued rows whose `next_attempt_at` has come,
/// asking the send-time questions again (may the recipient still see the target? read it already? active since?),
/// and records the outcome: `sent`, `failed` (a 5xx reply, or retries given up after 3 days), or `dropped` (with the
/// reason in `last_reply`). A row is never claimed: a message being sent when the process died is still `queued`
/// and is sent again after a restart.
enum Migration0019 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE mail_outbox (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              user_id INTEGER REFERENCES user(id) ON DELETE CASCADE,
              to_address TEXT NOT NULL,
              kind TEXT NOT NULL,
              dedupe_key TEXT NOT NULL,
              subject TEXT NOT NULL,
              text_body TEXT NOT NULL,
              html_body TEXT NOT NULL,
              thread_key TEXT,
              unsubscribe_url TEXT,
              community_id INTEGER,
              discussion_id INTEGER,
              post_id INTEGER,
              notification_id INTEGER,
              skip_if_active BOOLEAN NOT NULL DEFAULT 0,
              status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed','dropped')),
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at DATETIME NOT NULL,
              last_reply TEXT NOT NULL DEFAULT '',
              created_at DATETIME NOT NULL,
              sent_at DATETIME,
              UNIQUE (to_address, dedupe_key)
            );
            CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at) WHERE status = 'queued';
            CREATE INDEX mail_outbox_on_user ON mail_outbox(user_id, created_at);
            CREATE INDEX mail_outbox_by_status ON mail_outbox(status, created_at);
            ALTER TABLE user ADD COLUMN email_verified_at DATETIME;
            """)
    }
}
