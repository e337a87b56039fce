import GRDB

/// The digest service finds who to schedule without reading every account (`AppDatabase.scheduleDigests`): accounts
/// newer than every schedule, and schedules to work out again. Every older account that wants digests and has no
/// schedule yet gets one here, its first digest one period back, as the service would have made it; schedules of
/// members who turned digests off are dropped (the service keeps none for them).
enum Migration0030 {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO digest_schedule (user_id, last_digest_at, next_digest_at)
            SELECT u.id, strftime('%Y-%m-%d %H:%M:%f', 'now', CASE es.digest_frequency WHEN 'daily' THEN '-1 days' ELSE '-7 days' END), NULL
            FROM user u LEFT JOIN email_setting es ON es.user_id = u.id
            WHERE COALESCE(es.digest_frequency, 'weekly') <> 'off'
              AND NOT EXISTS (SELECT 1 FROM digest_schedule ds WHERE ds.user_id = u.id);
            DELETE FROM digest_schedule WHERE user_id IN (SELECT user_id FROM email_setting WHERE digest_frequency = 'off');
            """)
    }
}
