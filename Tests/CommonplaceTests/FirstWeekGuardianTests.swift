import Foundation
import Testing
@testable import Commonplace

/// Every actor against the rules of a member's first week: front doors, reading marks, setting up a community.
@Suite("Guardian: front doors, reading, set-up")
struct FirstWeekGuardianTests {
    typealias Case = GuardianCase

    @Test("each rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        let all = Set(ForumGuardianTests.ActorName.allCases)
        let signedIn = all.subtracting([.anonymous])
        var merged = pc
        merged.mergedIntoId = c.id
        var inactive = c
        inactive.status = .inactive
        try await f.expectMatrix([
            Case(rule: "see a members-only community's front door", allowed: all) { $0.canSeeFrontDoor(of: pc) },
            Case(rule: "see a merged community's front door", allowed: []) { $0.canSeeFrontDoor(of: merged) },
            Case(rule: "see how to join a members-only community", allowed: signedIn) { $0.canSeeJoinDetails(of: pc) },
            Case(rule: "see how to join a public community", allowed: all) { $0.canSeeJoinDetails(of: c) },
            Case(rule: "track reading in a public community", allowed: signedIn) { $0.canTrackReading(in: c) },
            Case(rule: "track reading in a members-only community", allowed: [.member, .author, .moderator, .admin, .suspended]) {
                $0.canTrackReading(in: pc)
            },
            Case(rule: "set up a community", allowed: [.admin]) { $0.canSetUp(c) },
            Case(rule: "set up an inactive community", allowed: []) { $0.canSetUp(inactive) },
        ])
    }

    @Test("the front door agrees with the directory: every community a visitor cannot open links to its front door")
    func directoryAgrees() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let directory = try await browser.get("/communities")
            #expect(directory.body.contains("href=\"/c/security/join\""))
            #expect(!directory.body.contains("href=\"/c/privacy/join\""))
            #expect(try await browser.get("/c/security/join").status == .ok)
        }
    }
}
