import Foundation
import Testing
@testable import Commonplace

@Suite("Demo data")
struct SeedTests {
    @Test("seeding twice changes nothing the second time")
    func idempotent() async throws {
        let database = try AppDatabase.inMemory()
        let hasher = try PasswordHasher(parameters: .minimum)
        let first = try await DemoSeeder(database: database, hasher: hasher).run()
        #expect(first.communitiesAdded == 14)
        #expect(first.usersAdded >= 2)
        #expect(first.demoPassword != nil)
        #expect(first.resourcesAdded == 15)
        let second = try await DemoSeeder(database: database, hasher: hasher).run()
        #expect(second.communitiesAdded == 0)
        #expect(second.usersAdded == 0)
        #expect(second.demoPassword == nil)
        #expect(second.resourcesAdded == 0)
        let privacy = try #require(try await database.community(slug: "privacy"))
        #expect(try await database.collectionCount(communityID: privacy.id!) == 1)
        #expect(try await database.vocabulary(communityID: privacy.id!).contains("privacy impact assessments"))
        #expect(try await database.featuredResources(communityID: privacy.id!, visible: Guardian(nil).featuredResourceSQL(in: privacy)).count == 2)
        #expect(try await database.communities().count == 14)
    }

    @Test("the demo admin can sign in with the printed password and is a site admin")
    func demoAdmin() async throws {
        let database = try AppDatabase.inMemory()
        let hasher = try PasswordHasher(parameters: .minimum)
        let report = try await DemoSeeder(database: database, hasher: hasher).run()
        let admin = try #require(try await database.user(email: "admin@commonplace.example"))
        #expect(admin.isAdmin)
        #expect(try await hasher.verify(try #require(report.demoPassword), against: admin.passwordHash))
        #expect(try #require(report.demoPassword).count >= Limits.minPasswordLength)
    }

    @Test("the seed files hold no personal email addresses: only the alliance's role addresses and example domains")
    func noPersonalEmails() throws {
        let allowed = Set(["ims@allianceon.org", "lhs@allianceon.org", "communications@allianceon.org"])
        for file in ["communities.json", "users.json"] {
            let text = try String(contentsOfFile: ProjectPaths.seeds + "/" + file, encoding: .utf8)
            for match in text.matches(of: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]+/) {
                let email = String(match.0).lowercased()
                #expect(allowed.contains(email) || email.hasSuffix(".example"), "\(file): \(email)")
            }
            #expect(!text.contains("gmail"), "\(file)")
        }
    }

    @Test("a sub-community's parent is set from the seed file")
    func parents() async throws {
        let database = try AppDatabase.inMemory()
        _ = try await DemoSeeder(database: database, hasher: PasswordHasher(parameters: .minimum)).run()
        let parent = try #require(try await database.community(slug: "social-prescribing"))
        let children = try await database.children(of: parent.id!).map(\.slug)
        #expect(Set(children) == ["canadian-social-prescribing", "ontario-social-prescribing"])
    }
}
