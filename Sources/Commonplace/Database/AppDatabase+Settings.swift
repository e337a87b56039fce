import Foundation
import GRDB

extension AppDatabase {
    /// The server secret (32 random bytes, hex) that binds CSRF tokens; created on first use and kept.
    public func serverSecret() async throws -> String {
        try await writer.write { db in try Self.serverSecret(db) }
    }

    /// The server secret, inside a write transaction (the fan-out signs unsubscribe links with a key derived from it).
    static func serverSecret(_ db: Database) throws -> String {
        if let value = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM setting WHERE key = 'server_secret'")) {
            return value
        }
        let value = RandomToken.hex(bytes: 32)
        try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('server_secret', ?)", arguments: [value])
        return value
    }
}

extension AppDatabase {
    /// Work waiting for the background services, for `/metrics`.
    struct WorkQueues: Sendable {
        let eventsPending: Int
        let mailQueued: Int
        let mailFailed: Int
    }

    func workQueues() async throws -> WorkQueues {
        try await reader.read { db in
            WorkQueues(
                eventsPending: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE fanned_out_at IS NULL") ?? 0,
                mailQueued: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'") ?? 0,
                mailFailed: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed'") ?? 0)
        }
    }
}
