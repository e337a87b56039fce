import GRDB

/// The record of meetings, and meetings in search (issue 14, the record part).
///
/// - `meeting.takes_questions`: members may submit questions before a date of this event (always for a guest-speaker
///   Q&A; moderators turn it on for any other kind).
/// - `meeting_occurrence.decisions` (+ `decisions_html`): the decisions taken, Markdown rendered once like the notes.
/// - `meeting_search_document`: one row per event (its title and description: `occurrence_id` NULL) and one per date
///   with a record (its notes, decisions, action items and answered questions), each **without the meeting link**
///   (the event's, and the date's own); `meeting_search`, an FTS5 external-content table over it (porter over
///   unicode61, like the resource index). Everything is kept in sync by triggers, so every write that changes what a
///   document holds (the record's forms, the event's edits, the demo data) reindexes it in its own transaction.
///   No foreign keys: a document of a date or event being deleted is removed by the delete's trigger, whatever order
///   the cascades run in, and searches join the event and date rows.
enum Migration0025 {
    /// Deletes and rebuilds the document of the date whose id is `id` (none when it has nothing recorded).
    static func recordDocumentSQL(_ id: String) -> String {
        """
        DELETE FROM meeting_search_document WHERE occurrence_id = \(id);
        INSERT INTO meeting_search_document(meeting_id, occurrence_id, happened_at, title, body)
        SELECT o.meeting_id, o.id, o.starts_at, COALESCE(o.title, m.title),
               replace(replace(o.notes || char(10) || o.decisions
                 || char(10) || COALESCE((SELECT group_concat(a.text, char(10)) FROM meeting_action_item a WHERE a.occurrence_id = o.id), '')
                 || char(10) || COALESCE((SELECT group_concat(q.body || char(10) || q.answer_note, char(10)) FROM meeting_question q
                                          WHERE q.occurrence_id = o.id AND q.answered_at IS NOT NULL AND q.hidden_at IS NULL
                                            AND q.merged_into_id IS NULL), ''),
                 m.link, ''), COALESCE(o.link, ''), '')
        FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
        WHERE o.id = \(id) AND (o.notes <> '' OR o.decisions <> ''
          OR EXISTS (SELECT 1 FROM meeting_action_item a WHERE a.occurrence_id = o.id)
          OR EXISTS (SELECT 1 FROM meeting_question q WHERE q.occurrence_id = o.id AND q.answered_at IS NOT NULL
                     AND q.hidden_at IS NULL AND q.merged_into_id IS NULL));
        """
    }

