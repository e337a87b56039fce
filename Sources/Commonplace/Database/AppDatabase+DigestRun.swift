import Foundation
import GRDB

/// What the digest service needs to know about the site.
struct DigestSite: Sendable {
    /// Links' base (`AppConfiguration.publicBaseURL`).
    let baseURL: String
    /// The time zone of members who did not choose one.
    let defaultTimeZone: String
}

// MARK: - The digest service's writes

extension AppDatabase {
    /// Works out when the next digest is due for members who need it: those with a digest on (`daily`/`weekly`, the
    /// default when they never chose) and no schedule yet, or whose settings changed since (`next_digest_at` NULL).
    /// A member's first digest covers one period back. Returns how many members were scheduled.
    /// The members are found in a read (every pass looks, and usually finds no one), and written only when there are some.
    func scheduleDigests(site: DigestSite, now: Date, limit: Int = 500) async throws -> Int {
        let sql = """
            SELECT u.id, es.digest_frequency, es.digest_hour, es.digest_weekday, es.time_zone, ds.user_id IS NOT NULL
            FROM user u LEFT JOIN email_setting es ON es.user_id = u.id LEFT JOIN digest_schedule ds ON ds.user_id = u.id
            WHERE COALESCE(es.digest_frequency, 'weekly') <> 'off' AND (ds.user_id IS NULL OR ds.next_digest_at IS NULL)
            LIMIT ?
            """
        let pending = try await reader.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (\(sql))", arguments: [1]) ?? false }
        guard pending else { return 0 }
        return try await writer.write { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: [limit])
            for row in rows {
                var settings = EmailSettings()
                if let frequency = (row[1] as String?).flatMap(DigestFrequency.init(rawValue:)) {
                    settings.frequency = frequency
                    settings.hour = row[2]
                    settings.weekday = row[3]
                    settings.timeZone = row[4]
                }
                // (A schedule the calendar cannot place is tried again in a day, never left pending.)
                let next = DigestSchedule.next(after: now, settings: settings, defaultTimeZone: site.defaultTimeZone)
                    ?? now.addingTimeInterval(24 * 3600)
                if row[5] as Bool {
                    try db.execute(sql: "UPDATE digest_schedule SET next_digest_at = ? WHERE user_id = ?", arguments: [next, row[0]])
                } else {
                    try db.execute(sql: "INSERT INTO digest_schedule (user_id, last_digest_at, next_digest_at) VALUES (?, ?, ?)",
                                   arguments: [row[0], now.addingTimeInterval(-DigestSchedule.period(settings.frequency)), next])
                }
            }
            return rows.count
        }
    }

    /// Members whose digest is due at `now`, the longest due first.
    func dueDigests(now: Date, limit: Int) async throws -> [Int64] {
        try await reader.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT user_id FROM digest_schedule WHERE next_digest_at <= ? ORDER BY next_digest_at, user_id LIMIT ?
                """, arguments: [now, limit])
        }
    }

    /// One member's digest, in one transaction: composed from what they may see now (`DigestComposer`), queued when
    /// there is anything (object `digest:<local date>`) with every item logged so no later digest repeats it, and the
    /// schedule moved on (the next due time after now: a server that was down sends one digest, not a backlog).
    /// Nothing is queued for a suspended or unverified account, nor when the digest was turned off meanwhile.
    /// Returns whether a digest was queued.
    func composeDigest(userID: Int64, site: DigestSite, now: Date) async throws -> Bool {
        try await writer.write { db in
            guard let since = try Row.fetchOne(db, sql: """
                SELECT last_digest_at FROM digest_schedule WHERE user_id = ? AND next_digest_at <= ?
                """, arguments: [userID, now]).map({ try $0.storedDate(atIndex: 0) }),
                  let user = try User.fetchOne(db, key: userID)
            else { return false }
            let settings = try Self.emailSettings(db, userID: userID)
            let next = DigestSchedule.next(after: now, settings: settings, defaultTimeZone: site.defaultTimeZone)
            guard settings.frequency != .off, user.emailVerifiedAt != nil, !user.isSuspended(at: now) else {
                try db.execute(sql: "UPDATE digest_schedule SET next_digest_at = ? WHERE user_id = ?", arguments: [next, userID])
                return false
            }
            let guardian = try Guardian.reread(db, userID: userID, now: now)
            let content = try DigestComposer(db: db, guardian: guardian, userID: userID, since: since, now: now,
                                             baseURL: site.baseURL, settings: settings).compose()
            var queued = false
            if !content.isEmpty {
                let day = DigestSchedule.localDay(now, timeZone: settings.timeZone, default: site.defaultTimeZone)
                let signer = UnsubscribeSigner(secret: try Self.serverSecret(db))
                let mail = DigestMail.compose(content, recipient: user, settings: settings, since: since, day: day,
                                              baseURL: site.baseURL, signer: signer, defaultTimeZone: site.defaultTimeZone)
                queued = try Self.enqueueMail(db, mail, now: now)
                if queued {
                    for entry in content.all {
                        try db.execute(sql: "INSERT OR IGNORE INTO digest_item (user_id, item, digest, created_at) VALUES (?, ?, ?, ?)",
                                       arguments: [userID, entry.key, mail.object, now])
                    }
                }
            }
            try db.execute(sql: "UPDATE digest_schedule SET last_digest_at = ?, next_digest_at = ? WHERE user_id = ?",
                           arguments: [queued || content.isEmpty ? now : since, next, userID])
            return queued
        }
    }
}
