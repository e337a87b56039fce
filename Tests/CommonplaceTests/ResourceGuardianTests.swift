import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every resource rule.
@Suite("Guardian: resource rules")
struct ResourceGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each resource rule allows exactly the actors it should")
    func matrix() async throws {
        let rf = try await ResourceFixture.make()
        let f = rf.f
        let resource = try await rf.link("Listed")
        let held = try await rf.link("Held", held: true)
        let archived = try await rf.link("Archived", archived: true)
        let secret = try await rf.link("Secret", in: f.privateCommunity)
        let (c, pc) = (f.community, f.privateCommunity)
        let all = Set(ActorName.allCases)
        let cases: [Case] = [
            Case(rule: "see a resource of a public community", allowed: all) { $0.canSee(resource, in: c) },
            Case(rule: "see an archived resource by its URL", allowed: all) { $0.canSee(archived, in: c) },
            Case(rule: "see a held resource", allowed: [.author, .moderator, .admin]) { $0.canSee(held, in: c) },
            Case(rule: "see a members-only community's resource (and its file)", allowed: [.member, .author, .moderator, .admin, .suspended]) {
                $0.canSee(secret, in: pc)
            },
            Case(rule: "share a resource", allowed: [.member, .author, .moderator, .admin]) { $0.canShareResource(in: c) },
            Case(rule: "edit the author's resource", allowed: [.author, .moderator, .admin]) { $0.canEdit(resource, in: c) },
            Case(rule: "approve or decline held resources (the queue)", allowed: [.moderator, .admin]) { $0.canReview(c) },
            Case(rule: "curate the library", allowed: [.moderator, .admin]) { $0.canCurate(c) },
        ]
        try await f.expectMatrix(cases)
    }
}
