import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every curation rule, and the collection and featured lists against their per-object twins.
@Suite("Guardian: curation rules")
struct CurationGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each curation rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        let now = f.app.clock.now
        let resource = try await f.resource()
        var archived = resource
        archived.archivedAt = now
        var held = resource
        held.heldAt = now
        var featured = resource
        featured.featuredAt = now
        var featuredArchived = featured
        featuredArchived.archivedAt = now
        let collection = try await f.collection()
        let privateCollection = try await f.collection("Private", slug: "private", in: pc)
        var inactive = c
        inactive.status = .inactive
        let all = Set(ActorName.allCases)
        let readers: Set<ActorName> = [.member, .author, .moderator, .admin, .suspended]

        let cases: [Case] = [
            Case(rule: "curate the library", allowed: [.moderator, .admin]) { $0.canCurate(c) },
            Case(rule: "curate another community's library", allowed: [.otherModerator, .admin]) { $0.canCurate(f.otherCommunity) },
            Case(rule: "curate an inactive community's library", allowed: []) { $0.canCurate(inactive) },
            Case(rule: "see a collection", allowed: all) { $0.canSee(collection, in: c) },
            Case(rule: "see a members-only community's collection", allowed: readers) { $0.canSee(privateCollection, in: pc) },
            Case(rule: "see a collection through another community", allowed: []) { $0.canSee(privateCollection, in: c) },
            Case(rule: "see a current resource in a collection", allowed: all) { $0.canSeeInCollection(resource, in: c) },
            Case(rule: "see an archived resource in a collection", allowed: [.moderator, .admin]) { $0.canSeeInCollection(archived, in: c) },
            Case(rule: "see a held resource in a collection", allowed: [.moderator, .admin]) { $0.canSeeInCollection(held, in: c) },
            Case(rule: "see a featured resource on the community page", allowed: all) { $0.showsAsFeatured(featured, in: c) },
            Case(rule: "see an archived featured resource there", allowed: []) { $0.showsAsFeatured(featuredArchived, in: c) },
            Case(rule: "see an unfeatured resource there", allowed: []) { $0.showsAsFeatured(resource, in: c) },
        ]
        try await f.expectMatrix(cases)
        for user in f.actors.values {
            let guardian = try await f.guardian(user)
            #expect((guardian.curationRefusal(c) == nil) == guardian.canCurate(c))
        }
    }

    @Test("a collection's list filter and the featured list agree with their per-object rules for every actor")
    func listsAgree() async throws {
        let f = try await ForumFixture.make()
        let titles = ["Current", "Archived", "Held", "Outdated", "Archived and held"]
        var resources: [Resource] = []
        for title in titles { resources.append(try await f.resource(title)) }
        let collection = try await f.collection(resources: resources)
        try await f.setResource(resources[1], "archived_at = created_at")
        try await f.setResource(resources[2], "held_at = created_at")
        try await f.setResource(resources[3], "outdated_at = created_at")
        try await f.setResource(resources[4], "archived_at = created_at, held_at = created_at")
        for r in resources { try await f.setResource(r, "featured_at = created_at") }
        let stored = try await f.app.database.reader.read { db in try Resource.order(Column("id")).fetchAll(db) }
        for user in f.actors.values {
            let guardian = try await f.guardian(user)
            let listed = try await f.app.database.collectionEntries(collectionID: collection.id!, visible: guardian.collectionResourceSQL(in: f.community))
            #expect(listed.map(\.resource.id) == stored.filter { guardian.canSeeInCollection($0, in: f.community) }.map(\.id), "\(user?.handle ?? "anonymous")")
            let featured = try await f.app.database.featuredResources(communityID: f.community.id!, visible: guardian.featuredResourceSQL(in: f.community), limit: 10)
            #expect(Set(featured.map(\.id)) == Set(stored.filter { guardian.showsAsFeatured($0, in: f.community) }.map(\.id)), "\(user?.handle ?? "anonymous")")
        }
    }
}
