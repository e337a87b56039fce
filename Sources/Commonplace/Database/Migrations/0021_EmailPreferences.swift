import GRDB

/// Email preferences (issue 13, notification emails and digests).
///
/// - `email_preference`: per member and notification kind, how it reaches them by email (`immediately`, `digest`,
///   `never`); no row: the kind's default (`NotificationKind.defaultEmailMode`).
/// - `email_setting`: per member, the digest's frequency (`daily`, `weekly`, `off`), local hour, weekday (1 Sunday …
///   7 Saturday) and time zone (IANA; NULL: the site's default); no row: weekly, Monday 08:00, the site's zone.
/// - `digest_schedule`: the digest service's bookkeeping per member: when the last digest was composed (the next one
///   covers what came after) and when the next is due (NULL: to be worked out again, after a change of settings).
/// - `digest_item`: every item a member's digests already contained (`discussion:12`, `accepted:34`, `resource:5`,
///   `notification:77`), so no item goes in two digests.
/// - Indexes for the fan-out's "already emailed?" (`mail_outbox.notification_id`) and the digest's accepted answers
///   (`event(kind, created_at)`).
enum Migration0021 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE email_preference (
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              kind TEXT NOT NULL,
              mode TEXT NOT NULL CHECK (mode IN ('immediately','digest','never')),
              PRIMARY KEY (user_id, kind)
            ) WITHOUT ROWID;

            CREATE TABLE email_setting (
              user_id INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
              digest_frequency TEXT NOT NULL DEFAULT 'weekly' CHECK (digest_frequency IN ('daily','weekly','off')),
              digest_hour INTEGER NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
              digest_weekday INTEGER NOT NULL DEFAULT 2 CHECK (digest_weekday BETWEEN 1 AND 7),
              time_zone TEXT,
              updated_at DATETIME NOT NULL
            );

            CREATE TABLE digest_schedule (
              user_id INTEGER PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
              last_digest_at DATETIME NOT NULL,
              next_digest_at DATETIME
            );
            CREATE INDEX digest_schedule_due ON digest_schedule(next_digest_at);

            CREATE TABLE digest_item (
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              item TEXT NOT NULL,
              digest TEXT NOT NULL,
              created_at DATETIME NOT NULL,
              PRIMARY KEY (user_id, item)
            ) WITHOUT ROWID;

            CREATE INDEX mail_outbox_on_notification ON mail_outbox(notification_id) WHERE notification_id IS NOT NULL;
            -- A digest reads the answers accepted since the member's last one from the event log.
            CREATE INDEX event_on_kind_time ON event(kind, created_at);
            """)
    }
}
