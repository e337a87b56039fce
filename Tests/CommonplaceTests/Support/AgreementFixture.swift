import Foundation
import GRDB
import Testing
@testable import Commonplace

/// One forum holding a row of every kind the visibility rules treat differently, and an account for every kind of actor,
/// for the tests that compare each list with the Guardian's per-object rules.
///
/// Communities: privacy (public), security (members-only), finance (public), privacy-ontario (a members-only child of
/// privacy whose only member is `childauthor`), retired (public, inactive) and old-finance (merged into finance).
/// Discussions (each title holds `word` and its own token, every opening post holds `word`): listed, held and hidden
/// ones; one on an archived board; one whose opening post is deleted; answered and unanswered questions; a reply of
/// each kind (visible, hidden, deleted, held). Resources: listed, held and archived ones, in each community, each with
/// the discussion of its own that sharing a resource starts.
/// Help requests: one to every signed-in actor about every discussion. Expertise: everyone can help with `word`.
struct AgreementFixture {
    static let word = "wombat"

    let f: ForumFixture
    let child: Community
    let retired: Community
    let merged: Community
    /// Every actor of the matrices plus a parent community's moderator, a silenced member and a suspended moderator.
    let actors: [(name: String, user: User?)]
    let communities: [Community]
    /// Every board, with its community.
    let boards: [(community: Community, board: Board)]
    let discussions: [Discussion]
    let posts: [Post]
    let resources: [Resource]
    /// The token in each discussion's and resource's title, by id (a resource's own discussion has the resource's).
    let tokens: [Int64: String]
    let resourceTokens: [Int64: String]
    /// The member whose answers and helpful marks Who to ask counts.
    var helper: User { f.member }

    var app: TestApp { f.app }

    func community(_ id: Int64) -> Community { communities.first { $0.id == id }! }
    func posts(of discussion: Discussion) -> [Post] { posts.filter { $0.discussionId == discussion.id } }
    func opening(_ discussion: Discussion) -> Post { posts(of: discussion).first { $0.number == 1 }! }

    /// The Guardian of each actor, as the app builds it from the database.
    func guardians() async throws -> [(name: String, user: User?, guardian: Guardian)] {
        var result: [(String, User?, Guardian)] = []
        for (name, user) in actors { result.append((name, user, try await f.guardian(user))) }
        return result
    }

    /// Gives `browser` a session for `user` (none for an anonymous visitor).
    func become(_ user: User?, in browser: Browser) async throws {
        browser.clearCookies()
        if let user { try await app.startSession(for: user, in: browser) }
    }

    static func make() async throws -> AgreementFixture {
        // Agreement is about which rows a list shows, so pages are not also rendered by the reference renderer here
        // (the template tests do that): it keeps the many requests below quick.
        let f = try await ForumFixture.make { $0.renderObserver = nil }
        let db = f.app.database
        let clock = f.app.clock
        func account(_ handle: String) async throws -> User {
            let now = clock.now
            // Sessions are made directly, so the password hash is never checked.
            return try await db.createUser(User(handle: handle, email: "\(handle)@example.org", displayName: handle.capitalized,
                                                passwordHash: "unused", isAdmin: false, createdAt: now, updatedAt: now))
        }
        func community(_ slug: String, _ visibility: Community.Visibility, parent: Community? = nil) async throws -> Community {
            var c = Community(slug: slug, name: slug.capitalized, summary: "About \(slug).", description: "All about \(slug).",
                              visibility: visibility, joinPolicy: .open, parentId: parent?.id, createdAt: clock.now, updatedAt: clock.now)
            c.kinds = [.exchange]
            return try await db.createCommunity(c)
        }
        func board(_ slug: String, in c: Community, archived: Bool = false) async throws -> Board {
            let b = try await db.createBoard(Board(communityId: c.id!, slug: slug, name: slug.capitalized, position: 1, createdAt: clock.now))
            if archived {
                try await db.writer.write { try $0.execute(sql: "UPDATE board SET archived_at = created_at WHERE id = ?", arguments: [b.id]) }
            }
            return b
        }

        // Communities and boards
        let child = try await community("privacy-ontario", .members, parent: f.community)
        let retired = try await community("retired", .public)
        let merged = try await community("old-finance", .public)
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE community SET status = 'inactive', archived_at = created_at WHERE id = ?", arguments: [retired.id])
            try db.execute(sql: "UPDATE community SET status = 'inactive', archived_at = created_at, merged_into_id = ? WHERE id = ?",
                           arguments: [f.otherCommunity.id, merged.id])
        }
        let oldBoard = try await board("old", in: f.community, archived: true)
        let childBoard = try await board("general", in: child)
        let retiredBoard = try await board("general", in: retired)
        let financeBoard = try #require(try await db.boards(communityID: f.otherCommunity.id!).first?.board)

