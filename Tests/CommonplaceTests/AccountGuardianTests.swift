import Foundation
import Testing
@testable import Commonplace

/// Every actor against the rules about accounts, community settings and membership lists.
@Suite("Guardian: accounts and memberships")
struct AccountGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each account and membership rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        let memberRow = try #require(try await f.app.database.membership(communityID: c.id!, userID: f.member.id!))
        let moderatorRow = try #require(try await f.app.database.membership(communityID: c.id!, userID: f.moderator.id!))
        let now = f.app.clock.now
        let session = Session(id: 1, userId: f.member.id!, tokenHash: "h", createdAt: now, lastSeenAt: now, expiresAt: now,
                              userAgent: "", clientAddress: "")
        let all = Set(ActorName.allCases)

        let cases: [Case] = [
            Case(rule: "create a community", allowed: [.admin]) { $0.canCreateCommunity },
            Case(rule: "edit a community's description and settings", allowed: [.admin]) { $0.canEdit(c) },
            Case(rule: "see who is in a public community", allowed: all) { $0.canSeeMembers(of: c) },
            Case(rule: "see who is in a members-only community", allowed: [.member, .author, .moderator, .admin, .suspended]) {
                $0.canSeeMembers(of: pc)
            },
            Case(rule: "remove a member", allowed: [.moderator, .admin]) { $0.canRemove(memberRow, from: c) },
            Case(rule: "remove a moderator", allowed: [.admin]) { $0.canRemove(moderatorRow, from: c) },
            Case(rule: "see the member's sessions", allowed: [.member]) { $0.canSeeSessions(ofUser: f.member.id) },
            Case(rule: "end the member's session", allowed: [.member]) { $0.canEnd(session) },
            Case(rule: "edit the member's profile", allowed: [.member]) { $0.canEditProfile(ofUser: f.member.id) },
            Case(rule: "see the member's email", allowed: [.member, .admin]) { $0.canSeeEmail(ofUser: f.member.id) },
            Case(rule: "change the member's email address", allowed: [.member]) { $0.canChangeEmail(ofUser: f.member.id) },
            Case(rule: "change the suspended member's email address", allowed: []) { $0.canChangeEmail(ofUser: f.suspended.id) },
        ]
        try await f.expectMatrix(cases)
    }
}
