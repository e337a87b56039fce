import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Watch levels: who hears of a new post (the most specific row wins), and the discussions members watch by
/// starting or replying to them.
@Suite("Watching: levels and auto-watch")
struct WatchingTests {
    /// The audience of a new post in `discussion` of the fixture's public board.
    static func audience(_ f: ForumFixture, _ discussion: Discussion, opens: Bool = false) async throws -> WatchAudience {
        try await f.app.database.reader.read { db in
            try AppDatabase.watchAudience(db, communityID: discussion.communityId, boardID: discussion.boardId,
                                          discussionID: discussion.id!, opensDiscussion: opens)
        }
    }

    /// The level of `user`'s own row for a target, nil when there is none.
    static func row(_ f: ForumFixture, _ user: User, _ type: Watch.TargetType, _ id: Int64) async throws -> Watch.Level? {
        try await f.app.database.reader.read { db in
            try Watch.Level.fetchOne(db, sql: "SELECT level FROM watch WHERE user_id = ? AND target_type = ? AND target_id = ?",
                                     arguments: [user.id!, type, id])
        }
    }

    /// Removes every watch row (auto-watch writes some while a fixture sets up its discussions).
    static func clearWatches(_ f: ForumFixture) async throws {
        try await f.app.database.writer.write { db in try db.execute(sql: "DELETE FROM watch") }
    }

