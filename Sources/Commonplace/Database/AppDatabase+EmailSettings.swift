import Foundation
import GRDB

/// The latest messages to a member's address and what became of them (for `/settings/email`).
public struct EmailDeliveryStatus: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        public var subject: String
        public var status: String
        public var lastReply: String
        public var createdAt: Date
    }

    /// Newest first, at most `EmailDeliveryStatus.shown`.
    public var recent: [Message] = []
    /// How many of the newest messages in a row failed (3 or more: the address is "bouncing").
    public var failedInARow = 0

    public static let shown = 5
    /// This many failures in a row and the address is called bouncing.
    public static let bouncingAfter = 3
    public var isBouncing: Bool { failedInARow >= Self.bouncingAfter }
}

extension AppDatabase {
    /// The member's email choices (defaults where they have not chosen).
    public func emailSettings(userID: Int64) async throws -> EmailSettings {
        try await reader.read { db in try Self.emailSettings(db, userID: userID) }
    }

    static func emailSettings(_ db: Database, userID: Int64) throws -> EmailSettings {
        var settings = EmailSettings()
        settings.modes = try emailModes(db, userIDs: [userID])[userID] ?? [:]
        if let row = try Row.fetchOne(db, sql: """
            SELECT digest_frequency, digest_hour, digest_weekday, time_zone FROM email_setting WHERE user_id = ?
            """, arguments: [userID]) {
            settings.frequency = DigestFrequency(rawValue: row[0]) ?? EmailSettings.defaultFrequency
            settings.hour = row[1]
            settings.weekday = row[2]
            settings.timeZone = row[3]
        }
        return settings
    }

    /// Saves the modes of the kinds given (a row for each, so a later change of default cannot switch one on) and the
    /// digest's schedule; the next digest is worked out again from the new schedule (what the last one covered stays).
    public func saveEmailSettings(userID: Int64, _ settings: EmailSettings, kinds: [NotificationKind], now: Date,
                                  checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            for kind in kinds {
                try Self.setEmailMode(db, userID: userID, kind: kind, mode: settings.mode(kind))
            }
            try Self.setDigestSchedule(db, userID: userID, settings, now: now)
        }
    }

    /// Turns off what an unsubscribe token names. Authorised by the signed token alone (the links work without
    /// signing in, for suspended accounts too: receiving less email is always allowed), so it takes no `WriteCheck`.
    /// Returns false when the account no longer exists (nothing written).
    public func unsubscribe(userID: Int64, scope: UnsubscribeScope, now: Date) async throws -> Bool {
        try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE id = ?", arguments: [userID]) == true else { return false }
            switch scope {
            case .notification(let kind):
                try Self.setEmailMode(db, userID: userID, kind: kind, mode: .never)
            case .digest, .all:
                var settings = try Self.emailSettings(db, userID: userID)
                settings.frequency = .off
                try Self.setDigestSchedule(db, userID: userID, settings, now: now)
                if scope == .all {
                    for kind in NotificationKind.allCases { try Self.setEmailMode(db, userID: userID, kind: kind, mode: .never) }
                }
            }
            return true
        }
    }

    private static func setEmailMode(_ db: Database, userID: Int64, kind: NotificationKind, mode: EmailMode) throws {
        try db.execute(sql: """
            INSERT INTO email_preference (user_id, kind, mode) VALUES (?, ?, ?)
            ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode
            """, arguments: [userID, kind.rawValue, mode.rawValue])
    }

    private static func setDigestSchedule(_ db: Database, userID: Int64, _ settings: EmailSettings, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO email_setting (user_id, digest_frequency, digest_hour, digest_weekday, time_zone, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id) DO UPDATE SET digest_frequency = excluded.digest_frequency, digest_hour = excluded.digest_hour,
              digest_weekday = excluded.digest_weekday, time_zone = excluded.time_zone, updated_at = excluded.updated_at
            """, arguments: [userID, settings.frequency.rawValue, settings.hour, settings.weekday, settings.timeZone, now])
        // The next digest is worked out again by the digest service (`scheduleDigests`); with digests off there is none.
        if settings.frequency == .off {
            try db.execute(sql: "DELETE FROM digest_schedule WHERE user_id = ?", arguments: [userID])
        } else {
            try db.execute(sql: """
                INSERT INTO digest_schedule (user_id, last_digest_at, next_digest_at) VALUES (?, ?, NULL)
                ON CONFLICT (user_id) DO UPDATE SET next_digest_at = NULL
                """, arguments: [userID, now.addingTimeInterval(-DigestSchedule.period(settings.frequency))])
        }
    }

    /// What became of the latest messages to the member's current address (dropped ones left out: nothing was wrong
    /// with the address).
    public func emailDeliveryStatus(userID: Int64, address: String) async throws -> EmailDeliveryStatus {
        try await reader.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT subject, status, last_reply, created_at FROM mail_outbox
                WHERE user_id = ? AND to_address = ? AND status <> 'dropped'
                ORDER BY created_at DESC, id DESC LIMIT ?
                """, arguments: [userID, User.normalizedEmail(address), EmailDeliveryStatus.shown])
            var status = EmailDeliveryStatus()
            status.recent = try rows.map { row in
                EmailDeliveryStatus.Message(subject: row[0], status: row[1], lastReply: row[2], createdAt: try row.storedDate(atIndex: 3))
            }
            status.failedInARow = status.recent.prefix { $0.status == "failed" }.count
            return status
        }
    }
}

extension AppDatabase {
    /// Whether the account `id` exists (an unsubscribe link outlives a deleted account).
    public func userExists(id: Int64) async throws -> Bool {
        try await reader.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM user WHERE id = ?", arguments: [id]) ?? false }
    }
}