        // The three extra actors, and the child community's author
        let parentModerator = try await account("parentmod")
        let silenced = try await account("silenced")
        let suspendedModerator = try await account("suspendedmod")
        let childAuthor = try await account("childauthor")
        let now = clock.now
        try await db.addMember(communityID: f.community.id!, userID: parentModerator.id!, role: .moderator, now: now)
        try await db.addMember(communityID: f.community.id!, userID: suspendedModerator.id!, role: .moderator, now: now)
        for c in [f.community, f.privateCommunity] { try await db.addMember(communityID: c.id!, userID: silenced.id!, now: now) }
        for c in [child, f.community] { try await db.addMember(communityID: c.id!, userID: childAuthor.id!, now: now) }
        try await db.setSilence(communityID: f.community.id!, userID: silenced.id!, until: now.addingTimeInterval(30 * 86_400), reason: "Heated",
                                log: ModerationAction(communityId: f.community.id!, actorId: f.moderator.id!, action: .silenceMember,
                                                      targetType: .user, targetId: silenced.id!, createdAt: now))
        try await db.writer.write { db in
            try db.execute(sql: "UPDATE user SET suspended_until = ?, suspension_reason = 'spam' WHERE id = ?",
                           arguments: [now.addingTimeInterval(7 * 86_400), suspendedModerator.id])
        }

        // Discussions
        var tokens: [Int64: String] = [:]
        func start(_ n: Int, in board: Board, by author: User, kind: Discussion.Kind = .question) async throws -> Discussion {
            clock.advance(by: 60)
            let token = String(format: "agree%02dx", n)
            let d = try await db.createDiscussion(NewDiscussion(
                communityID: board.communityId, boardID: board.id!, kind: kind, title: "The \(word) case \(token)", authorID: author.id!,
                body: .from("What about the \(word)?"), createdAt: clock.now))
            tokens[d.id!] = token
            return d
        }
        func reply(_ d: Discussion, by author: User, _ text: String = "A \(word) answer") async throws -> Post {
            clock.advance(by: 60)
            return try await db.reply(discussionID: d.id!, authorID: author.id!, body: .from(text), now: clock.now)
        }
        func set(_ table: String, _ assignment: String, id: Int64?) async throws {
            try await db.writer.write { try $0.execute(sql: "UPDATE \(table) SET \(assignment) WHERE id = ?", arguments: [id]) }
        }
        let (c, member, author, moderator) = (f.community, f.member, f.author, f.moderator)
        // d1: listed, with a reply of each kind; its visible reply is the accepted answer, marked helpful (the hidden one too).
        let d1 = try await start(1, in: f.board, by: author)
        let visibleReply = try await reply(d1, by: member)
        let hiddenReply = try await reply(d1, by: member)
        let deletedReply = try await reply(d1, by: member)
        let heldReply = try await reply(d1, by: silenced)
        for marked in [visibleReply, hiddenReply] { try await db.setHelpful(.post(marked.id!), userID: author.id!, marked: true, now: clock.now) }
        try await db.setAcceptedAnswer(discussionID: d1.id!, postID: visibleReply.id!)
        try await db.hidePost(id: hiddenReply.id!, moderatorID: moderator.id!, reason: "Names a client", now: clock.now)
        try await db.deletePost(id: deletedReply.id!, now: clock.now)
        try await set("post", "held_at = created_at", id: heldReply.id)
        // d2 held and d3 hidden, each with an accepted answer by the helper (never counted for Who to ask).
        let d2 = try await start(2, in: f.board, by: author)
        let d3 = try await start(3, in: f.board, by: author)
        for d in [d2, d3] { try await db.setAcceptedAnswer(discussionID: d.id!, postID: try await reply(d, by: member).id!) }
        try await set("discussion", "held_at = created_at", id: d2.id)
        try await set("discussion", "hidden_at = created_at", id: d3.id)
        // d4: the member's own question, answered by the author.
        let d4 = try await start(4, in: f.board, by: member)
        try await db.setAcceptedAnswer(discussionID: d4.id!, postID: try await reply(d4, by: author).id!)
        // d5: on an archived board, answered by the helper.
        let d5 = try await start(5, in: oldBoard, by: author)
        try await db.setAcceptedAnswer(discussionID: d5.id!, postID: try await reply(d5, by: member).id!)
        // d6, d7 (held): members-only. d8: another public community. d9: the members-only child. d10: an inactive community.
        _ = try await start(6, in: f.privateBoard, by: member)
        let d7 = try await start(7, in: f.privateBoard, by: author)
        try await set("discussion", "held_at = created_at", id: d7.id)
        _ = try await start(8, in: financeBoard, by: f.otherModerator, kind: .conversation)
        _ = try await start(9, in: childBoard, by: childAuthor)
        _ = try await start(10, in: retiredBoard, by: author)
        // d11: its opening post deleted by its author; a visible reply still holds the word.
        let d11 = try await start(11, in: f.board, by: author)
        _ = try await reply(d11, by: member)
        let d11Opening = try #require(try await db.post(discussionID: d11.id!, number: 1)).post
        try await db.deletePost(id: d11Opening.id!, now: clock.now)
        // d12: a hidden discussion started by the helper.
        let d12 = try await start(12, in: f.board, by: member)
        try await set("discussion", "hidden_at = created_at", id: d12.id)

