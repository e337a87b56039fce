import GRDB

/// A community's discussions by activity, with what "N discussions with new posts" asks of each (its post count, and
/// whether it is held or hidden) in the index itself: the member's home counts up to 50 discussions per community
/// without reading their rows. A reply rewrites the entry already (its `last_post_at` changes), so writes cost the same.
enum Migration0031 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX discussion_on_community_activity;
            CREATE INDEX discussion_on_community_activity ON discussion(community_id, last_post_at, post_count, held_at, hidden_at);
            """)
    }
}
