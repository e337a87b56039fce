import Foundation
import GRDB
import Synchronization
import Testing
@testable import Commonplace

/// Sign-up under the site's registration policy and allowed domains (`/admin/settings`, issue 16): open, by
/// invitation only (an invitation link still makes an account, and joins its community), or closed.
@Suite("Site settings: who may sign up")
struct RegistrationPolicyTests {
    /// Saves `change` over the current settings, as a site admin would.
    static func set(_ app: TestApp, _ change: (inout SiteSettings) -> Void) async throws {
        var settings = app.database.site.current
        change(&settings)
        try await app.database.saveSiteSettings(settings, actorID: 1, now: app.clock.now, checking: .trusted)
    }

    /// An invitation to `community` for `email` (or an existing account), and its link's token.
    static func invite(_ f: ForumFixture, email: String = "", user: User? = nil, expires: TimeInterval = Invitation.lifetime) async throws -> String {
        let token = RandomToken.urlSafe(bytes: 32)
        let now = f.app.clock.now
        _ = try await f.app.database.createInvitation(Invitation(
            communityId: f.privateCommunity.id!, invitedBy: f.moderator.id, inviteeUserId: user?.id, inviteeEmail: email,
            tokenHash: RandomToken.sha256(token), createdAt: now, expiresAt: now.addingTimeInterval(expires)), checking: .trusted)
        return token
    }

    static func signUp(_ browser: Browser, handle: String, email: String, invitation: String? = nil) async throws -> Browser.Page {
        var fields = [("handle", handle), ("display_name", handle.capitalized), ("email", email), ("password", TestApp.password)]
        if let invitation { fields.append(("invitation", invitation)) }
        return try await browser.post(Paths.signUp, fields)
    }