        // Resources
        var resourceTokens: [Int64: String] = [:]
        func share(_ n: Int, in c: Community, by author: User, held: Bool = false, archived: Bool = false) async throws {
            let token = String(format: "res%02dx", n)
            let r = try await f.shareResource("A \(word) guide \(token)", by: author, in: c, held: held)
            if archived { try await set("resource", "archived_at = created_at", id: r.id) }
            resourceTokens[r.id!] = token
        }
        try await share(1, in: c, by: author)
        try await share(2, in: c, by: author, held: true)
        try await share(3, in: c, by: author, archived: true)
        try await share(4, in: f.privateCommunity, by: member)
        try await share(5, in: child, by: childAuthor)
        try await share(6, in: f.otherCommunity, by: f.otherModerator)
        try await share(7, in: retired, by: author)

        // Actors (suspended ones read back, so their accounts carry the suspension)
        let suspendedModeratorNow = try #require(try await db.user(handle: "suspendedmod"))
        let actors: [(String, User?)] = [
            ("anonymous", nil), ("outsider", f.outsider), ("member", member), ("author", author), ("moderator", moderator),
            ("othermod", f.otherModerator), ("admin", f.admin), ("suspended", f.suspended), ("parentmod", parentModerator),
            ("silenced", silenced), ("suspendedmod", suspendedModeratorNow),
        ]

        // Help requests and expertise
        let discussions = try await db.reader.read { db in try Discussion.order(Column("id")).fetchAll(db) }
        try await db.writer.write { db in
            for case let (_, user?) in actors {
                for d in discussions {
                    var request = HelpRequest(communityId: d.communityId, discussionId: d.id!, requesterId: childAuthor.id!, helperId: user.id!,
                                              createdAt: now)
                    try request.insert(db)
                }
            }
        }
        for case let (_, user?) in actors + [("childauthor", childAuthor)] {
            try await db.saveExpertise(userID: user.id!, Expertise(help: [word], suggestable: true), now: clock.now)
        }

        let stored = try await db.reader.read { db in
            (try Community.order(Column("id")).fetchAll(db), try Post.order(Column("id")).fetchAll(db),
             try Resource.order(Column("id")).fetchAll(db), try Board.order(Column("id")).fetchAll(db))
        }
        let boards = stored.3.map { b in (community: stored.0.first { $0.id == b.communityId }!, board: b) }
        // Each resource has a discussion of its own, titled as the resource: its token is the resource's.
        for d in discussions where tokens[d.id!] == nil {
            tokens[d.id!] = try #require(d.title.firstMatch(of: /res\d\dx/)).output.description
        }
        return AgreementFixture(f: f, child: child, retired: retired, merged: merged, actors: actors, communities: stored.0, boards: boards,
                                discussions: discussions, posts: stored.1, resources: stored.2, tokens: tokens, resourceTokens: resourceTokens)
    }
}
