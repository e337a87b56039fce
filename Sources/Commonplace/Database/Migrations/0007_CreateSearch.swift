import GRDB

/// Full-text search. `search_document` holds one row per searchable post (visible posts only; the opening
/// post also carries the discussion's title and a lesson's sections) and is kept in sync from `post` and
/// `discussion` by triggers. Two FTS5 external-content tables index it, also by triggers: `search_stemmed`
/// (porter over unicode61, diacritics removed) and `search_exact` (unicode61 only) for short terms and acronyms.
enum Migration0007 {
    static let documentSQL = """
        SELECT p.id, p.discussion_id, d.community_id, d.board_id, p.author_id, p.created_at,
               CASE WHEN p.number = 1 THEN d.title ELSE '' END,
               CASE WHEN p.number = 1 AND d.kind = 'lesson'
                    THEN p.body_markdown || char(10) || d.lesson_context || char(10) || d.lesson_what_happened
                         || char(10) || d.lesson_what_we_learned || char(10) || d.lesson_recommendation
                    ELSE p.body_markdown END
        FROM post p JOIN discussion d ON d.id = p.discussion_id
        """

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_document (
              post_id INTEGER PRIMARY KEY,
              discussion_id INTEGER NOT NULL,
              community_id INTEGER NOT NULL,
              board_id INTEGER NOT NULL,
              author_id INTEGER,
              created_at DATETIME NOT NULL,
              title TEXT NOT NULL,
              body TEXT NOT NULL
            );
            CREATE INDEX search_document_on_discussion ON search_document(discussion_id);
            CREATE VIRTUAL TABLE search_stemmed USING fts5(
              title, body, content='search_document', content_rowid='post_id',
              tokenize='porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE search_exact USING fts5(
              title, body, content='search_document', content_rowid='post_id',
              tokenize='unicode61 remove_diacritics 2');

            -- search_document -> both FTS tables
            CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
              INSERT INTO search_stemmed(rowid, title, body) VALUES (new.post_id, new.title, new.body);
              INSERT INTO search_exact(rowid, title, body) VALUES (new.post_id, new.title, new.body);
            END;
            CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
              INSERT INTO search_stemmed(search_stemmed, rowid, title, body) VALUES ('delete', old.post_id, old.title, old.body);
              INSERT INTO search_exact(search_exact, rowid, title, body) VALUES ('delete', old.post_id, old.title, old.body);
            END;
            CREATE TRIGGER search_document_au AFTER UPDATE OF title, body ON search_document BEGIN
              INSERT INTO search_stemmed(search_stemmed, rowid, title, body) VALUES ('delete', old.post_id, old.title, old.body);
              INSERT INTO search_exact(search_exact, rowid, title, body) VALUES ('delete', old.post_id, old.title, old.body);
              INSERT INTO search_stemmed(rowid, title, body) VALUES (new.post_id, new.title, new.body);
              INSERT INTO search_exact(rowid, title, body) VALUES (new.post_id, new.title, new.body);
            END;

            -- post -> search_document: visible posts only; edits, deletes, hides and restores at once
            CREATE TRIGGER post_search_ai AFTER INSERT ON post WHEN new.deleted_at IS NULL AND new.hidden_at IS NULL BEGIN
              INSERT INTO search_document \(documentSQL) WHERE p.id = new.id;
            END;
            CREATE TRIGGER post_search_au AFTER UPDATE OF body_markdown, deleted_at, hidden_at ON post
            WHEN old.body_markdown IS NOT new.body_markdown OR old.deleted_at IS NOT new.deleted_at
              OR old.hidden_at IS NOT new.hidden_at BEGIN
              DELETE FROM search_document WHERE post_id = old.id;
              INSERT INTO search_document \(documentSQL) WHERE p.id = new.id AND p.deleted_at IS NULL AND p.hidden_at IS NULL;
            END;
            CREATE TRIGGER post_search_ad AFTER DELETE ON post BEGIN
              DELETE FROM search_document WHERE post_id = old.id;
            END;

            -- discussion -> search_document: title and lesson edits, moves between boards and communities
            CREATE TRIGGER discussion_search_text AFTER UPDATE OF title, lesson_context, lesson_what_happened,
                lesson_what_we_learned, lesson_recommendation ON discussion
            WHEN old.title IS NOT new.title OR old.lesson_context IS NOT new.lesson_context
              OR old.lesson_what_happened IS NOT new.lesson_what_happened
              OR old.lesson_what_we_learned IS NOT new.lesson_what_we_learned
              OR old.lesson_recommendation IS NOT new.lesson_recommendation BEGIN
              DELETE FROM search_document WHERE post_id IN (SELECT id FROM post WHERE discussion_id = new.id AND number = 1);
              INSERT INTO search_document \(documentSQL)
                WHERE p.discussion_id = new.id AND p.number = 1 AND p.deleted_at IS NULL AND p.hidden_at IS NULL;
            END;
            CREATE TRIGGER discussion_search_move AFTER UPDATE OF board_id, community_id ON discussion
            WHEN old.board_id IS NOT new.board_id OR old.community_id IS NOT new.community_id BEGIN
              UPDATE search_document SET board_id = new.board_id, community_id = new.community_id WHERE discussion_id = new.id;
            END;
            """)
        // Index what exists already.
        try db.execute(sql: "INSERT INTO search_document \(documentSQL) WHERE p.deleted_at IS NULL AND p.hidden_at IS NULL")
    }
}
