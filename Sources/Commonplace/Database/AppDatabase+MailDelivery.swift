import Foundation
import GRDB

/// One `mail_outbox` row as the mail service and `/admin/mail` read it.
public struct OutboxMessage: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case queued, sent, failed, dropped
    }

    public var id: Int64
    public var userID: Int64?
    public var to: String
    /// The stored kind (`MailKind.rawValue`); nil-safe for a kind this version does not know.
    public var kindName: String
    public var subject: String
    public var textBody: String
    public var htmlBody: String
    public var threadKey: String?
    public var unsubscribeURL: String?
    public var communityID: Int64?
    public var discussionID: Int64?
    public var postID: Int64?
    public var notificationID: Int64?
    public var skipIfActive: Bool
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastReply: String
    public var createdAt: Date
    public var sentAt: Date?

    public var kind: MailKind? { MailKind(rawValue: kindName) }

    /// The stable left part of its Message-ID and the name of its `.eml` file.
    public var messageKey: String { "outbox-\(id)" }

    init(row: Row) throws {
        id = row["id"]
        userID = row["user_id"]
        to = row["to_address"]
        kindName = row["kind"]
        subject = row["subject"]
        textBody = row["text_body"]
        htmlBody = row["html_body"]
        threadKey = row["thread_key"]
        unsubscribeURL = row["unsubscribe_url"]
        communityID = row["community_id"]
        discussionID = row["discussion_id"]
        postID = row["post_id"]
        notificationID = row["notification_id"]
        skipIfActive = row["skip_if_active"]
        status = Status(rawValue: row["status"]) ?? .failed
        attempts = row["attempts"]
        nextAttemptAt = try row.storedDate("next_attempt_at")
        lastReply = row["last_reply"]
        createdAt = try row.storedDate("created_at")
        sentAt = try row.storedDateIfPresent("sent_at")
    }
}

/// What became of one try at sending a message.
public enum MailOutcome: Sendable, Equatable {
    /// The server took it (or the `.eml` file was written).
    case sent(reply: String)
    /// Refused for good (a 5xx reply, retries given up, or a message that cannot be written).
    case failed(reply: String)
    /// Try again at `next` (a 4xx reply, a broken connection, a timeout).
    case retry(reply: String, next: Date)
    /// Not sent: the send-time check said no (the reason).
    case dropped(reason: String)
}

extension AppDatabase {
    /// Queued messages whose time has come, oldest due first.
    public func dueMail(now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await reader.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                """), arguments: [now, limit]).map(OutboxMessage.init(row:))
        }
    }

    /// Records what became of a try, only if the row is still queued (an admin's retry or a second service cannot
    /// make it count twice).
    public func recordMail(_ id: Int64, _ outcome: MailOutcome, now: Date) async throws {
        try await writer.write { db in
            switch outcome {
            case .sent(let reply):
                try db.cachedStatement(sql: """
                    UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, last_reply = ?, sent_at = ?
                    WHERE id = ? AND status = 'queued'
                    """).execute(arguments: [reply, now, id])
            case .failed(let reply):
                try db.cachedStatement(sql: """
                    UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_reply = ?
                    WHERE id = ? AND status = 'queued'
                    """).execute(arguments: [reply, id])
            case .retry(let reply, let next):
                try db.cachedStatement(sql: """
                    UPDATE mail_outbox SET attempts = attempts + 1, last_reply = ?, next_attempt_at = ?
                    WHERE id = ? AND status = 'queued'
                    """).execute(arguments: [reply, next, id])
            case .dropped(let reason):
                try db.execute(sql: "UPDATE mail_outbox SET status = 'dropped', last_reply = ? WHERE id = ? AND status = 'queued'",
                               arguments: [reason, id])
            }
        }
    }

    /// The earliest moment a queued message is due (nil: nothing queued).
    public func nextMailDue() async throws -> Date? {
        try await reader.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT next_attempt_at FROM mail_outbox WHERE status = 'queued' ORDER BY next_attempt_at LIMIT 1"))
                .map { try $0.storedDate(atIndex: 0) }
        }
    }
}
