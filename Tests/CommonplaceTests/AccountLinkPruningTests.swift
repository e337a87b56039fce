import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("Account links: pruning")
struct AccountLinkPruningTests {
    @Test("maintenance removes expired links and requests older than the throttle's window, and keeps the rest")
    func prune() async throws {
        // Given a link that expired, one still valid, an old request and a recent one
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let now = app.clock.now
        try await app.database.writer.write { db in
            for (hash, expires) in [("old", now.addingTimeInterval(-1)), ("fresh", now.addingTimeInterval(60))] {
                try db.execute(sql: """
                    INSERT INTO account_token (purpose, user_id, address, token_hash, created_at, expires_at)
                    VALUES ('reset', ?, 'amara@example.org', ?, ?, ?)
                    """, arguments: [amara.id!, hash, now.addingTimeInterval(-3600), expires])
            }
            for (client, age) in [("old", 3601.0), ("recent", 60.0)] {
                try db.execute(sql: """
                    INSERT INTO account_mail_request (purpose, address_key, client_address, created_at) VALUES ('reset', 'a', ?, ?)
                    """, arguments: [client, now.addingTimeInterval(-age)])
            }
        }
        // When maintenance runs
        try await app.database.pruneAccountTokens(now: now, requestWindow: app.config.accountMailThrottle.window)
        // Then only the valid link and the recent request are left
        let left = try await app.database.reader.read { db in
            (try String.fetchAll(db, sql: "SELECT token_hash FROM account_token"),
             try String.fetchAll(db, sql: "SELECT client_address FROM account_mail_request"))
        }
        #expect(left.0 == ["fresh"])
        #expect(left.1 == ["recent"])
    }
}
