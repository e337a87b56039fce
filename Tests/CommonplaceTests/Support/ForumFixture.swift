import Foundation
import GRDB
@testable import Commonplace

/// A small forum for tests: two communities with boards, and one account for each kind of actor.
struct ForumFixture {
    let app: TestApp
    var community: Community
    var privateCommunity: Community
    var otherCommunity: Community
    var board: Board
    var privateBoard: Board
    let member: User
    let author: User
    let moderator: User
    let otherModerator: User
    let admin: User
    let outsider: User
    let suspended: User

    static func make(_ configure: (inout AppConfiguration) -> Void = { _ in }) async throws -> ForumFixture {
        let app = try TestApp(configure: configure)
        let db = app.database
        let now = app.clock.now
        func makeCommunity(_ slug: String, _ visibility: Community.Visibility, _ policy: Community.JoinPolicy) async throws -> Community {
            var c = Community(slug: slug, name: slug.capitalized, summary: "About \(slug).", description: "All about \(slug).",
                              visibility: visibility, joinPolicy: policy, createdAt: now, updatedAt: now)
            c.kinds = [.exchange]
            return try await db.createCommunity(c)
        }
        let community = try await makeCommunity("privacy", .public, .request)
        let privateCommunity = try await makeCommunity("security", .members, .invite)
        let otherCommunity = try await makeCommunity("finance", .public, .open)
        let board = try await db.createBoard(Board(communityId: community.id!, slug: "questions", name: "Questions", position: 0, createdAt: now))
        let privateBoard = try await db.createBoard(Board(communityId: privateCommunity.id!, slug: "general", name: "General", position: 0, createdAt: now))
        _ = try await db.createBoard(Board(communityId: otherCommunity.id!, slug: "general", name: "General", position: 0, createdAt: now))

        let member = try await app.createUser(handle: "member")
        let author = try await app.createUser(handle: "author")
        let moderator = try await app.createUser(handle: "moderator")
        let otherModerator = try await app.createUser(handle: "othermod")
        let admin = try await app.createUser(handle: "admin", admin: true)
        let outsider = try await app.createUser(handle: "outsider")
        let created = try await app.createUser(handle: "suspended")
        let until = now.addingTimeInterval(86_400 * 7)
        try await db.writer.write { dbc in
            try dbc.execute(sql: "UPDATE user SET suspended_until = ?, suspension_reason = 'spam' WHERE id = ?",
                            arguments: [until, created.id])
        }
        var suspended = created
        suspended.suspendedUntil = until
        for user in [member, author, suspended] {
            try await db.addMember(communityID: community.id!, userID: user.id!, now: now)
            try await db.addMember(communityID: privateCommunity.id!, userID: user.id!, now: now)
        }
        try await db.addMember(communityID: community.id!, userID: moderator.id!, role: .moderator, now: now)
        try await db.addMember(communityID: privateCommunity.id!, userID: moderator.id!, role: .moderator, now: now)
        try await db.addMember(communityID: otherCommunity.id!, userID: otherModerator.id!, role: .moderator, now: now)
        return ForumFixture(app: app, community: community, privateCommunity: privateCommunity, otherCommunity: otherCommunity,
                            board: board, privateBoard: privateBoard, member: member, author: author, moderator: moderator,
                            otherModerator: otherModerator, admin: admin, outsider: outsider, suspended: suspended)
    }

    /// A question by `author` in the public board, with `replies` replies by `member`.
    func question(title: String = "How do we disclose PHI to police?", replies: Int = 0, kind: Discussion.Kind = .question,
                  in board: Board? = nil) async throws -> (Discussion, [Post]) {
        let board = board ?? self.board
        let now = app.clock.now
        let discussion = try await app.database.createDiscussion(NewDiscussion(
            communityID: board.communityId, boardID: board.id!, kind: kind, title: title, authorID: author.id!,
            body: .from("What does **PHIPA** allow?"), createdAt: now))
        var posts: [Post] = []
        for n in 0..<replies {
            posts.append(try await app.database.reply(discussionID: discussion.id!, authorID: member.id!,
                                                      body: .from("Reply \(n + 1)"), now: now.addingTimeInterval(Double(n + 1))))
        }
        return (try await app.database.discussion(id: discussion.id!)!, posts)
    }

    /// The Guardian of a user as the app builds it (memberships loaded).
    func guardian(_ user: User?) async throws -> Guardian {
        guard let user else { return Guardian(nil, now: app.clock.now) }
        let memberships = try await app.database.reader.read { db in
            try Membership.filter(Column("user_id") == user.id!).fetchAll(db)
        }
        return Guardian(user, memberships: Dictionary(uniqueKeysWithValues: memberships.map { ($0.communityId, $0.role) }),
                        silences: AppDatabase.silences(memberships, now: app.clock.now), now: app.clock.now)
    }
}
