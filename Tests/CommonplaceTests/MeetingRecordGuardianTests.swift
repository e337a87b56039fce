import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against every rule of the record and the Q&A.
@Suite("Guardian: meeting record and Q&A rules")
struct MeetingRecordGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName
    typealias Case = GuardianCase

    /// A date of `meeting` a day after the test clock's now (or a day before, `past`).
    func date(_ f: ForumFixture, _ meeting: Meeting, past: Bool = false, cancelled: Bool = false) -> MeetingDate {
        let start = f.app.clock.now.addingTimeInterval(past ? -86_400 : 86_400)
        var occurrence = MeetingOccurrence(id: 7, meetingId: meeting.id!, localDate: "2026-12-08", startsAt: start,
                                           endsAt: start.addingTimeInterval(3_600))
        if cancelled { occurrence.cancelledAt = f.app.clock.now }
        return MeetingDate(meeting: meeting, occurrence: occurrence)
    }

    @Test("each record and Q&A rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (c, pc) = (f.community, f.privateCommunity)
        var qa = f.draftMeeting(in: c)
        qa.kind = .qa
        let members: Set<ActorName> = [.member, .author, .moderator, .admin, .suspended]
        let participants: Set<ActorName> = [.member, .author, .moderator, .admin]
        let next = date(f, qa)
        let signed = MeetingQuestion(id: 1, occurrenceId: 7, authorId: f.author.id, body: "Signed", createdAt: f.app.clock.now)
        var anonymous = signed
        anonymous.isAnonymous = true
        var answered = signed
        answered.answeredAt = f.app.clock.now
        var authored = qa
        authored.authorId = f.author.id
        let cases: [Case] = [
            Case(rule: "see the record of a members' event", allowed: members) { $0.canSeeRecord(of: qa, in: c) },
            Case(rule: "see the record of a public event", allowed: Set(ActorName.allCases)) {
                $0.canSeeRecord(of: f.draftMeeting(in: c, audience: .public), in: c)
            },
            Case(rule: "see the record of a members-only community's event", allowed: members) {
                $0.canSeeRecord(of: f.draftMeeting(in: pc, audience: .public), in: pc)
            },
            Case(rule: "ask a question before a Q&A", allowed: participants) {
                $0.canAskQuestion(on: next, takesQuestions: true, in: c)
            },
            Case(rule: "ask a question of an event that takes none", allowed: []) {
                $0.canAskQuestion(on: next, takesQuestions: false, in: c)
            },
            Case(rule: "ask a question on a cancelled date", allowed: []) {
                $0.canAskQuestion(on: date(f, qa, cancelled: true), takesQuestions: true, in: c)
            },
            Case(rule: "ask a question after the session", allowed: []) {
                $0.canAskQuestion(on: date(f, qa, past: true), takesQuestions: true, in: c)
            },
            Case(rule: "vote for the author's question", allowed: [.member, .moderator, .admin]) {
                $0.canVote(for: signed, on: next, takesQuestions: true, in: c)
            },
            Case(rule: "vote for an answered question", allowed: []) {
                $0.canVote(for: answered, on: next, takesQuestions: true, in: c)
            },
            Case(rule: "moderate a Q&A's questions", allowed: [.moderator, .admin]) { $0.canModerateQuestions(of: qa, in: c) },
            Case(rule: "see who asked an anonymous question", allowed: [.author, .moderator, .admin]) {
                $0.canSeeAuthor(of: anonymous, in: c)
            },
            Case(rule: "see who asked a signed question", allowed: Set(ActorName.allCases)) { $0.canSeeAuthor(of: signed, in: c) },
            Case(rule: "keep the record of an event", allowed: [.moderator, .admin]) { $0.canEditRecord(of: qa, in: c) },
            Case(rule: "keep the record of an event one scheduled", allowed: [.author, .moderator, .admin]) {
                $0.canEditRecord(of: authored, in: c)
            },
        ]
        try await f.expectMatrix(cases)
    }

    @Test("no one asks, votes or keeps the record in an inactive community, but members still read it")
    func inactive() async throws {
        let f = try await ForumFixture.make()
        var archived = f.community
        archived.status = .inactive
        var qa = f.draftMeeting(in: archived)
        qa.kind = .qa
        let question = MeetingQuestion(id: 1, occurrenceId: 7, authorId: f.author.id, body: "?", createdAt: f.app.clock.now)
        for user in [f.member, f.moderator, f.admin] {
            let guardian = try await f.guardian(user)
            #expect(!guardian.canAskQuestion(on: date(f, qa), takesQuestions: true, in: archived))
            #expect(!guardian.canVote(for: question, on: date(f, qa), takesQuestions: true, in: archived))
            #expect(!guardian.canEditRecord(of: qa, in: archived))
            #expect(guardian.canSeeRecord(of: qa, in: archived))
        }
    }

    @Test("the search filter of records agrees with the record rule for every actor")
    func sqlAgrees() async throws {
        let f = try await ForumFixture.make()
        let events = [
            try await f.meeting("Members' event", date: "2026-09-01"),
            try await f.meeting("Public event", audience: .public, date: "2026-09-01"),
            try await f.meeting("Secret event", in: f.privateCommunity, date: "2026-09-01"),
        ]
        for actor in ForumGuardianTests.ActorName.allCases {
            let guardian = try await f.guardian(f.actors[actor]!)
            let visible = try await f.app.database.reader.read { db in
                try Int64.fetchAll(db, SQLRequest<Int64>(literal: """
                    SELECT m.id FROM meeting m JOIN community ON community.id = m.community_id
                    WHERE \(guardian.visibleRecordSQL(isRecord: "1")) ORDER BY m.id
                    """))
            }
            var expected: [Int64] = []
            for event in events {
                let community = try await f.app.database.community(id: event.communityId)!
                if guardian.canSeeRecord(of: event, in: community) { expected.append(event.id!) }
            }
            #expect(visible == expected, "\(actor.rawValue)")
        }
    }
}
