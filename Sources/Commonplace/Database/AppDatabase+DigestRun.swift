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
    /// Works out when the next digest is due for members who need it: those whose settings changed since it was last
    /// worked out (`next_digest_at` NULL), and accounts newer than every schedule (ids only grow) with a digest on
    /// (`daily`/`weekly`, the default when they never chose). A member's first digest covers one period back; a member
    /// who turned digests off loses the schedule (turning them on again makes one: `setDigestSchedule`). Returns how
    /// many members were scheduled or unscheduled.
    ///
    /// Every pass looks and usually finds no one, so the looking is two index lookups (the due index's NULL entries,
    /// the accounts after the newest schedule), not a read of every account: with 50,000 accounts that read mapped
    /// 20 MB of the file into the server at each start. Members are written only when there are some.
    func scheduleDigests(site: DigestSite, now: Date, limit: Int = 500) async throws -> Int {
        let changed = """
            SELECT ds.user_id, es.digest_frequency, es.digest_hour, es.digest_weekday, es.time_zone, 1
            FROM digest_schedule ds LEFT JOIN email_setting es ON es.user_id = ds.user_id
            WHERE ds.next_digest_at IS NULL LIMIT ?
            """
        let newcomers = """
            SELECT u.id, es.digest_frequency, es.digest_hour, es.digest_weekday, es.time_zone, 0
            FROM user u LEFT JOIN email_setting es ON es.user_id = u.id
            WHERE u.id > (SELECT COALESCE(MAX(user_id), 0) FROM digest_schedule) AND COALESCE(es.digest_frequency, 'weekly') <> 'off'
            ORDER BY u.id LIMIT ?
            """
        let pending = try await reader.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (\(changed)) OR EXISTS (\(newcomers))", arguments: [1, 1]) ?? false
        }
        guard pending else { return 0 }
        return try await writer.write { db in
            let rows = try Row.fetchAll(db, sql: changed, arguments: [limit]) + Row.fetchAll(db, sql: newcomers, arguments: [limit])
            for row in rows {
                var settings = EmailSettings()
                if let frequency = (row[1] as String?).flatMap(DigestFrequency.init(rawValue:)) {
                    settings.frequency = frequency
                    settings.hour = row[2]
                    settings.weekday = row[3]
                    settings.timeZone = row[4]
                }
                let hasSchedule: Bool = row[5]
                if settings.frequency == .off {
                    try db.execute(sql: "DELETE FROM digest_schedule WHERE user_id = ?", arguments: [row[0]])
                    continue
                }
                // (A schedule the calendar cannot place is tried again in a day, never left pending.)
                let next = DigestSchedule.next(after: now, settings: settings, defaultTimeZone: site.defaultTimeZone)
                    ?? now.addingTimeInterval(24 * 3600)
                if hasSchedule {
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
