import Foundation
import GRDB
import Testing
@testable import Commonplace

@Suite("All teach, all learn: query plans")
struct LearningQueryPlanTests {
    @Test("Who to ask, the question box, questions for you, help requests, helpful state and contributions use indexes")
    func noFullScans() async throws {
        let (database, log) = try await QueryPlanTests.tracedDatabase()
        let member = try #require(try await database.user(handle: "amara"))
        let community = try #require(try await database.reader.read { db in
            try Community.filter(sql: "id IN (SELECT community_id FROM membership WHERE user_id = ?)", arguments: [member.id!]).fetchOne(db)
        })
        let opening = try #require(try await database.reader.read { db in
            try Post.filter(sql: "number = 1 AND discussion_id IN (SELECT id FROM discussion WHERE community_id = ?)", arguments: [community.id!]).fetchOne(db)
        })
        try await database.saveExpertise(userID: member.id!, Expertise(help: ["privacy", "consent forms"], suggestable: true), now: Date())
        try await database.setVocabulary(communityID: community.id!, ["privacy impact assessments"])
        let visible: SQL = "(community.visibility = 'public')"
        // The board and community caches read their whole (small) tables once, by design: loaded before the log starts.
        _ = try database.allBoards()
        _ = try database.allCommunities()
        log.reset()
        _ = try await database.whoToAsk(communityID: community.id!, topics: ["privacy", "consent forms"], now: Date())
        _ = try await database.optedInMembers(communityID: community.id!, now: Date())
        _ = try await database.candidateTopics(communityID: community.id!)
        _ = try await database.topics(matchingPost: opening.id!, among: ["privacy"])
        _ = try await database.questionsForYou(userID: member.id!, topics: ["privacy"], visible: visible, limit: 50)
        _ = try await database.helpRequests(helperID: member.id!, visible: visible, limit: 100)
        _ = try await database.sentHelpRequests(requesterID: member.id!, visible: visible, limit: 100)
        _ = try await database.unseenHelpRequestCount(helperID: member.id!, visible: visible)
        _ = try await database.discussionThread(id: opening.discussionId, page: 1, reader: member.id!)
        _ = try await database.contributions(userID: member.id!, visible: visible)
        _ = try await database.expertise(userID: member.id!)
        _ = try await database.vocabulary(forMember: member.id!)
        let statements = log.selects
        #expect(statements.count >= 12)
        for sql in statements {
            let plan = try await database.reader.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            // Virtual tables (the FTS index, json_each over bound ids) and small subquery results are walked by design; tables use an index.
            let scans = plan.filter { $0.hasPrefix("SCAN ") && !$0.contains("VIRTUAL TABLE") && !$0.contains("CONSTANT ROW") && !$0.contains("(subquery-") }
            #expect(scans.isEmpty, "\(sql)\n\(plan)")
        }
    }
}
