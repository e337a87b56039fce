import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Issue 11, item 1, for members' own writes: joining, asking to join, accepting an invitation and asking for help are
/// refused when the community becomes inactive between the check and the write (and a request for help when the helper
/// opts out or is suspended); saving one's expertise when one is suspended in between. Same status and message as
/// when the change came first, nothing written (`WriteRace`).
@Suite("Members' rules taken again inside the write")
struct WriteRecheckMemberTests {
    @Test("joining an open community is refused when it becomes inactive in between")
    func join() async throws {
        let outcome = try await WriteRace.run(as: "outsider@example.org", tables: ["membership", "join_request"], setup: { _ in },
                                              change: { f, _ in try await f.deactivate(f.otherCommunity) }) { browser, f, _ in
            try await browser.post(Paths.join(f.otherCommunity), [("message", "")])
        }
        #expect(outcome.holds, "\(outcome)")
        #expect(outcome.before.message.contains("no longer takes new members"), "\(outcome)")
    }

    @Test("asking to join is refused when the community becomes inactive in between")
    func requestToJoin() async throws {
        let outcome = try await WriteRace.run(as: "outsider@example.org", tables: ["membership", "join_request"], setup: { _ in },
                                              change: { f, _ in try await f.deactivate(f.community) }) { browser, f, _ in
            try await browser.post(Paths.join(f.community), [("message", "I lead privacy at a clinic.")])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("accepting an invitation is refused when the community becomes inactive in between")
    func acceptInvitation() async throws {
        let token = "a-test-invitation-token"
        let outcome = try await WriteRace.run(as: "outsider@example.org", tables: ["membership", "invitation"], setup: { f in
            let now = f.app.clock.now
            _ = try await f.app.database.createInvitation(Invitation(
                communityId: f.community.id!, invitedBy: f.moderator.id, inviteeUserId: f.outsider.id, tokenHash: RandomToken.sha256(token),
                createdAt: now, expiresAt: now.addingTimeInterval(Invitation.lifetime)))
        }, change: { f, _ in try await f.deactivate(f.community) }) { browser, _, _ in
            try await browser.post(Paths.invitation(token: token), [])
        }
        #expect(outcome.holds, "\(outcome)")
    }

    /// Asking the moderator (opted in to being asked) to look at the author's question, as the member.
    private func askForHelp(_ change: @escaping @Sendable (ForumFixture) async throws -> Void) async throws -> WriteRace.Outcome {
        try await WriteRace.run(as: "member@example.org", tables: ["help_request"], setup: { f in
            try await f.app.database.saveExpertise(userID: f.moderator.id!, Expertise(help: ["consent"], suggestable: true), now: f.app.clock.now)
            return try await f.question().0
        }, change: { f, _ in try await change(f) }) { browser, _, question in
            try await browser.post(Paths.askForHelp(question), [("helper", "moderator"), ("message", "You wrote our consent guide.")])
        }
    }

    @Test("a request for help is refused when the community becomes inactive in between")
    func helpRequestInactive() async throws {
        let outcome = try await askForHelp { f in try await f.deactivate(f.community) }
        #expect(outcome.holds, "\(outcome)")
    }

    @Test("a request for help is refused when the helper opts out of being asked, or is suspended, in between")
    func helpRequestHelper() async throws {
        let optedOut = try await askForHelp { f in
            try await f.app.database.writer.write { db in
                try db.execute(sql: "UPDATE user SET suggestable = 0 WHERE id = ?", arguments: [f.moderator.id!])
            }
        }
        #expect(optedOut.holds, "\(optedOut)")
        #expect(optedOut.before.status == 403, "\(optedOut)")
        let suspended = try await askForHelp { f in try await f.suspend(f.moderator) }
        #expect(suspended.holds, "\(suspended)")
        #expect(suspended.before.status == 400, "\(suspended)")
    }

    @Test("saving one's expertise is refused when one is suspended in between")
    func expertise() async throws {
        let outcome = try await WriteRace.run(as: "member@example.org", tables: ["user_topic"], setup: { _ in },
                                              change: { f, _ in try await f.suspend(f.member) }) { browser, _, _ in
            try await browser.post(Paths.settingsExpertise, [("help_other", "consent forms"), ("suggestable", "true")])
        }
        #expect(outcome.holds, "\(outcome)")
    }
}
