import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every meeting rule.
@Suite("Guardian: meeting rules")
struct MeetingGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName
    typealias Case = GuardianCase

    @Test("each meeting rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        let membersEvent = f.draftMeeting(in: c)
        let publicEvent = f.draftMeeting(in: c, audience: .public)
        let secret = f.draftMeeting(in: pc)
        var limited = f.draftMeeting(in: c)
        limited.capacity = 10
        let all = Set(ActorName.allCases)
        let members: Set<ActorName> = [.member, .author, .moderator, .admin, .suspended]
        let cases: [Case] = [
            Case(rule: "see an event of a public community", allowed: all) { $0.canSee(membersEvent, in: c) },
            Case(rule: "see an event of a members-only community", allowed: members) { $0.canSee(secret, in: pc) },
            Case(rule: "see the link of a members' event", allowed: members) {
                $0.canSeeLink(of: membersEvent, in: c, hasRSVP: false, hasPlace: false)
            },
            Case(rule: "see the link of a members' event having RSVPed (not a member: no)", allowed: members) {
                $0.canSeeLink(of: membersEvent, in: c, hasRSVP: true, hasPlace: false)
            },
            Case(rule: "see the link of a public event without an RSVP", allowed: members) {
                $0.canSeeLink(of: publicEvent, in: c, hasRSVP: false, hasPlace: false)
            },
            Case(rule: "see the link of a public event having RSVPed", allowed: all.subtracting([.anonymous])) {
                $0.canSeeLink(of: publicEvent, in: c, hasRSVP: true, hasPlace: false)
            },
            Case(rule: "see the link of a members-only community's event", allowed: members) {
                $0.canSeeLink(of: secret, in: pc, hasRSVP: true, hasPlace: false)
            },
            Case(rule: "see the link of a date with places without holding one (waitlisted, or no answer)", allowed: [.moderator, .admin]) {
                $0.canSeeLink(of: limited, in: c, hasRSVP: true, hasPlace: false)
            },
            Case(rule: "see the link of a date with places holding one", allowed: members) {
                $0.canSeeLink(of: limited, in: c, hasRSVP: true, hasPlace: true)
            },
            Case(rule: "schedule an event", allowed: [.moderator, .admin]) { $0.canCreateMeeting(in: c) },
            Case(rule: "schedule an event in another community", allowed: [.otherModerator, .admin]) {
                $0.canCreateMeeting(in: f.otherCommunity)
            },
            Case(rule: "edit an event", allowed: [.moderator, .admin]) { $0.canEdit(membersEvent, in: c) },
            Case(rule: "cancel an event", allowed: [.moderator, .admin]) { $0.canCancel(membersEvent, in: c) },
        ]
        try await f.expectMatrix(cases)
    }

    @Test("no one schedules or changes events of an inactive community")
    func inactive() async throws {
        let f = try await ForumFixture.make()
        var archived = f.community
        archived.status = .inactive
        let event = f.draftMeeting(in: archived)
        for user in [f.moderator, f.admin] {
            let guardian = try await f.guardian(user)
            #expect(!guardian.canCreateMeeting(in: archived))
            #expect(!guardian.canEdit(event, in: archived))
            #expect(!guardian.canCancel(event, in: archived))
            #expect(guardian.canSee(event, in: archived))
        }
    }

    @Test("an event of another community is not this community's to show or change")
    func wrongCommunity() async throws {
        let f = try await ForumFixture.make()
        let event = f.draftMeeting(in: f.privateCommunity)
        let guardian = try await f.guardian(f.moderator)
        #expect(!guardian.canSee(event, in: f.community))
        #expect(!guardian.canEdit(event, in: f.community))
    }
}
