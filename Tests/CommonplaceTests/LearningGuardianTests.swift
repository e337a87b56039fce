import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every "all teach, all learn" rule, and the profile's community list against `canSee`.
@Suite("Guardian: all teach, all learn")
struct LearningGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc, oc) = (f.community, f.privateCommunity, f.otherCommunity)
        var inactive = c
        inactive.status = .inactive
        let all = Set(ActorName.allCases)
        let signedIn = all.subtracting([.anonymous])

        let cases: [Case] = [
            Case(rule: "mark the author's post helpful", allowed: [.member, .moderator, .admin]) { $0.canMarkHelpful(authorID: f.author.id, in: c) },
            Case(rule: "mark a member's post helpful", allowed: [.author, .moderator, .admin]) { $0.canMarkHelpful(authorID: f.member.id, in: c) },
            Case(rule: "mark a former member's post helpful", allowed: [.member, .author, .moderator, .admin]) { $0.canMarkHelpful(authorID: nil, in: c) },
            Case(rule: "mark helpful in a members-only community", allowed: [.member, .moderator, .admin]) { $0.canMarkHelpful(authorID: f.author.id, in: pc) },
            Case(rule: "mark helpful in another community", allowed: [.otherModerator, .admin]) { $0.canMarkHelpful(authorID: f.author.id, in: oc) },
            Case(rule: "mark helpful in an inactive community", allowed: []) { $0.canMarkHelpful(authorID: f.author.id, in: inactive) },
            Case(rule: "edit the member's expertise", allowed: [.member]) { $0.canEditExpertise(ofUser: f.member.id) },
            Case(rule: "edit the suspended account's expertise", allowed: []) { $0.canEditExpertise(ofUser: f.suspended.id) },
            Case(rule: "manage the community's topics", allowed: [.moderator, .admin]) { $0.canManageTopics(of: c) },
            Case(rule: "manage another community's topics", allowed: [.otherModerator, .admin]) { $0.canManageTopics(of: oc) },
            Case(rule: "manage an inactive community's topics", allowed: []) { $0.canManageTopics(of: inactive) },
            Case(rule: "see Who to ask of a public community", allowed: all) { $0.canSeeWhoToAsk(in: c) },
            Case(rule: "see Who to ask of a members-only community", allowed: [.member, .author, .moderator, .admin, .suspended]) { $0.canSeeWhoToAsk(in: pc) },
            Case(rule: "ask someone to look at a question", allowed: [.member, .author, .moderator, .admin]) { $0.canAskForHelp(in: c) },
            Case(rule: "ask in a members-only community", allowed: [.member, .author, .moderator, .admin]) { $0.canAskForHelp(in: pc) },
            Case(rule: "ask in an inactive community", allowed: []) { $0.canAskForHelp(in: inactive) },
            Case(rule: "see one's own help requests and questions", allowed: signedIn) { $0.canSeeOwnLearning },
        ]

        try await f.expectMatrix(cases)
    }

    @Test("a silenced member may neither mark helpful nor ask for help in that community, and gets a clear reason")
    func silenced() async throws {
        let f = try await ForumFixture.make()
        let base = try await f.guardian(f.member)
        let silenced = Guardian(f.member, memberships: base.memberships, silences: [f.community.id!: f.app.clock.now.addingTimeInterval(3600)],
                                now: f.app.clock.now)
        #expect(!silenced.canMarkHelpful(authorID: f.author.id, in: f.community))
        #expect(!silenced.canAskForHelp(in: f.community))
        #expect(silenced.canMarkHelpful(authorID: f.author.id, in: f.privateCommunity), "only in the community that silenced them")
        #expect(silenced.helpfulRefusal(authorID: f.author.id, in: f.community, what: "post")?.contains("silenced") == true)
        #expect(base.helpfulRefusal(authorID: f.member.id, in: f.community, what: "post") == "You cannot mark your own post helpful.")
        #expect(base.helpfulRefusal(authorID: f.author.id, in: f.community, what: "post") == nil)
    }

    @Test("the profile's communities and figures use the same visibility as canSee, for every actor")
    func contributionsAgree() async throws {
        let f = try await ForumFixture.make()
        try await f.answered("Where do we log PHI disclosures?", by: f.member, helpfulFrom: [f.moderator])
        try await f.answered("Who signs off pen-test scope?", by: f.member, helpfulFrom: [f.moderator], in: f.privateBoard)
        let communities = try await f.app.database.communities()
        for viewer in [nil, f.outsider, f.member, f.otherModerator, f.admin, f.suspended] as [User?] {
            let guardian = try await f.guardian(viewer)
            let result = try await f.app.database.contributions(userID: f.member.id!, visible: guardian.visibleCommunitySQL(table: "community"))
            let memberOf = try await f.guardian(f.member).memberships.keys
            let expected = communities.filter { memberOf.contains($0.id!) && guardian.canSee($0) }.map(\.slug).sorted()
            #expect(result.communities.map(\.community.slug).sorted() == expected, "\(viewer?.handle ?? "anonymous")")
            let seesPrivate = guardian.canSee(f.privateCommunity)
            #expect(result.answersAccepted == (seesPrivate ? 2 : 1), "\(viewer?.handle ?? "anonymous")")
            #expect(result.helpfulReceived == (seesPrivate ? 2 : 1), "\(viewer?.handle ?? "anonymous")")
        }
    }
}
