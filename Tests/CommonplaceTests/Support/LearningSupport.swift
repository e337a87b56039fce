import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Helpers for the "all teach, all learn" tests: more members, expertise, answered questions, resources, row counts.
extension ForumFixture {
    /// Rows of a table (optionally matching a condition), to check what a request wrote or did not write.
    func learningRows(_ table: String, where condition: String = "1") async throws -> Int {
        try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(condition)") ?? 0
        }
    }

    /// A new account that is a member of `community` (the public one by default).
    func addMember(_ handle: String, to community: Community? = nil) async throws -> User {
        let user = try await app.createUser(handle: handle)
        try await app.database.addMember(communityID: (community ?? self.community).id!, userID: user.id!, now: app.clock.now)
        return user
    }

    /// Sets a member's expertise directly.
    func setExpertise(_ user: User, help: [String] = [], learn: [String] = [], suggestable: Bool = true, mentor: Bool = false) async throws {
        try await app.database.saveExpertise(userID: user.id!, Expertise(help: help, learn: learn, suggestable: suggestable, mentor: mentor),
                                             now: app.clock.now)
    }

    /// A question by `asker` (the author by default) with the given body; returns it with its opening post.
    func ask(_ title: String, body: String = "Any advice?", by asker: User? = nil, in board: Board? = nil) async throws -> (Discussion, Post) {
        let board = board ?? self.board
        let discussion = try await app.database.createDiscussion(NewDiscussion(
            communityID: board.communityId, boardID: board.id!, kind: .question, title: title, authorID: (asker ?? author).id!,
            body: .from(body), createdAt: app.clock.now))
        app.clock.advance(by: 60)
        let opening = try #require(try await app.database.post(discussionID: discussion.id!, number: 1)).post
        return (discussion, opening)
    }

    /// A question answered by `answerer` (accepted unless `accepted` is false), whose answer `markers` marked helpful.
    @discardableResult
    func answered(_ title: String, by answerer: User, accepted: Bool = true, helpfulFrom markers: [User] = [],
                  in board: Board? = nil) async throws -> (Discussion, Post) {
        let (question, _) = try await ask(title, in: board)
        let answer = try await app.database.reply(discussionID: question.id!, authorID: answerer.id!, body: .from("Here is how we did it."),
                                                  now: app.clock.now)
        if accepted { try await app.database.setAcceptedAnswer(discussionID: question.id!, postID: answer.id!) }
        for marker in markers {
            try await app.database.setHelpful(.post(answer.id!), userID: marker.id!, marked: true, now: app.clock.now)
        }
        return (try #require(try await app.database.discussion(id: question.id!)), answer)
    }

    /// A resource shared by `author` in `community` (a link), optionally held for approval.
    func shareResource(_ title: String, by author: User, in community: Community? = nil, held: Bool = false) async throws -> Resource {
        let now = app.clock.now
        var resource = Resource(communityId: (community ?? self.community).id!, authorId: author.id!, title: title, type: .guide,
                                url: "https://example.org/\(Paths.slugify(title))", createdAt: now, updatedAt: now)
        if held { resource.heldAt = now }
        return try await app.database.createResource(resource, tags: [])
    }
}
