import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

/// The "nothing written" helper must be able to fail: each kind of write inside it is a recorded issue.
@Suite("The no-write helper")
struct NoWriteTests {
    @Test("a read, and a refused request, pass")
    func readsPass() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await f.app.expectNoWrite {
            _ = try await f.app.database.post(id: posts[0].id!)
        }
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            let token = try await browser.csrfToken()
            let refused = try await f.app.expectNoWrite {
                try await browser.post(Paths.editPost(posts[0].id!), [("body", "Hijacked")], csrf: token)
            }
            #expect(refused.status == .forbidden)
        }
    }

    @Test("an INSERT, an UPDATE (even to the same value) and a DELETE are each caught")
    func writesFail() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(replies: 1)
        let writes: [(String, String)] = [
            ("insert", "INSERT INTO community_topic (community_id, topic) VALUES (\(f.community.id!), 'consent')"),
            ("update", "UPDATE user SET display_name = 'Changed' WHERE id = \(f.member.id!)"),
            ("update to the same value", "UPDATE discussion SET title = title WHERE id = \(discussion.id!)"),
            ("delete", "DELETE FROM membership WHERE user_id = \(f.member.id!) AND community_id = \(f.privateCommunity.id!)"),
        ]
        for (kind, sql) in writes {
            try await withKnownIssue("\(kind) inside the helper") {
                try await f.app.expectNoWrite {
                    try await f.app.database.writer.write { db in try db.execute(sql: sql) }
                }
            } matching: { $0.isNoWrite }
        }
    }

    @Test("a write rolled back is still caught; an allowed request through the app is caught")
    func rolledBackAndApp() async throws {
        let f = try await ForumFixture.make()
        let (_, posts) = try await f.question(replies: 1)
        try await withKnownIssue("a write rolled back") {
            try await f.app.expectNoWrite {
                try await f.app.database.writer.writeWithoutTransaction { db in
                    try db.inTransaction {
                        try db.execute(sql: "UPDATE post SET body_markdown = 'Rolled back' WHERE id = ?", arguments: [posts[0].id])
                        return .rollback
                    }
                }
            }
        } matching: { $0.isNoWrite }
        #expect(try await f.app.database.post(id: posts[0].id!)?.bodyMarkdown == "Reply 1")
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let token = try await browser.csrfToken()
            try await withKnownIssue("an allowed edit") {
                _ = try await f.app.expectNoWrite {
                    try await browser.post(Paths.editPost(posts[0].id!), [("body", "An allowed edit")], csrf: token)
                }
            } matching: { $0.isNoWrite }
        }
        #expect(try await f.app.database.post(id: posts[0].id!)?.bodyMarkdown == "An allowed edit")
    }

    @Test("an ignored table may change; any other may not")
    func ignoring() async throws {
        let f = try await ForumFixture.make()
        try await f.app.expectNoWrite(ignoring: ["user"]) {
            try await f.app.database.writer.write { db in try db.execute(sql: "UPDATE user SET display_name = 'Renamed'") }
        }
        try await withKnownIssue("a write beside the ignored table") {
            try await f.app.expectNoWrite(ignoring: ["user"]) {
                try await f.app.database.writer.write { db in try db.execute(sql: "UPDATE community SET summary = 'Changed'") }
            }
        } matching: { $0.isNoWrite }
    }
}

extension Issue {
    /// An issue recorded by `expectNoWrite` (not, say, an error thrown by the write meant to trigger it).
    var isNoWrite: Bool { comments.contains { $0.rawValue.contains("expected no write") } }
}
