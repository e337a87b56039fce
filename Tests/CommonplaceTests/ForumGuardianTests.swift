import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every forum rule: anonymous, signed-in non-member, member, author,
/// moderator of this community, moderator of another, site admin, suspended.
@Suite("Guardian: forum rules")
struct ForumGuardianTests {
    enum ActorName: String, CaseIterable { case anonymous, outsider, member, author, moderator, otherModerator, admin, suspended }

    typealias Case = GuardianCase

    @Test("each rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (question, replies) = try await f.question(replies: 1)
        let authorPost = try #require(try await f.app.database.post(discussionID: question.id!, number: 1)?.post)
        var hidden = authorPost
        hidden.hiddenAt = f.app.clock.now
        var deleted = replies[0]
        deleted.deletedAt = f.app.clock.now
        let (c, pc, oc, board) = (f.community, f.privateCommunity, f.otherCommunity, f.board)
        var archived = board
        archived.archivedAt = f.app.clock.now
        var locked = question
        locked.lockedAt = f.app.clock.now
        var hiddenQuestion = question
        hiddenQuestion.hiddenAt = f.app.clock.now
        var inactive = oc
        inactive.status = .inactive
        let all = Set(ActorName.allCases)
        let members: Set<ActorName> = [.member, .author, .moderator, .admin]
        var inactiveHere = c
        inactiveHere.status = .inactive
        var inactiveOpen = oc
        inactiveOpen.status = .inactive
        // A members-only sub-community of `c` that nobody belongs to: only the parent's moderators and site admins reach it.
        var child = pc
        child.id = 9_999
        child.parentId = c.id

        let cases: [Case] = [
            Case(rule: "see a public community", allowed: all) { $0.canSee(c) },
            Case(rule: "see a members-only community", allowed: [.member, .author, .moderator, .admin, .suspended]) { $0.canSee(pc) },
            Case(rule: "join an open community", allowed: [.outsider, .member, .author, .moderator, .admin]) { $0.canJoin(oc) },
            Case(rule: "request to join a by-request community", allowed: [.outsider, .otherModerator, .admin]) { $0.canRequestToJoin(c) },
            Case(rule: "participate", allowed: members) { $0.canParticipate(in: c) },
            Case(rule: "start a question", allowed: members) { $0.canStartDiscussion(in: board, of: c, kind: .question) },
            Case(rule: "start an announcement", allowed: [.moderator, .admin]) { $0.canStartDiscussion(in: board, of: c, kind: .announcement) },
            Case(rule: "start in an archived board", allowed: []) { $0.canStartDiscussion(in: archived, of: c, kind: .question) },
            Case(rule: "reply", allowed: members) { $0.canReply(to: question, in: board, of: c) },
            Case(rule: "reply to a locked discussion", allowed: [.moderator, .admin]) { $0.canReply(to: locked, in: board, of: c) },
            Case(rule: "accept an answer", allowed: [.author, .moderator, .admin]) { $0.canAcceptAnswer(of: question, in: c) },
            Case(rule: "edit the author's post", allowed: [.author, .moderator, .admin]) { $0.canEdit(authorPost, in: c) },
            Case(rule: "delete the author's post", allowed: [.author]) { $0.canDelete(authorPost, in: c) },
            Case(rule: "hide a post", allowed: [.moderator, .admin]) { $0.canHide(authorPost, in: c) },
            Case(rule: "see a hidden post's text", allowed: [.author, .moderator, .admin]) { $0.canSeeContent(of: hidden, in: c) },
            Case(rule: "see a visible post's text", allowed: all) { $0.canSeeContent(of: replies[0], in: c) },
            Case(rule: "restore a hidden post", allowed: [.moderator, .admin]) { $0.canRestore(hidden, in: c) },
            Case(rule: "restore a deleted post", allowed: [.moderator, .admin]) { $0.canRestore(deleted, in: c) },
            Case(rule: "restore a visible post", allowed: []) { $0.canRestore(authorPost, in: c) },
            Case(rule: "see a visible post's history", allowed: all) { $0.canSeeHistory(of: replies[0], in: c) },
            Case(rule: "see a hidden post's history", allowed: [.author, .moderator, .admin]) { $0.canSeeHistory(of: hidden, in: c) },
            Case(rule: "see a deleted post's history", allowed: [.moderator, .admin]) { $0.canSeeHistory(of: deleted, in: c) },
            Case(rule: "manage members", allowed: [.moderator, .admin]) { $0.canManageMembers(of: c) },
            Case(rule: "manage boards", allowed: [.moderator, .admin]) { $0.canManageBoards(of: c) },
            Case(rule: "lock and pin", allowed: [.moderator, .admin]) { $0.canModerate(c) },
            Case(rule: "appoint moderators", allowed: [.admin]) { $0.canAppointModerators(of: c) },
            Case(rule: "leave", allowed: [.member, .author, .moderator, .suspended]) { $0.canLeave(c) },
            // Flags
            Case(rule: "flag the author's post", allowed: [.member, .moderator, .admin]) { $0.canFlag(authorID: f.author.id, in: c) },
            Case(rule: "flag a member's reply", allowed: [.author, .moderator, .admin]) { $0.canFlag(authorID: f.member.id, in: c) },
            Case(rule: "flag a former member's post", allowed: members) { $0.canFlag(authorID: nil, in: c) },
            Case(rule: "flag in a members-only community", allowed: [.member, .moderator, .admin]) { $0.canFlag(authorID: f.author.id, in: pc) },
            Case(rule: "flag in an inactive community", allowed: []) { $0.canFlag(authorID: f.author.id, in: inactiveHere) },
            Case(rule: "review the flag queue", allowed: [.moderator, .admin]) { $0.canReview(c) },
            Case(rule: "review another community's flag queue", allowed: [.otherModerator, .admin]) { $0.canReview(oc) },
            Case(rule: "see one's own flags", allowed: all.subtracting([.anonymous])) { $0.canSeeOwnFlags },
            // Discussion tools
            Case(rule: "move a discussion within its community", allowed: [.moderator, .admin]) { $0.canMove(question, from: c, to: c) },
            Case(rule: "move a discussion to a community one does not moderate", allowed: [.admin]) { $0.canMove(question, from: c, to: oc) },
            Case(rule: "move a discussion to an inactive community", allowed: []) { $0.canMove(question, from: c, to: inactive) },
            Case(rule: "merge and split discussions", allowed: [.moderator, .admin]) { $0.canRestructure(in: c) },
            Case(rule: "merge and split in an inactive community", allowed: []) { $0.canRestructure(in: inactive) },
            Case(rule: "hide and restore a discussion", allowed: [.moderator, .admin]) { $0.canHide(question, in: c) },
            Case(rule: "see a hidden discussion", allowed: [.author, .moderator, .admin]) { $0.canSee(hiddenQuestion, in: c) },
            Case(rule: "see a listed discussion", allowed: all) { $0.canSee(question, in: c) },
            Case(rule: "accept an answer as a moderator (logged)", allowed: [.moderator, .admin]) { $0.acceptsAsModerator(question, in: c) },
            // The life of a community, and accounts
            Case(rule: "see an inactive public community", allowed: all) { $0.canSee(inactiveHere) },
            Case(rule: "participate in an inactive community", allowed: []) { $0.canParticipate(in: inactiveHere) },
            Case(rule: "reply in an inactive community", allowed: []) { $0.canReply(to: question, in: board, of: inactiveHere) },
            Case(rule: "edit a post in an inactive community", allowed: []) { $0.canEdit(authorPost, in: inactiveHere) },
            Case(rule: "join an inactive open community", allowed: []) { $0.canJoin(inactiveOpen) },
            Case(rule: "request to join an inactive community", allowed: []) { $0.canRequestToJoin(inactiveHere) },
            Case(rule: "manage boards of an inactive community", allowed: []) { $0.canManageBoards(of: inactiveHere) },
            Case(rule: "see a members-only sub-community", allowed: [.moderator, .admin]) { $0.canSee(child) },
            Case(rule: "moderate a sub-community", allowed: [.moderator, .admin]) { $0.canReview(child) },
            Case(rule: "manage boards of a sub-community", allowed: [.moderator, .admin]) { $0.canManageBoards(of: child) },
            Case(rule: "archive, reactivate and merge communities", allowed: [.admin]) { $0.canAdministerCommunities },
            Case(rule: "suspend another account", allowed: [.admin]) { $0.canSuspend(f.member) },
            Case(rule: "suspend the site admin's own account", allowed: []) { $0.canSuspend(f.admin) },
            Case(rule: "lift a suspension", allowed: [.admin]) { $0.canLiftSuspension(of: f.suspended) },
            Case(rule: "read the site log and the accounts list", allowed: [.admin]) { $0.canReadSiteLog },
            Case(rule: "see the mail outbox", allowed: [.admin]) { $0.canSeeMailOutbox },
            Case(rule: "retry a failed email", allowed: [.admin]) { $0.canRetryMail },
            Case(rule: "change the site's settings", allowed: [.admin]) { $0.canChangeSiteSettings },
        ]

        try await f.expectMatrix(cases)
    }

    @Test("the SQL visibility filter agrees with canSee for every actor")
    func listsAgree() async throws {
        let f = try await ForumFixture.make()
        for user in [nil, f.outsider, f.member, f.otherModerator, f.admin, f.suspended] as [User?] {
            let guardian = try await f.guardian(user)
            let all = try await f.app.database.communities()
            let listed = try await f.app.database.reader.read { db in
                try guardian.visibleCommunities(Community.all()).fetchAll(db).map(\.slug)
            }
            #expect(Set(listed) == Set(all.filter(guardian.canSee).map(\.slug)), "\(user?.handle ?? "anonymous")")
        }
    }
}
