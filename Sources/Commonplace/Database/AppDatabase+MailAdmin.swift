import Foundation
import GRDB

/// The outbox as site admins see it (`/admin/mail`), and queueing a failed message again.
extension AppDatabase {
    /// How many messages are in each state.
    public func mailCounts() async throws -> [OutboxMessage.Status: Int] {
        try await reader.read { db in
            var counts: [OutboxMessage.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM mail_outbox GROUP BY status") {
                if let status = OutboxMessage.Status(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }

    /// One page of messages, newest first, in state `status` (nil: all), with the number in that state.
    public func mailPage(status: OutboxMessage.Status?, page: Int, perPage: Int) async throws -> (messages: [OutboxMessage], total: Int) {
        try await reader.read { db in
            let filter: SQL = status.map { "WHERE status = \($0.rawValue)" } ?? ""
            let total = try Int.fetchOne(db, cachedSQL: "SELECT count(*) FROM mail_outbox \(filter)") ?? 0
            let rows = try Row.fetchAll(db, cachedSQL: """
                SELECT * FROM mail_outbox \(filter) ORDER BY created_at DESC, id DESC LIMIT \(perPage) OFFSET \((page - 1) * perPage)
                """)
            return (try rows.map(OutboxMessage.init(row:)), total)
        }
    }

    /// Queues a failed message again, due now, with its log row (404 when there is no such message, 409 when it has
    /// not failed). It gets one more try; if that fails for a passing reason after the 3 days, it is failed again.
    public func retryMail(id: Int64, actorID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT status, to_address, subject FROM mail_outbox WHERE id = ?", arguments: [id]) else {
                throw AppError.notFound
            }
            guard (row[0] as String) == OutboxMessage.Status.failed.rawValue else {
                throw AppError.conflict("Only a failed message can be retried; this one is \(row[0] as String).")
            }
            try db.execute(sql: "UPDATE mail_outbox SET status = 'queued', next_attempt_at = ? WHERE id = ?", arguments: [now, id])
            try Self.log(db, ModerationAction(
                communityId: nil, actorId: actorID, action: .retryMail, targetType: .mail, targetId: id,
                targetLabel: "\(row[1] as String): \(row[2] as String)", createdAt: now))
        }
    }
}
