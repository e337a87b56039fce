import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every rule this part of the site has.
@Suite("Guardian")
struct GuardianTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func user(_ id: Int64, admin: Bool = false) -> User {
        User(id: id, handle: "u\(id)", email: "u\(id)@example.org", displayName: "U\(id)", passwordHash: "x",
             isAdmin: admin, createdAt: now, updatedAt: now)
    }

    static func community(_ visibility: Community.Visibility) -> Community {
        Community(id: 1, slug: "c", name: "C", summary: "s", description: "d", visibility: visibility,
                  joinPolicy: .open, createdAt: now, updatedAt: now)
    }

    static let anonymous = Guardian(nil)
    static let member = Guardian(user(2))
    static let owner = Guardian(user(3))
    static let admin = Guardian(user(9, admin: true))

    @Test("only site admins create and edit communities")
    func communityManagement() {
        #expect(!Self.anonymous.canCreateCommunity)
        #expect(!Self.member.canCreateCommunity)
        #expect(Self.admin.canCreateCommunity)
        for visibility in Community.Visibility.allCases {
            let community = Self.community(visibility)
            #expect(!Self.anonymous.canEdit(community))
            #expect(!Self.member.canEdit(community))
            #expect(Self.admin.canEdit(community))
        }
    }

    @Test("public communities are seen by all; members-only ones not by outsiders")
    func communityVisibility() {
        let open = Self.community(.public), closed = Self.community(.members)
        #expect(Self.anonymous.canSee(open))
        #expect(Self.member.canSee(open))
        #expect(!Self.anonymous.canSee(closed))
        #expect(!Self.member.canSee(closed))
        #expect(Self.admin.canSee(closed))
    }

    @Test("the SQL visibility filter agrees with canSee for every actor")
    func visibilityFilterAgrees() async throws {
        let app = try TestApp()
        try await app.seed()
        for guardian in [Self.anonymous, Self.member, Self.admin] {
            let all = try await app.database.communities()
            let listed = try await app.database.reader.read { db in
                try guardian.visibleCommunities(Community.all()).fetchAll(db).map(\.slug)
            }
            #expect(Set(listed) == Set(all.filter(guardian.canSee).map(\.slug)))
        }
    }

    @Test("a session list and its sessions belong to their owner alone, not even to admins")
    func sessions() {
        let session = Session(id: 5, userId: 3, tokenHash: "h", createdAt: Self.now, lastSeenAt: Self.now,
                              expiresAt: Self.now, userAgent: "", clientAddress: "")
        #expect(Self.owner.canSeeSessions(ofUser: 3))
        #expect(Self.owner.canEnd(session))
        for other in [Self.anonymous, Self.member, Self.admin] {
            #expect(!other.canSeeSessions(ofUser: 3))
            #expect(!other.canEnd(session))
        }
    }

    @Test("profiles are edited by their owner; emails are seen by the owner and site admins")
    func profiles() {
        #expect(Self.owner.canEditProfile(ofUser: 3))
        #expect(!Self.member.canEditProfile(ofUser: 3))
        #expect(!Self.admin.canEditProfile(ofUser: 3))
        #expect(!Self.anonymous.canEditProfile(ofUser: 3))
        #expect(Self.owner.canSeeEmail(ofUser: 3))
        #expect(Self.admin.canSeeEmail(ofUser: 3))
        #expect(!Self.member.canSeeEmail(ofUser: 3))
        #expect(!Self.anonymous.canSeeEmail(ofUser: 3))
    }

    @Test("site admins suspend others but never themselves, lift suspensions, administer communities and read the site log; nobody else does")
    func siteAdministration() {
        let target = Self.user(3)
        #expect(Self.admin.canSuspend(target))
        #expect(!Self.admin.canSuspend(Self.user(9, admin: true)))
        #expect(Self.admin.canLiftSuspension(of: target))
        #expect(Self.admin.canAdministerCommunities && Self.admin.canReadSiteLog)
        var suspendedAdmin = Self.user(8, admin: true)
        suspendedAdmin.suspendedUntil = Self.now.addingTimeInterval(3600)
        let suspended = Guardian(suspendedAdmin, now: Self.now)
        #expect(!suspended.canSuspend(target) && !suspended.canLiftSuspension(of: target) && !suspended.canAdministerCommunities)
        for other in [Self.anonymous, Self.member, Self.owner] {
            #expect(!other.canSuspend(target))
            #expect(!other.canLiftSuspension(of: target))
            #expect(!other.canAdministerCommunities)
            #expect(!other.canReadSiteLog)
        }
    }

    @Test("ensure throws 403, ensureVisible 404, ensureSignedIn a sign-in redirect")
    func ensureErrors() {
        #expect(throws: AppError.forbidden("no")) { try Self.member.ensure(false, "no") }
        #expect(throws: AppError.notFound) { try Self.member.ensureVisible(false) }
        #expect(throws: AppError.signInRequired) { try Self.anonymous.ensureSignedIn() }
        #expect(throws: Never.self) { try Self.member.ensureSignedIn() }
    }
}
