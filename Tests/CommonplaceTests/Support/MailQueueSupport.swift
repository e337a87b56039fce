import Foundation
import GRDB
import Testing
@testable import Commonplace

/// One queued message as the mail service will read it.
struct OutboxRow: Sendable {
    let userID: Int64?
    let to: String
    let kind: String
    let dedupeKey: String
    let subject: String
    let text: String
    let html: String
    let threadKey: String?
    let unsubscribeURL: String?
    let communityID: Int64?
    let discussionID: Int64?
    let postID: Int64?
    let notificationID: Int64?
    let skipIfActive: Bool
    let nextAttemptAt: Date
    let createdAt: Date
}

extension TestApp {
    /// Marks the accounts' addresses verified (only account email goes to an unverified address).
    func verifyEmail(_ users: User...) async throws {
        try await database.writer.write { db in
            for user in users {
                try db.execute(sql: "UPDATE user SET email_verified_at = ? WHERE id = ?", arguments: [clock.now, user.id])
            }
        }
    }

    /// Every queued message, oldest first (of one member, with `user`).
    func queuedMail(of user: User? = nil) async throws -> [OutboxRow] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mail_outbox WHERE user_id IS ? OR ? IS NULL ORDER BY id",
                             arguments: [user?.id, user?.id]).map { row in
                OutboxRow(userID: row["user_id"], to: row["to_address"], kind: row["kind"], dedupeKey: row["dedupe_key"],
                          subject: row["subject"], text: row["text_body"], html: row["html_body"], threadKey: row["thread_key"],
                          unsubscribeURL: row["unsubscribe_url"], communityID: row["community_id"],
                          discussionID: row["discussion_id"], postID: row["post_id"], notificationID: row["notification_id"],
                          skipIfActive: row["skip_if_active"], nextAttemptAt: try row.storedDate("next_attempt_at"),
                          createdAt: try row.storedDate("created_at"))
            }
        }
    }

    /// Sets a member's email mode for some kinds (and their digest schedule, when given) directly.
    func setEmailModes(_ user: User, _ modes: [NotificationKind: EmailMode], digest: EmailSettings? = nil) async throws {
        var settings = try await database.emailSettings(userID: user.id!)
        if let digest {
            settings.frequency = digest.frequency
            settings.hour = digest.hour
            settings.weekday = digest.weekday
            settings.timeZone = digest.timeZone
        }
        for (kind, mode) in modes { settings.modes[kind] = mode }
        try await database.saveEmailSettings(userID: user.id!, settings, kinds: Array(modes.keys), now: clock.now, checking: .trusted)
    }

    /// The digest service as the server runs it, for a test to drive at a given time.
    var digests: DigestService {
        DigestService(database: database, settings: config.mail, baseURL: config.publicBaseURL, clock: clock.appClock)
    }

    /// The unsubscribe signer of this database's server secret.
    func unsubscribeSigner() async throws -> UnsubscribeSigner {
        UnsubscribeSigner(secret: try await database.serverSecret())
    }
}

extension OutboxRow {
    /// The unsubscribe link's path (`/unsubscribe/…`), from its absolute URL.
    var unsubscribePath: String? {
        unsubscribeURL.flatMap { URLComponents(string: $0)?.path }
    }
}
