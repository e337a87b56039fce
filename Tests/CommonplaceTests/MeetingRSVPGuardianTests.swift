import Foundation
import Testing
@testable import Commonplace

/// Every actor against every RSVP rule.
@Suite("Guardian: RSVP rules")
struct MeetingRSVPGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName
    typealias Case = GuardianCase

    @Test("each RSVP rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc, oc) = (f.community, f.privateCommunity, f.otherCommunity)
        let membersEvent = f.draftMeeting(in: c)
        let publicEvent = f.draftMeeting(in: c, audience: .public)
        let secret = f.draftMeeting(in: pc)
        let elsewhere = f.draftMeeting(in: oc)
        let acting: Set<ActorName> = [.member, .author, .moderator, .admin]
        let members: Set<ActorName> = [.member, .author, .moderator, .admin, .suspended]
        let cases: [Case] = [
            Case(rule: "answer a members' event", allowed: acting) { $0.canRSVP(to: membersEvent, in: c) },
            Case(rule: "answer a public event of a public community", allowed: [.outsider, .member, .author, .moderator, .otherModerator, .admin]) {
                $0.canRSVP(to: publicEvent, in: c)
            },
            Case(rule: "answer an event of a members-only community", allowed: acting) { $0.canRSVP(to: secret, in: pc) },
            Case(rule: "see who answered a members' event", allowed: members) { $0.canSeeAttendees(of: membersEvent, in: c) },
            Case(rule: "see who answered a public event (members only)", allowed: members) { $0.canSeeAttendees(of: publicEvent, in: c) },
            Case(rule: "export who answered", allowed: [.moderator, .admin]) { $0.canExportAttendees(of: membersEvent, in: c) },
            Case(rule: "export who answered another community's event", allowed: [.otherModerator, .admin]) {
                $0.canExportAttendees(of: elsewhere, in: oc)
            },
        ]
        try await f.expectMatrix(cases)
    }

    @Test("no one answers a cancelled event or an event of an inactive community")
    func cancelledOrInactive() async throws {
        let f = try await ForumFixture.make()
        var cancelled = f.draftMeeting(in: f.community)
        cancelled.cancelledAt = f.app.clock.now
        var archived = f.community
        archived.status = .inactive
        let live = f.draftMeeting(in: archived)
        for user in [f.member, f.moderator, f.admin] {
            let guardian = try await f.guardian(user)
            #expect(!guardian.canRSVP(to: cancelled, in: f.community))
            #expect(!guardian.canRSVP(to: live, in: archived))
        }
    }
}
