import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Silencing members")
struct SilenceTests {
    @Test("a silenced member can read but not reply or start discussions, sees until when, and can post again once lifted")
    func silenceAndLift() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let silenced = try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "Cool down, please")])
            #expect(silenced.status == .seeOther)
            let members = try await browser.get("/c/privacy/members")
            #expect(members.body.contains("Silenced until"))
            #expect(members.body.contains("Cool down, please"))
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.discussion(discussion))
            #expect(page.status == .ok)
            #expect(page.body.contains("silenced you in Privacy until"))
            let reply = try await f.app.expectNoWrite { try await browser.post(Paths.reply(discussion), [("body", "Can I still post?")]) }
            #expect(reply.status == .forbidden)
            #expect(reply.body.contains("silenced you in Privacy until"))
            let start = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/b/questions/new", [("title", "A new question here"), ("kind", "question"), ("body", "Body")])
            }
            #expect(start.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let lifted = try await browser.post("/c/privacy/members/member/unsilence", [])
            #expect(lifted.status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let after = try await browser.post(Paths.reply(discussion), [("body", "Back again")])
            #expect(after.status == .seeOther)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 1)
        #expect(try await f.app.logRows().map(\.action) == [.silenceMember, .unsilenceMember])
    }

    @Test("a silence ends by itself when its time is up: refused the minute before, accepted the minute after")
    func silenceExpires() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let silenced = try await browser.post("/c/privacy/members/member/silence", [("days", "1"), ("reason", "One day")])
            #expect(silenced.status == .seeOther)
        }
        f.app.clock.advance(by: 86_400 - 60)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let before = try await f.app.expectNoWrite { try await browser.post(Paths.reply(discussion), [("body", "Still silenced")]) }
            #expect(before.status == .forbidden, "the silence is in force until its last minute")
            #expect(before.body.contains("silenced you in Privacy until"))
        }
        f.app.clock.advance(by: 120)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let reply = try await browser.post(Paths.reply(discussion), [("body", "A day later")])
            #expect(reply.status == .seeOther)
        }
        #expect(try await f.app.database.discussion(id: discussion.id!)?.replyCount == 1)
    }

    @Test("silencing is refused to members, other communities' moderators, for moderators, without a reason, and twice")
    func refusals() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            let anonymous = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "x")]) }
            #expect(anonymous.status == .forbidden)
            try await browser.signIn(email: "author@example.org")
            let member = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "x")]) }
            #expect(member.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let other = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "x")]) }
            #expect(other.status == .forbidden)
            let hiddenCommunity = try await f.app.expectNoWrite { try await browser.post("/c/security/members/member/silence", [("days", "7"), ("reason", "x")]) }
            #expect(hiddenCommunity.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let yourself = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/moderator/silence", [("days", "7"), ("reason", "x")]) }
            #expect(yourself.status == .forbidden)
            let noReason = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", " ")]) }
            #expect(noReason.status == .badRequest)
            let badDays = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "1000"), ("reason", "x")]) }
            #expect(badDays.status == .badRequest)
            let notMember = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/outsider/silence", [("days", "7"), ("reason", "x")]) }
            #expect(notMember.status == .notFound)
            let notSilenced = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/unsilence", []) }
            #expect(notSilenced.status == .conflict)
            #expect(try await f.app.logCount() == 0)
            let once = try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "x")])
            #expect(once.status == .seeOther)
            let twice = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/silence", [("days", "7"), ("reason", "x")]) }
            #expect(twice.status == .conflict)
        }
        #expect(try await f.app.logCount() == 1)
    }
}
