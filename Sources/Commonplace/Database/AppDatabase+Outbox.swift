import Foundation
import GRDB

extension AppDatabase {
    /// Queues one email inside the caller's write transaction (the one that records its cause), rendering both parts
    /// now. Returns false when the same email (address, kind, object) was already queued: nothing is written then.
    @discardableResult
    static func enqueueMail(_ db: Database, _ mail: OutgoingMail, now: Date) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO mail_outbox (user_id, to_address, kind, dedupe_key, subject, text_body, html_body, thread_key,
                  unsubscribe_url, community_id, discussion_id, post_id, notification_id, skip_if_active, next_attempt_at,
                  created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (to_address, dedupe_key) DO NOTHING
                """,
            arguments: [mail.userID, User.normalizedEmail(mail.to), mail.kind.rawValue, mail.dedupeKey,
                        MailBody.plain(mail.subject).replacingOccurrences(of: "\n", with: " "),
                        mail.body.text(), mail.body.html(title: mail.subject), mail.threadKey, mail.unsubscribeURL,
                        mail.communityID, mail.discussionID, mail.postID, mail.notificationID, mail.skipIfActive,
                        mail.notBefore ?? now, now])
        return db.changesCount > 0
    }
}
