import GRDB

/// A small FTS5 index of discussion titles (porter over unicode61, external content = `discussion`), so the
/// best title matches of a common term are found without scanning its every body match.
enum Migration0008 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE search_title USING fts5(
              title, content='discussion', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
            CREATE TRIGGER discussion_title_ai AFTER INSERT ON discussion BEGIN
              INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
            END;
            CREATE TRIGGER discussion_title_ad AFTER DELETE ON discussion BEGIN
              INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
            END;
            CREATE TRIGGER discussion_title_au AFTER UPDATE OF title ON discussion WHEN old.title IS NOT new.title BEGIN
              INSERT INTO search_title(search_title, rowid, title) VALUES ('delete', old.id, old.title);
              INSERT INTO search_title(rowid, title) VALUES (new.id, new.title);
            END;
            INSERT INTO search_title(search_title) VALUES ('rebuild');
            """)
    }
}
