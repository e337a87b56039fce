import GRDB

/// Search that forgives (issue 15): the unstemmed index's vocabulary as a table (FTS5's `fts5vocab`: each word and
/// how many posts hold it, read for "did you mean" and compounds), and each community's own search synonyms.
enum Migration0029 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE search_exact_vocab USING fts5vocab(search_exact, row);
            CREATE TABLE community_search_synonyms (
                community_id INTEGER PRIMARY KEY REFERENCES community(id) ON DELETE CASCADE,
                lines TEXT NOT NULL,
                updated_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
                updated_at DATETIME NOT NULL
            );
            """)
    }
}
