import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every moderation rule, and the list filters against their per-object twins.
@Suite("Guardian: moderation rules")
struct ModerationGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each moderation rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (question, replies) = try await f.question(replies: 1)
        let now = f.app.clock.now
        var held = question
        held.heldAt = now
        var hiddenDiscussion = question
        hiddenDiscussion.hiddenAt = now
        var heldPost = replies[0]
        heldPost.heldAt = now
        let (c, oc) = (f.community, f.otherCommunity)
        let memberRow = try #require(try await f.app.database.membership(communityID: c.id!, userID: f.member.id!))
        let moderatorRow = try #require(try await f.app.database.membership(communityID: c.id!, userID: f.moderator.id!))
        let all = Set(ActorName.allCases)

        let cases: [Case] = [
            Case(rule: "see a listed discussion", allowed: all) { $0.canSee(question, in: c) },
            Case(rule: "see a held discussion", allowed: [.author, .moderator, .admin]) { $0.canSee(held, in: c) },
            Case(rule: "see a hidden discussion", allowed: [.author, .moderator, .admin]) { $0.canSee(hiddenDiscussion, in: c) },
            Case(rule: "see a held reply's text", allowed: [.member, .moderator, .admin]) { $0.canSeeContent(of: heldPost, in: c) },
            Case(rule: "flag the author's discussion", allowed: [.member, .moderator, .admin]) { $0.canFlag(authorID: question.authorId, in: c) },
            Case(rule: "review flags, the queue and the dashboard", allowed: [.moderator, .admin]) { $0.canReview(c) },
            Case(rule: "restructure discussions", allowed: [.moderator, .admin]) { $0.canRestructure(in: c) },
            Case(rule: "move a discussion to another community", allowed: [.admin]) { $0.canMove(question, from: c, to: oc) },
            Case(rule: "silence a member", allowed: [.moderator, .admin]) { $0.canSilence(memberRow, in: c) },
            Case(rule: "silence a moderator", allowed: [.admin]) { $0.canSilence(moderatorRow, in: c) },
            Case(rule: "read the community's log", allowed: [.moderator, .admin]) { $0.canReadLog(of: c) },
            Case(rule: "suspend an account", allowed: [.admin]) { $0.canSuspend(f.member) },
            Case(rule: "archive and merge communities", allowed: [.admin]) { $0.canAdministerCommunities },
            Case(rule: "read the site log", allowed: [.admin]) { $0.canReadSiteLog },
        ]
        try await f.expectMatrix(cases)
    }

    @Test("a silenced member may read but not participate, reply or edit, in that community only")
    func silenced() async throws {
        let f = try await ForumFixture.make()
        let (question, replies) = try await f.question(replies: 1)
        let now = f.app.clock.now
        try await f.app.database.setSilence(
            communityID: f.community.id!, userID: f.member.id!, until: now.addingTimeInterval(3_600), reason: "Heated",
            log: ModerationAction(communityId: f.community.id!, actorId: f.moderator.id!, action: .silenceMember,
                                  targetType: .user, targetId: f.member.id!, createdAt: now))
        let guardian = try await f.guardian(f.member)
        #expect(guardian.canSee(f.community))
        #expect(guardian.isSilenced(in: f.community))
        #expect(!guardian.canParticipate(in: f.community))
        #expect(!guardian.canReply(to: question, in: f.board, of: f.community))
        #expect(!guardian.canEdit(replies[0], in: f.community))
        #expect(guardian.canParticipate(in: f.privateCommunity))
        let later = Guardian(f.member, memberships: guardian.memberships, silences: guardian.silences, now: now.addingTimeInterval(7_200))
        #expect(later.canParticipate(in: f.community))
    }

    @Test("moderators of a parent community moderate and see its members-only children; a child's moderator does not moderate the parent")
    func parentModerators() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        var child = Community(slug: "privacy-ontario", name: "Privacy Ontario", summary: "s", description: "d",
                              visibility: .members, joinPolicy: .invite, parentId: f.community.id, createdAt: now, updatedAt: now)
        child = try await f.app.database.createCommunity(child)
        try await f.app.database.addMember(communityID: child.id!, userID: f.outsider.id!, role: .moderator, now: now)
        let parentModerator = try await f.guardian(f.moderator)
        #expect(parentModerator.canSee(child))
        #expect(parentModerator.isModerator(of: child))
        #expect(parentModerator.canReview(child))
        let childModerator = try await f.guardian(f.outsider)
        #expect(childModerator.isModerator(of: child))
        #expect(!childModerator.isModerator(of: f.community))
        let member = try await f.guardian(f.member)
        #expect(!member.canSee(child))
        for guardian in [parentModerator, childModerator, member, try await f.guardian(f.otherModerator)] {
            let listed = try await f.app.database.reader.read { db in
                try guardian.visibleCommunities(Community.all()).fetchAll(db).map(\.slug)
            }
            let all = try await f.app.database.communities()
            #expect(Set(listed) == Set(all.filter(guardian.canSee).map(\.slug)))
        }
    }

    @Test("the board list's filter for held and hidden discussions agrees with canSee for every actor")
    func listedDiscussionsAgree() async throws {
        let f = try await ForumFixture.make()
        let (listed, _) = try await f.question(title: "A listed question")
        let (held, _) = try await f.question(title: "A held question")
        let (hidden, _) = try await f.question(title: "A hidden question")
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE discussion SET held_at = created_at WHERE id = ?", arguments: [held.id])
            try db.execute(sql: "UPDATE discussion SET hidden_at = created_at WHERE id = ?", arguments: [hidden.id])
        }
        let discussions = try await f.app.database.reader.read { db in try Discussion.fetchAll(db) }
        #expect(discussions.count == 3)
        _ = listed
        for user in [nil, f.outsider, f.member, f.author, f.moderator, f.otherModerator, f.admin] as [User?] {
            let guardian = try await f.guardian(user)
            let page = try await f.app.database.boardPage(boardID: f.board.id!, listed: guardian.listedDiscussionSQL(in: f.community),
                                                          filter: .all, page: 1)
            let expected = discussions.filter { guardian.canSee($0, in: f.community) }.map(\.id)
            #expect(Set(page.rows.map(\.discussion.id)) == Set(expected), "\(user?.handle ?? "anonymous")")
        }
    }
}
