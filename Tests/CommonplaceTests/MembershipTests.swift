import Foundation
import GRDB
import Hummingbird
import Testing
@testable import Commonplace

@Suite("Membership")
struct MembershipTests {
    @Test("anyone signed in joins an open community with the Join button, and can leave")
    func openJoinAndLeave() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get("/c/finance")
            #expect(page.body.contains(">Join</button>"))
            let joined = try await browser.post("/c/finance/join", [])
            #expect(joined.location == "/c/finance?notice=joined")
            #expect(try await browser.get("/c/finance?notice=joined").body.contains("You are now a member"))
            #expect(try await f.app.database.membership(communityID: f.otherCommunity.id!, userID: f.outsider.id!) != nil)
            let again = try await f.app.expectNoWrite { try await browser.post("/c/finance/join", []) }
            #expect(again.status == .conflict)
            let left = try await browser.post("/c/finance/leave", [])
            #expect(left.location == "/c/finance?notice=left")
        }
        #expect(try await f.app.database.membership(communityID: f.otherCommunity.id!, userID: f.outsider.id!) == nil)
    }

    @Test("a join request to an open community is refused with 409 and writes nothing")
    func requestToOpenCommunity() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let page = try await f.app.expectNoWrite { try await browser.post("/c/finance/join", [("message", "Please let me in")]) }
            #expect(page.status == .conflict)
            #expect(page.body.contains("open to everyone"))
        }
        #expect(try await f.app.database.membership(communityID: f.otherCommunity.id!, userID: f.outsider.id!) == nil)
    }

    @Test("a by-request community: message and screening answers, approved by a moderator")
    func requestApproved() async throws {
        let f = try await ForumFixture.make()
        try await f.app.database.setJoinQuestions(communityID: f.community.id!, ["Where do you work?", "What is your role?"])
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let form = try await browser.get("/c/privacy/join")
            #expect(form.body.contains("Where do you work?"))
            let missing = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/join", [("message", "Hello"), ("answer_1", "Riverside CHC"), ("answer_2", "")])
            }
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("Please answer every question"))
            #expect(missing.body.contains("Riverside CHC"))
            let sent = try await browser.post("/c/privacy/join", [("message", "Privacy lead at Riverside"), ("answer_1", "Riverside CHC"), ("answer_2", "Privacy officer")])
            #expect(sent.status == .seeOther)
            #expect(try await browser.get("/c/privacy/join").body.contains("waiting for the moderators"))
            let twice = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/join", [("message", "again"), ("answer_1", "a"), ("answer_2", "b")])
            }
            #expect(twice.status == .forbidden || twice.status == .conflict)

            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let queue = try await browser.get("/c/privacy/requests")
            #expect(queue.body.contains("Privacy lead at Riverside"))
            #expect(queue.body.contains("What is your role?"))
            let request = try #require(try await f.app.database.pendingJoinRequests(communityID: f.community.id!).first)
            let approved = try await browser.post("/c/privacy/requests/\(request.joinRequest.id!)", [("decision", "approve"), ("reason", "")])
            #expect(approved.status == .seeOther)
            let again = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/requests/\(request.joinRequest.id!)", [("decision", "approve"), ("reason", "")])
            }
            #expect(again.status == .conflict)
        }
        #expect(try await f.app.database.membership(communityID: f.community.id!, userID: f.outsider.id!)?.role == .member)
    }

    @Test("a declined request shows the applicant the moderators' reason")
    func requestDeclined() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            try await browser.post("/c/privacy/join", [("message", "Hi")])
            let request = try #require(try await f.app.database.pendingJoinRequests(communityID: f.community.id!).first)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let refused = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/requests/\(request.joinRequest.id!)", [("decision", "approve")])
            }
            #expect(refused.status == .forbidden)
            #expect(try await browser.get("/c/privacy/requests").status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            try await browser.post("/c/privacy/requests/\(request.joinRequest.id!)", [("decision", "decline"), ("reason", "This community is for privacy staff.")])
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let page = try await browser.get("/c/privacy/join")
            #expect(page.body.contains("This community is for privacy staff."))
        }
        #expect(try await f.app.database.membership(communityID: f.community.id!, userID: f.outsider.id!) == nil)
    }

    @Test("invitations: a moderator invites by handle; the link works once, for that account, until it expires")
    func invitations() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post("/c/security/join", []) }
            // Members-only, but its front door is open to all signed in: joining it takes an invitation.
            #expect(refused.status == .forbidden)

            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let created = try await browser.post("/c/security/invitations", [("invitee", "@outsider")])
            #expect(created.status == .ok)
            let link = try #require(created.body.firstMatch(of: /\/invitations\/([A-Za-z0-9_-]{43})/))
            let unknown = try await f.app.expectNoWrite { try await browser.post("/c/security/invitations", [("invitee", "@nobody")]) }
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.contains("There is no member with the handle @nobody"))

            browser.clearCookies()
            try await browser.signIn(email: "othermod@example.org")
            let wrongAccount = try await f.app.expectNoWrite { try await browser.post(String(link.0), []) }
            #expect(wrongAccount.status == .forbidden)

            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(String(link.0)).body.contains("Accept and join"))
            let accepted = try await browser.post(String(link.0), [])
            #expect(accepted.location == "/c/security?notice=joined")
            #expect(try await browser.get("/c/security").status == .ok)
            try await browser.post("/c/security/leave", [])
            let reused = try await f.app.expectNoWrite { try await browser.post(String(link.0), []) }
            #expect(reused.status == .conflict)
            #expect(reused.body.contains("already been used"))
        }
    }

    @Test("an expired invitation is refused with a clear message")
    func expiredInvitation() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let created = try await browser.post("/c/security/invitations", [("invitee", "outsider@example.org")])
            let link = try #require(created.body.firstMatch(of: /\/invitations\/[A-Za-z0-9_-]{43}/))
            f.app.clock.advance(by: Invitation.lifetime + 60)
            browser.clearCookies()
            try await browser.signIn(email: "outsider@example.org")
            let page = try await f.app.expectNoWrite { try await browser.post(String(link.0), []) }
            #expect(page.status == .conflict)
            #expect(page.body.contains("expired"))
        }
        #expect(try await f.app.database.membership(communityID: f.privateCommunity.id!, userID: f.outsider.id!) == nil)
    }

    @Test("moderators remove members; members cannot; only site admins appoint moderators")
    func removeAndAppoint() async throws {
        let f = try await ForumFixture.make()
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let removeByMember = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/author/remove", []) }
            #expect(removeByMember.status == .forbidden)
            let appointByMember = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/author/role", [("role", "moderator")]) }
            #expect(appointByMember.status == .forbidden)
            browser.clearCookies()
            try await browser.signIn(email: "moderator@example.org")
            let appointByModerator = try await f.app.expectNoWrite {
                try await browser.post("/c/privacy/members/author/role", [("role", "moderator")])
            }
            #expect(appointByModerator.status == .forbidden)
            let members = try await browser.get("/c/privacy/members")
            #expect(members.body.contains("Moderators"))
            #expect(members.body.contains("@author"))
            #expect(try await browser.post("/c/privacy/members/author/remove", []).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "admin@example.org")
            #expect(try await browser.post("/c/privacy/members/member/role", [("role", "moderator")]).status == .seeOther)
            let badRole = try await f.app.expectNoWrite { try await browser.post("/c/privacy/members/member/role", [("role", "king")]) }
            #expect(badRole.status == .badRequest)
        }
        #expect(try await f.app.database.membership(communityID: f.community.id!, userID: f.author.id!) == nil)
        #expect(try await f.app.database.membership(communityID: f.community.id!, userID: f.member.id!)?.role == .moderator)
    }

    @Test("a members-only community is 404 for outsiders on every page, and open to its members")
    func membersOnlyPages() async throws {
        let f = try await ForumFixture.make()
        let (discussion, _) = try await f.question(title: "Private phishing drill results", replies: 1, in: f.privateBoard)
        try await f.app.run { browser in
            let paths = ["/c/security", "/c/security/b/general", "/d/\(discussion.id!)", "/c/security/members"]
            try await browser.signIn(email: "outsider@example.org")
            for path in paths { #expect(try await browser.get(path).status == .notFound, "\(path)") }
            // Its front door shows what it is and how to join, nothing of what is inside.
            let door = try await browser.get("/c/security/join")
            #expect(door.status == .ok && !door.body.contains("Private phishing drill") && !door.body.contains("/c/security/b/general"))
            let reply = try await f.app.expectNoWrite { try await browser.post("/d/\(discussion.id!)/reply", [("body", "let me in")]) }
            #expect(reply.status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            for path in paths { #expect(try await browser.get(path).status == .ok, "\(path)") }
        }
    }
}