    /// Deletes and rebuilds the document of event `id` (its title, and its description without its link).
    static func eventDocumentSQL(_ id: String) -> String {
        """
        DELETE FROM meeting_search_document WHERE meeting_id = \(id) AND occurrence_id IS NULL;
        INSERT INTO meeting_search_document(meeting_id, occurrence_id, happened_at, title, body)
        SELECT m.id, NULL, m.created_at, m.title, replace(m.description, m.link, '') FROM meeting m WHERE m.id = \(id);
        """
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE meeting ADD COLUMN takes_questions BOOLEAN NOT NULL DEFAULT 0;
            ALTER TABLE meeting_occurrence ADD COLUMN decisions TEXT NOT NULL DEFAULT '';
            ALTER TABLE meeting_occurrence ADD COLUMN decisions_html TEXT NOT NULL DEFAULT '';

            CREATE TABLE meeting_search_document (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              meeting_id INTEGER NOT NULL,
              occurrence_id INTEGER,
              happened_at DATETIME NOT NULL,
              title TEXT NOT NULL,
              body TEXT NOT NULL
            );
            CREATE INDEX meeting_search_document_on_meeting ON meeting_search_document(meeting_id);
            CREATE UNIQUE INDEX meeting_search_document_on_occurrence ON meeting_search_document(occurrence_id);
            CREATE VIRTUAL TABLE meeting_search USING fts5(
              title, body, content='meeting_search_document', content_rowid='id',
              tokenize='porter unicode61 remove_diacritics 2');

            -- meeting_search_document -> meeting_search
            CREATE TRIGGER meeting_search_document_ai AFTER INSERT ON meeting_search_document BEGIN
              INSERT INTO meeting_search(rowid, title, body) VALUES (new.id, new.title, new.body);
            END;
            CREATE TRIGGER meeting_search_document_ad AFTER DELETE ON meeting_search_document BEGIN
              INSERT INTO meeting_search(meeting_search, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
            END;

            -- the event: its own document; a new title or link reaches its dates' documents too
            CREATE TRIGGER meeting_search_ai AFTER INSERT ON meeting BEGIN
              \(eventDocumentSQL("new.id"))
            END;
            CREATE TRIGGER meeting_search_au AFTER UPDATE OF title, description, link ON meeting
            WHEN old.title IS NOT new.title OR old.description IS NOT new.description OR old.link IS NOT new.link BEGIN
              \(eventDocumentSQL("new.id"))
              UPDATE meeting_search_document SET
                title = COALESCE((SELECT o.title FROM meeting_occurrence o WHERE o.id = occurrence_id), new.title),
                body = replace(body, new.link, '')
              WHERE meeting_id = new.id AND occurrence_id IS NOT NULL;
            END;
            CREATE TRIGGER meeting_search_ad AFTER DELETE ON meeting BEGIN
              DELETE FROM meeting_search_document WHERE meeting_id = old.id;
            END;

            -- a date: its record, its own title or link, its move to another series (an edit "from this date on")
            CREATE TRIGGER meeting_occurrence_search_au AFTER UPDATE OF notes, decisions, title, link, meeting_id, starts_at
              ON meeting_occurrence
            WHEN old.notes IS NOT new.notes OR old.decisions IS NOT new.decisions OR old.title IS NOT new.title
              OR old.link IS NOT new.link OR old.meeting_id IS NOT new.meeting_id OR old.starts_at IS NOT new.starts_at BEGIN
              \(recordDocumentSQL("new.id"))
            END;
            CREATE TRIGGER meeting_occurrence_search_ad AFTER DELETE ON meeting_occurrence BEGIN
              DELETE FROM meeting_search_document WHERE occurrence_id = old.id;
            END;

            -- action items and answered questions of a date
            CREATE TRIGGER meeting_action_item_search_ai AFTER INSERT ON meeting_action_item BEGIN
              \(recordDocumentSQL("new.occurrence_id"))
            END;
            CREATE TRIGGER meeting_action_item_search_au AFTER UPDATE OF text ON meeting_action_item
            WHEN old.text IS NOT new.text BEGIN
              \(recordDocumentSQL("new.occurrence_id"))
            END;
            CREATE TRIGGER meeting_action_item_search_ad AFTER DELETE ON meeting_action_item BEGIN
              \(recordDocumentSQL("old.occurrence_id"))
            END;
            CREATE TRIGGER meeting_question_search_ai AFTER INSERT ON meeting_question WHEN new.answered_at IS NOT NULL BEGIN
              \(recordDocumentSQL("new.occurrence_id"))
            END;
            CREATE TRIGGER meeting_question_search_au AFTER UPDATE OF body, answered_at, answer_note, hidden_at, merged_into_id
              ON meeting_question
            WHEN old.body IS NOT new.body OR old.answered_at IS NOT new.answered_at OR old.answer_note IS NOT new.answer_note
              OR old.hidden_at IS NOT new.hidden_at OR old.merged_into_id IS NOT new.merged_into_id BEGIN
              \(recordDocumentSQL("new.occurrence_id"))
            END;
            CREATE TRIGGER meeting_question_search_ad AFTER DELETE ON meeting_question WHEN old.answered_at IS NOT NULL BEGIN
              \(recordDocumentSQL("old.occurrence_id"))
            END;
            """)
        // Index what exists already.
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM meeting") { try db.execute(sql: eventDocumentSQL("?"), arguments: [id, id]) }
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM meeting_occurrence") {
            try db.execute(sql: recordDocumentSQL("?"), arguments: [id, id])
        }
    }
}
