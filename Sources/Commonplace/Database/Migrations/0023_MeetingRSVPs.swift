import GRDB

/// RSVPs and what they set in motion (issue 14, the RSVP part).
///
/// - `meeting_rsvp.by_series`: the answer was given for the whole series (`occurrence=all`), so a later series answer
///   may replace it; an answer given to one date (0) is never reset by a series answer.
/// - `notification.occurrence_id`: the date a meeting notification is about (a promotion from the waitlist, a
///   reminder, a change of time or place, a cancellation); deleting the date deletes its notifications.
/// - `meeting_reminder`: the reminders recorded (a day and an hour before each date, for its start as it was then),
///   unique, so a reminder pass run twice, or again after a restart, records each once.
enum Migration0023 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE meeting_rsvp ADD COLUMN by_series BOOLEAN NOT NULL DEFAULT 0;
            CREATE INDEX meeting_rsvp_waitlist ON meeting_rsvp(occurrence_id, responded_at) WHERE waitlisted;

            ALTER TABLE notification ADD COLUMN occurrence_id INTEGER REFERENCES meeting_occurrence(id) ON DELETE CASCADE;
            CREATE INDEX notification_on_occurrence ON notification(occurrence_id) WHERE occurrence_id IS NOT NULL;

            CREATE TABLE meeting_reminder (
              occurrence_id INTEGER NOT NULL REFERENCES meeting_occurrence(id) ON DELETE CASCADE,
              lead TEXT NOT NULL CHECK (lead IN ('day', 'hour')),
              starts_at DATETIME NOT NULL,
              recorded_at DATETIME NOT NULL,
              PRIMARY KEY (occurrence_id, lead, starts_at)
            ) WITHOUT ROWID;
            """)
    }
}
