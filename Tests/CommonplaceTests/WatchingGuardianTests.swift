import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Every actor against the watching rules: choosing a level is acting (signed in, not suspended) on what one can see.
@Suite("Guardian: watching")
struct WatchingGuardianTests {
    typealias ActorName = ForumGuardianTests.ActorName

    typealias Case = GuardianCase

    @Test("each rule allows exactly the actors it should")
    func matrix() async throws {
        let f = try await ForumFixture.make()
        let (question, _) = try await f.question()
        let (c, pc, board, privateBoard) = (f.community, f.privateCommunity, f.board, f.privateBoard)
        var inactive = c
        inactive.status = .inactive
        var archived = board
        archived.archivedAt = f.app.clock.now
        var hidden = question
        hidden.hiddenAt = f.app.clock.now
        let acting: Set<ActorName> = [.outsider, .member, .author, .moderator, .otherModerator, .admin]
        let privateMembers: Set<ActorName> = [.member, .author, .moderator, .admin]

        let cases: [Case] = [
            Case(rule: "watch a public community", allowed: acting) { $0.canWatch(c) },
            Case(rule: "watch a members-only community", allowed: privateMembers) { $0.canWatch(pc) },
            Case(rule: "watch an inactive community", allowed: acting) { $0.canWatch(inactive) },
            Case(rule: "watch a board", allowed: acting) { $0.canWatch(board, in: c) },
            Case(rule: "watch an archived board", allowed: acting) { $0.canWatch(archived, in: c) },
            Case(rule: "watch a members-only community's board", allowed: privateMembers) { $0.canWatch(privateBoard, in: pc) },
            Case(rule: "watch a board named with another community", allowed: []) { $0.canWatch(privateBoard, in: c) },
            Case(rule: "watch a listed discussion", allowed: acting) { $0.canWatch(question, in: c) },
            Case(rule: "watch a hidden discussion", allowed: [.author, .moderator, .admin]) { $0.canWatch(hidden, in: c) },
            Case(rule: "edit the member's watch settings", allowed: [.member]) { $0.canEditWatchSettings(ofUser: f.member.id) },
            Case(rule: "edit the suspended account's watch settings", allowed: []) { $0.canEditWatchSettings(ofUser: f.suspended.id) },
        ]

        try await f.expectMatrix(cases)
    }
}
