import GRDB

/// Meetings (issue 14): a community's events, single or repeating, with their materialised occurrences, RSVPs, the
/// guest-speaker Q&A, and the record kept afterwards. Table names avoid `event` (the notification events' log).
///
/// - `meeting`: one event or one series (its recurrence: `repeat`, `interval`, `until_date` or `count`), its times as
///   local wall-clock values in `time_zone`; `sequence` is raised on every change (iCalendar SEQUENCE);
///   `split_from_id` names the series this one continues after an "edit from this date on".
/// - `meeting_occurrence`: one row per date of the series (at most `MeetingSchedule.maxOccurrences`), keyed by
///   `local_date` (the original date in the event's zone: `?on=` and iCalendar RECURRENCE-ID); `starts_at`/`ends_at`
///   are the effective UTC instants (after any override); override columns are NULL for "as the series".
/// - `meeting_rsvp`: a member's answer per occurrence; `waitlisted` for "going" beyond capacity, in `responded_at` order.
/// - `meeting_question`, `meeting_question_vote`: the guest-speaker Q&A of an occurrence.
/// - `meeting_action_item`, `meeting_resource`: the record of an occurrence (besides its notes and recording).
/// - `user.time_zone`: the zone a member reads times in (NULL: the site's default).
enum Migration0022 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meeting (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              community_id INTEGER NOT NULL REFERENCES community(id) ON DELETE CASCADE,
              author_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
              title TEXT NOT NULL,
              kind TEXT NOT NULL CHECK (kind IN ('meeting','drop_in','qa','working_group','public_event')),
              description TEXT NOT NULL DEFAULT '',
              description_html TEXT NOT NULL DEFAULT '',
              audience TEXT NOT NULL DEFAULT 'members' CHECK (audience IN ('members','public')),
              time_zone TEXT NOT NULL,
              start_date TEXT NOT NULL,
              start_time TEXT NOT NULL,
              end_time TEXT NOT NULL,
              link TEXT NOT NULL DEFAULT '',
              place TEXT NOT NULL DEFAULT '',
              capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
              "repeat" TEXT NOT NULL DEFAULT 'none'
                CHECK ("repeat" IN ('none','weekly','monthly_day','monthly_weekday','monthly_last_weekday')),
              "interval" INTEGER NOT NULL DEFAULT 1 CHECK ("interval" >= 1),
              until_date TEXT,
              "count" INTEGER CHECK ("count" IS NULL OR "count" >= 1),
              allows_anonymous_questions BOOLEAN NOT NULL DEFAULT 0,
              sequence INTEGER NOT NULL DEFAULT 0,
              split_from_id INTEGER REFERENCES meeting(id) ON DELETE SET NULL,
              created_at DATETIME NOT NULL,
              updated_at DATETIME NOT NULL,
              cancelled_at DATETIME,
              cancel_reason TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX meeting_on_community ON meeting(community_id);
            CREATE INDEX meeting_on_author ON meeting(author_id);
            CREATE INDEX meeting_on_split_from ON meeting(split_from_id);

            CREATE TABLE meeting_occurrence (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
              local_date TEXT NOT NULL,
              starts_at DATETIME NOT NULL,
              ends_at DATETIME NOT NULL,
              title TEXT,
              moved_to_date TEXT,
              start_time TEXT,
              end_time TEXT,
              link TEXT,
              place TEXT,
              is_modified BOOLEAN NOT NULL DEFAULT 0,
              sequence INTEGER NOT NULL DEFAULT 0,
              cancelled_at DATETIME,
              cancel_reason TEXT NOT NULL DEFAULT '',
              notes TEXT NOT NULL DEFAULT '',
              notes_html TEXT NOT NULL DEFAULT '',
              recording_url TEXT NOT NULL DEFAULT '',
              discussion_id INTEGER REFERENCES discussion(id) ON DELETE SET NULL,
              record_updated_at DATETIME,
              UNIQUE (meeting_id, local_date),
              CHECK (ends_at > starts_at)
            );
            CREATE INDEX meeting_occurrence_on_starts ON meeting_occurrence(starts_at);
            CREATE INDEX meeting_occurrence_on_discussion ON meeting_occurrence(discussion_id);

            CREATE TABLE meeting_rsvp (
              occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrence(id) ON DELETE CASCADE,
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              response TEXT NOT NULL CHECK (response IN ('going','maybe','not_going')),
              waitlisted BOOLEAN NOT NULL DEFAULT 0,
              responded_at DATETIME NOT NULL,
              PRIMARY KEY (occurrence_id, user_id)
            ) WITHOUT ROWID;
            CREATE INDEX meeting_rsvp_on_user ON meeting_rsvp(user_id);

            CREATE TABLE meeting_question (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrence(id) ON DELETE CASCADE,
              author_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
              body TEXT NOT NULL,
              is_anonymous BOOLEAN NOT NULL DEFAULT 0,
              merged_into_id INTEGER REFERENCES meeting_question(id) ON DELETE SET NULL,
              position INTEGER,
              answered_at DATETIME,
              answer_note TEXT NOT NULL DEFAULT '',
              hidden_at DATETIME,
              created_at DATETIME NOT NULL
            );
            CREATE INDEX meeting_question_on_occurrence ON meeting_question(occurrence_id);
            CREATE INDEX meeting_question_on_author ON meeting_question(author_id);
            CREATE INDEX meeting_question_on_merged ON meeting_question(merged_into_id);

            CREATE TABLE meeting_question_vote (
              question_id INTEGER NOT NULL REFERENCES meeting_question(id) ON DELETE CASCADE,
              user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
              created_at DATETIME NOT NULL,
              PRIMARY KEY (question_id, user_id)
            ) WITHOUT ROWID;
            CREATE INDEX meeting_question_vote_on_user ON meeting_question_vote(user_id);

            CREATE TABLE meeting_action_item (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrence(id) ON DELETE CASCADE,
              text TEXT NOT NULL,
              owner_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
              done_at DATETIME,
              position INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX meeting_action_item_on_occurrence ON meeting_action_item(occurrence_id);
            CREATE INDEX meeting_action_item_on_owner ON meeting_action_item(owner_id);

            CREATE TABLE meeting_resource (
              occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrence(id) ON DELETE CASCADE,
              resource_id INTEGER NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
              PRIMARY KEY (occurrence_id, resource_id)
            ) WITHOUT ROWID;
            CREATE INDEX meeting_resource_on_resource ON meeting_resource(resource_id);

            ALTER TABLE user ADD COLUMN time_zone TEXT;
            """)
    }
}
