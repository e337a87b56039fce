import Testing
@testable import Commonplace

/// One row of a Guardian matrix: a rule, and exactly the actors it allows.
struct GuardianCase {
    let rule: String
    let allowed: Set<ForumGuardianTests.ActorName>
    let check: (Guardian) -> Bool
}

extension ForumFixture {
    /// The fixture's account for each kind of actor (nil: an anonymous visitor).
    var actors: [ForumGuardianTests.ActorName: User?] {
        [.anonymous: nil, .outsider: outsider, .member: member, .author: author, .moderator: moderator,
         .otherModerator: otherModerator, .admin: admin, .suspended: suspended]
    }

    /// Checks every actor against every case: each rule allows exactly the actors it lists.
    func expectMatrix(_ cases: [GuardianCase], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for actor in ForumGuardianTests.ActorName.allCases {
            let guardian = try await self.guardian(actors[actor]!)
            for rule in cases {
                #expect(rule.check(guardian) == rule.allowed.contains(actor), "\(actor.rawValue): \(rule.rule)", sourceLocation: sourceLocation)
            }
        }
    }
}