    @Test("closed: the sign-up page says so with the contact address, the header offers no sign-up, and a post writes nothing")
    func closed() async throws {
        let f = try await ForumFixture.make()
        try await Self.set(f.app) { $0.registration = .closed; $0.contactEmail = "help@alliance.example" }
        let users = try await f.app.database.userCount()
        try await f.app.run { browser in
            let page = try await browser.get(Paths.signUp)
            #expect(page.status == .forbidden)
            #expect(page.body.contains("This site is not taking new accounts. Write to help@alliance.example to ask for an account."))
            #expect(!page.body.contains("name=\"password\""))
            #expect(!(try await browser.get("/")).body.contains("Create account"))
            let posted = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "nadia", email: "nadia@example.org") }
            #expect(posted.status == .forbidden && posted.body.contains("This site is not taking new accounts."))
            // An invitation does not open a closed site.
            let token = try await Self.invite(f, email: "nadia@example.org")
            let invited = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "nadia", email: "nadia@example.org", invitation: token) }
            #expect(invited.status == .forbidden)
        }
        #expect(try await f.app.database.userCount() == users)
    }

    @Test("by invitation only: no link, 403; the link's address signs up and joins the community; another address or a used link is refused")
    func invitationOnly() async throws {
        let f = try await ForumFixture.make()
        try await Self.set(f.app) { $0.registration = .invitation }
        let token = try await Self.invite(f, email: "guest@partner.example")
        try await f.app.run { browser in
            let bare = try await browser.get(Paths.signUp)
            #expect(bare.status == .forbidden && bare.body.contains("New accounts need an invitation"))
            let noLink = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "nadia", email: "nadia@example.org") }
            #expect(noLink.status == .forbidden)
            // The invitation page links to the sign-up with the token, which fills in the address.
            let invitation = try await browser.get(Paths.invitation(token: token))
            #expect(invitation.body.contains(Paths.signUp(invitation: token).replacingOccurrences(of: "&", with: "&amp;")))
            let form = try await browser.get(Paths.signUp(invitation: token))
            #expect(form.status == .ok && form.body.contains("value=\"guest@partner.example\"") && form.body.contains("name=\"invitation\" value=\"\(token)\""))
            let wrong = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "other", email: "other@partner.example", invitation: token) }
            #expect(wrong.status == .badRequest && wrong.body.contains("This invitation was sent to another address"))
            let made = try await Self.signUp(browser, handle: "guest", email: "guest@partner.example", invitation: token)
            #expect(made.status == .seeOther && made.location == Paths.checkEmail)
            browser.clearCookies()
            let again = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "guest2", email: "guest@partner.example", invitation: token) }
            #expect(again.status == .forbidden && again.body.contains("This invitation link no longer works"))
        }
        let guest = try #require(try await f.app.database.user(handle: "guest"))
        #expect(try await f.app.database.membership(communityID: f.privateCommunity.id!, userID: guest.id!) != nil)
        let used = try await f.app.database.invitation(tokenHash: RandomToken.sha256(token))
        #expect(used?.usedBy == guest.id)
        // Invitations of existing members still work as before.
        let memberToken = try await Self.invite(f, user: f.outsider)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let accepted = try await browser.post(Paths.invitation(token: memberToken), [])
            #expect(accepted.status == .seeOther)
        }
        #expect(try await f.app.database.membership(communityID: f.privateCommunity.id!, userID: f.outsider.id!) != nil)
    }

    @Test("allowed domains: other addresses are refused beside the email field, subdomains pass, an invitation admits its address")
    func domains() async throws {
        let f = try await ForumFixture.make()
        try await Self.set(f.app) { $0.emailDomains = ["uhn.ca", "sinaihealth.ca"] }
        let users = try await f.app.database.userCount()
        try await f.app.run { browser in
            let form = try await browser.get(Paths.signUp)
            #expect(form.body.contains("Accounts can be created only with an address at uhn.ca, sinaihealth.ca."))
            let refused = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "nadia", email: "nadia@gmail.com") }
            #expect(refused.status == .badRequest && refused.body.contains("id=\"email-error\">Accounts can be created only with an address at uhn.ca, sinaihealth.ca."))
            let lookalike = try await f.app.expectNoWrite { try await Self.signUp(browser, handle: "nadia", email: "nadia@evil-uhn.ca") }
            #expect(lookalike.status == .badRequest)
            let sub = try await Self.signUp(browser, handle: "nadia", email: "nadia@research.uhn.ca")
            #expect(sub.status == .seeOther)
            browser.clearCookies()
            let token = try await Self.invite(f, email: "speaker@university.example")
            let invited = try await Self.signUp(browser, handle: "speaker", email: "speaker@university.example", invitation: token)
            #expect(invited.status == .seeOther)
        }
        #expect(try await f.app.database.userCount() == users + 2)
    }

    @Test("sign-ups closed between the page's check and the write: refused inside the write, no account made")
    func closedDuringSignUp() async throws {
        let f = try await ForumFixture.make()
        let users = try await f.app.database.userCount()
        let mails = try await f.app.outbox().count
        try await f.app.run { browser in
            let ran = LockedFlag()
            f.app.database.writeBarrier.once {
                try await Self.set(f.app) { $0.registration = .closed }
                ran.set()
            }
            let page = try await Self.signUp(browser, handle: "nadia", email: "nadia@example.org")
            #expect(ran.value, "the change ran between the check and the write")
            #expect(page.status == .forbidden && page.body.contains("This site is not taking new accounts."))
        }
        #expect(try await f.app.database.userCount() == users)
        #expect(try await f.app.outbox().count == mails)
    }

    @Test("an invitation used between the page's check and the write: the second sign-up is refused inside the write")
    func invitationUsedDuringSignUp() async throws {
        let f = try await ForumFixture.make()
        try await Self.set(f.app) { $0.registration = .invitation }
        let token = try await Self.invite(f)  // a link for anyone (no address)
        let users = try await f.app.database.userCount()
        try await f.app.run { browser in
            f.app.database.writeBarrier.once {
                try await f.app.database.writer.write { db in
                    try db.execute(sql: "UPDATE invitation SET used_at = ?, used_by = ? WHERE token_hash = ?",
                                   arguments: [f.app.clock.now, f.member.id!, RandomToken.sha256(token)])
                }
            }
            let page = try await Self.signUp(browser, handle: "late", email: "late@example.org", invitation: token)
            #expect(page.status == .forbidden && page.body.contains("This invitation link no longer works"))
        }
        #expect(try await f.app.database.userCount() == users)
    }
}

/// A flag a barrier step sets.
final class LockedFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}
