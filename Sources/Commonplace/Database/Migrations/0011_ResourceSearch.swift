import GRDB

/// Full-text search over resources. `resource_search_document` holds one row per searchable resource (approved,
/// not archived): its title, description, tags and audience, kept in sync from `resource` and `resource_tag` by
/// triggers. `resource_search`, an FTS5 external-content table over it (porter over unicode61, diacritics removed,
/// like the title index), is kept in sync by its own triggers.
enum Migration0011 {
    /// The search document of resource `id` (no row when it is held or archived).
    static func documentSQL(_ id: String) -> String {
        """
        INSERT INTO resource_search_document(resource_id, title, description, tags, audience)
        SELECT r.id, r.title, r.description_markdown,
               COALESCE((SELECT group_concat(tag, ' ') FROM resource_tag WHERE resource_id = r.id), ''), r.audience
        FROM resource r WHERE r.id = \(id) AND r.held_at IS NULL AND r.archived_at IS NULL;
        """
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE resource_search_document (
              resource_id INTEGER PRIMARY KEY,
              title TEXT NOT NULL,
              description TEXT NOT NULL,
              tags TEXT NOT NULL,
              audience TEXT NOT NULL
            );
            CREATE VIRTUAL TABLE resource_search USING fts5(
              title, description, tags, audience, content='resource_search_document', content_rowid='resource_id',
              tokenize='porter unicode61 remove_diacritics 2');

            -- resource_search_document -> resource_search
            CREATE TRIGGER resource_search_document_ai AFTER INSERT ON resource_search_document BEGIN
              INSERT INTO resource_search(rowid, title, description, tags, audience)
                VALUES (new.resource_id, new.title, new.description, new.tags, new.audience);
            END;
            CREATE TRIGGER resource_search_document_ad AFTER DELETE ON resource_search_document BEGIN
              INSERT INTO resource_search(resource_search, rowid, title, description, tags, audience)
                VALUES ('delete', old.resource_id, old.title, old.description, old.tags, old.audience);
            END;

            -- resource and its tags -> resource_search_document: rebuilt whenever what is indexed, or whether it is
            -- searchable (held, archived), changes
            CREATE TRIGGER resource_search_ai AFTER INSERT ON resource BEGIN
              \(documentSQL("new.id"))
            END;
            CREATE TRIGGER resource_search_au AFTER UPDATE OF title, description_markdown, audience, held_at, archived_at ON resource
            WHEN old.title IS NOT new.title OR old.description_markdown IS NOT new.description_markdown
              OR old.audience IS NOT new.audience OR old.held_at IS NOT new.held_at OR old.archived_at IS NOT new.archived_at BEGIN
              DELETE FROM resource_search_document WHERE resource_id = old.id;
              \(documentSQL("new.id"))
            END;
            CREATE TRIGGER resource_search_ad AFTER DELETE ON resource BEGIN
              DELETE FROM resource_search_document WHERE resource_id = old.id;
            END;
            CREATE TRIGGER resource_tag_search_ai AFTER INSERT ON resource_tag BEGIN
              DELETE FROM resource_search_document WHERE resource_id = new.resource_id;
              \(documentSQL("new.resource_id"))
            END;
            CREATE TRIGGER resource_tag_search_ad AFTER DELETE ON resource_tag BEGIN
              DELETE FROM resource_search_document WHERE resource_id = old.resource_id;
              \(documentSQL("old.resource_id"))
            END;
            """)
        // Index what exists already.
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM resource") {
            try db.execute(sql: documentSQL("?"), arguments: [id])
        }
    }
}
