import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("Email: query plans")
struct DigestQueryPlanTests {
    @Test("scheduling and composing digests and queueing notification emails use indexes: no pass reads every account")
    func noFullScans() async throws {
        // Given the demo data, every account verified, some new content and a pending reply to fan out
        let (database, log) = try await QueryPlanTests.tracedDatabase()
        let now = Date()
        try await database.writer.write { db in try db.execute(sql: "UPDATE user SET email_verified_at = ?", arguments: [now]) }
        let member = try #require(try await database.user(handle: "amara"))
        let discussion = try #require(try await database.reader.read { db in
            try Discussion.filter(sql: "community_id IN (SELECT community_id FROM membership WHERE user_id = ?)", arguments: [member.id!]).fetchOne(db)
        })
        try await database.saveExpertise(userID: member.id!, Expertise(help: ["privacy"], suggestable: true), now: now)
        _ = try await database.reply(discussionID: discussion.id!, authorID: 1, body: .from("@amara news"), now: now)
        let settings = MailSettings()
        let digests = DigestService(database: database, settings: settings, baseURL: "https://forum.example")
        try await digests.runOnce(now: now)
        _ = try database.allBoards()
        _ = try database.allCommunities()
        log.reset()
        // When the fan-out queues the reply's emails and every digest falls due
        try await NotificationFanOut(database: database, mailing: NotificationMailing(baseURL: "https://forum.example", quietMinutes: 10)).runOnce()
        let queued = try await digests.runOnce(now: now.addingTimeInterval(8 * 86_400))
        #expect(queued > 0)
        // Then no statement scans a table, the scheduling pass's included
        let statements = log.selects
        #expect(statements.contains { $0.contains("FROM user u LEFT JOIN email_setting") })
        #expect(statements.count >= 8)
        for sql in statements {
            let plan = try await database.reader.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            // (The fan-out walks its partial index of pending events by design.)
            let scans = plan.filter { $0.hasPrefix("SCAN ") && !$0.contains("VIRTUAL TABLE") && !$0.contains("CONSTANT ROW")
                && !$0.contains("(subquery-") && !$0.contains("USING INDEX event_pending") }
            #expect(scans.isEmpty, "\(sql)\n\(plan)")
        }
    }
}