    @Test("no row is Normal: nobody is told, nobody is muted")
    func noRowIsNormal() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clearWatches(f)
        #expect(try await Self.audience(f, question) == WatchAudience())
        #expect(try await Self.audience(f, question, opens: true) == WatchAudience())
    }

    @Test("the most specific row wins: discussion over board over community")
    func mostSpecificWins() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clearWatches(f)
        let db = f.app.database
        let now = f.app.clock.now
        let (c, b, d) = (f.community.id!, f.board.id!, question.id!)
        // member: watches the community, mutes the board, watches the discussion → told
        try await db.setWatch(userID: f.member.id!, target: .community, id: c, level: .watching, now: now)
        try await db.setWatch(userID: f.member.id!, target: .board, id: b, level: .muted, now: now)
        try await db.setWatch(userID: f.member.id!, target: .discussion, id: d, level: .watching, now: now)
        // author: watches the community, mutes the board → muted
        try await db.setWatch(userID: f.author.id!, target: .community, id: c, level: .watching, now: now)
        try await db.setWatch(userID: f.author.id!, target: .board, id: b, level: .muted, now: now)
        // moderator: mutes the community, watches the board → told
        try await db.setWatch(userID: f.moderator.id!, target: .community, id: c, level: .muted, now: now)
        try await db.setWatch(userID: f.moderator.id!, target: .board, id: b, level: .watching, now: now)
        // admin: watches the community, mutes the discussion → muted
        try await db.setWatch(userID: f.admin.id!, target: .community, id: c, level: .watching, now: now)
        try await db.setWatch(userID: f.admin.id!, target: .discussion, id: d, level: .muted, now: now)
        // outsider: mutes the community only → muted; otherModerator: watches another community → nothing here
        try await db.setWatch(userID: f.outsider.id!, target: .community, id: c, level: .muted, now: now)
        try await db.setWatch(userID: f.otherModerator.id!, target: .community, id: f.otherCommunity.id!, level: .watching, now: now)

        let audience = try await Self.audience(f, question)
        #expect(audience.notify == [f.member.id!, f.moderator.id!])
        #expect(audience.muted == [f.author.id!, f.admin.id!, f.outsider.id!])
    }

    @Test("New discussions tells of a discussion's first post only; Normal on the discussion (no row) leaves the wider level deciding")
    func newDiscussionsOnlyForANewDiscussion() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clearWatches(f)
        let db = f.app.database
        let now = f.app.clock.now
        try await db.setWatch(userID: f.member.id!, target: .board, id: f.board.id!, level: .newDiscussions, now: now)
        try await db.setWatch(userID: f.author.id!, target: .community, id: f.community.id!, level: .newDiscussions, now: now)
        // The moderator chose New discussions for the community, then set this discussion back to Normal.
        try await db.setWatch(userID: f.moderator.id!, target: .community, id: f.community.id!, level: .newDiscussions, now: now)
        try await db.setWatch(userID: f.moderator.id!, target: .discussion, id: question.id!, level: .watching, now: now)
        try await db.setWatch(userID: f.moderator.id!, target: .discussion, id: question.id!, level: .normal, now: now)
        #expect(try await Self.row(f, f.moderator, .discussion, question.id!) == nil)

        #expect(try await Self.audience(f, question, opens: true).notify == [f.member.id!, f.author.id!, f.moderator.id!])
        #expect(try await Self.audience(f, question, opens: false) == WatchAudience())
    }

    @Test("New discussions is refused for a discussion (400), and nothing is written")
    func newDiscussionsRefusedForADiscussion() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await Self.clearWatches(f)
        await #expect(throws: AppError.badRequest(Watch.Level.refusal(.newDiscussions, for: .discussion))) {
            try await f.app.database.setWatch(userID: f.member.id!, target: .discussion, id: question.id!, level: .newDiscussions,
                                              now: f.app.clock.now)
        }
        #expect(try await Self.row(f, f.member, .discussion, question.id!) == nil)
    }

    @Test("starting a discussion and replying to it watch it for the author")
    func participatingWatches() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question(replies: 1)
        #expect(try await Self.row(f, f.author, .discussion, question.id!) == .watching)
        #expect(try await Self.row(f, f.member, .discussion, question.id!) == .watching)
        #expect(try await Self.row(f, f.moderator, .discussion, question.id!) == nil)
        #expect(try await Self.audience(f, question).notify == [f.author.id!, f.member.id!])
    }

    @Test("with “watch what I start or reply to” off, starting and replying write no watch")
    func participatingWithTheSettingOff() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.setWatchOnParticipate(userID: f.author.id!, false, now: f.app.clock.now, checking: .trusted)
        try await f.app.database.setWatchOnParticipate(userID: f.member.id!, false, now: f.app.clock.now, checking: .trusted)
        #expect(try f.app.database.watchesOnParticipate(userID: f.member.id!) == false)
        let (question, _) = try await f.question(replies: 2)
        #expect(try await Self.row(f, f.author, .discussion, question.id!) == nil)
        #expect(try await Self.row(f, f.member, .discussion, question.id!) == nil)
        #expect(try f.app.database.watchesOnParticipate(userID: f.moderator.id!) == true)
    }

    @Test("a discussion the member muted stays muted after they reply to it")
    func explicitMuteIsKept() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        try await f.app.database.setWatch(userID: f.member.id!, target: .discussion, id: question.id!, level: .muted, now: f.app.clock.now)
        _ = try await f.app.database.reply(discussionID: question.id!, authorID: f.member.id!, body: .from("Still here"), now: f.app.clock.now)
        #expect(try await Self.row(f, f.member, .discussion, question.id!) == .muted)
        #expect(try await Self.audience(f, question).muted == [f.member.id!])
    }

    @Test("a member's state on a discussion page: their own row, else the board's, else the community's")
    func watchState() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        let db = f.app.database
        let now = f.app.clock.now
        let (c, b, d) = (f.community.id!, f.board.id!, question.id!)
        #expect(try db.watchState(userID: f.member.id!, communityID: c, boardID: b, discussionID: d) == WatchState())
        try await db.setWatch(userID: f.member.id!, target: .community, id: c, level: .muted, now: now)
        #expect(try db.watchState(userID: f.member.id!, communityID: c, boardID: b, discussionID: d)
                == WatchState(own: nil, inherited: (.community, .muted)))
        try await db.setWatch(userID: f.member.id!, target: .board, id: b, level: .newDiscussions, now: now)
        #expect(try db.watchState(userID: f.member.id!, communityID: c, boardID: b, discussionID: d)
                == WatchState(own: nil, inherited: (.board, .newDiscussions)))
        #expect(try db.watchState(userID: f.member.id!, communityID: c, boardID: b)
                == WatchState(own: .newDiscussions, inherited: (.community, .muted)))
        #expect(try db.watchState(userID: f.member.id!, communityID: c) == WatchState(own: .muted))
        // The author's auto-watch is their own row on the discussion.
        #expect(try db.watchState(userID: f.author.id!, communityID: c, boardID: b, discussionID: d).effective == .watching)
    }

    @Test("merging a discussion moves its watchers' rows to the one it went into, keeping a level chosen there")
    func mergeMovesWatches() async throws {
        let f = try await ForumFixture.make()
        let (source, _) = try await f.question(title: "Source")
        let (target, _) = try await f.question(title: "Target")
        let db = f.app.database
        let now = f.app.clock.now
        try await db.setWatch(userID: f.member.id!, target: .discussion, id: source.id!, level: .watching, now: now)
        try await db.setWatch(userID: f.outsider.id!, target: .discussion, id: source.id!, level: .muted, now: now)
        try await db.setWatch(userID: f.outsider.id!, target: .discussion, id: target.id!, level: .watching, now: now)
        try await db.mergeDiscussion(id: source.id!, into: target.id!, sourceOpening: nil,
                                     by: ModeratorStamp(moderatorID: f.moderator.id!, at: now), checking: .trusted)
        #expect(try await Self.row(f, f.member, .discussion, target.id!) == .watching)
        #expect(try await Self.row(f, f.outsider, .discussion, target.id!) == .watching)
        let left = try await db.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM watch WHERE target_type = 'discussion' AND target_id = ?", arguments: [source.id!])
        }
        #expect(left == 0)
    }

    @Test("the audience is read through the target index (no scan of the watch table)")
    func audienceUsesTheIndex() async throws {
        let f = try await ForumFixture.make()
        let details = try await f.app.database.reader.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AppDatabase.watchAudienceSQL, arguments: [1, 1, 1])
                .map { $0["detail"] as String }
        }
        #expect(details.filter { $0.contains("watch") }.count == 3, "\(details)")
        #expect(details.filter { $0.contains("watch") }.allSatisfy { $0.contains("COVERING INDEX watch_on_target") }, "\(details)")
    }
}
