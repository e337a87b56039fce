import Foundation
import GRDB
import Testing
@testable import Commonplace

/// One-click unsubscribe: signed links that work without signing in and turn off exactly one kind of email.
@Suite("Unsubscribe")
struct UnsubscribeTests {
    @Test("a token names its member and kind; a changed member, kind or signature, or another site's token, does not verify")
    func tokens() async throws {
        let signer = UnsubscribeSigner(secret: "one secret")
        let token = signer.token(userID: 42, scope: .notification(.reply))
        #expect(signer.verify(token)! == (42, .notification(.reply)))
        #expect(signer.verify(signer.token(userID: 7, scope: .digest))! == (7, .digest))
        #expect(signer.verify(signer.token(userID: 7, scope: .all))! == (7, .all))
        let parts = token.split(separator: ".").map(String.init)
        #expect(signer.verify("43.\(parts[1]).\(parts[2])") == nil)
        #expect(signer.verify("42.mention.\(parts[2])") == nil)
        #expect(signer.verify("42.all.\(parts[2])") == nil)
        #expect(signer.verify("42.reply.\(parts[2].dropLast())A") == nil)
        #expect(signer.verify("42.reply") == nil)
        #expect(signer.verify("") == nil)
        #expect(UnsubscribeSigner(secret: "another secret").verify(token) == nil)
    }

    @Test("GET shows what the link turns off with a button, and changes nothing")
    func page() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let token = try await app.unsubscribeSigner().token(userID: amara.id!, scope: .notification(.mention))
        try await app.run { browser in
            let page = try await app.expectNoWrite { try await browser.get(Paths.unsubscribe(token: token)) }
            #expect(page.status == .ok)
            #expect(page.body.contains("This link turns off emails for “someone mentions you (@handle)”."))
            #expect(page.body.contains("<form method=\"post\" action=\"/unsubscribe/\(token)\">"))
        }
        #expect(try await app.database.emailSettings(userID: amara.id!).mode(.mention) == .immediately)
    }

    @Test("the RFC 8058 one-click POST, without session or CSRF token, turns off that kind only")
    func oneClick() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let signer = try await app.unsubscribeSigner()
        try await app.run { browser in
            let page = try await browser.postRaw(Paths.unsubscribe(token: signer.token(userID: amara.id!, scope: .notification(.reply))),
                                                 body: "List-Unsubscribe=One-Click")
            #expect(page.status == .ok)
            #expect(page.body.contains("Done: you will no longer get emails for “someone replies in a discussion you started”."))
            // The digest link, sent as multipart by some mail clients
            let digest = try await browser.postRaw(Paths.unsubscribe(token: signer.token(userID: amara.id!, scope: .digest)),
                                                   body: "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n",
                                                   contentType: "multipart/form-data; boundary=b")
            #expect(digest.status == .ok)
        }
        let settings = try await app.database.emailSettings(userID: amara.id!)
        #expect(settings.mode(.reply) == .never)
        #expect(settings.mode(.mention) == .immediately)
        #expect(settings.frequency == .off)
    }

    @Test("the 'all' link turns off every notification email and the digest")
    func all() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let token = try await app.unsubscribeSigner().token(userID: amara.id!, scope: .all)
        try await app.run { browser in
            let page = try await browser.postRaw(Paths.unsubscribe(token: token), body: "List-Unsubscribe=One-Click")
            #expect(page.status == .ok)
        }
        let settings = try await app.database.emailSettings(userID: amara.id!)
        #expect(NotificationKind.allCases.allSatisfy { settings.mode($0) == .never })
        #expect(settings.frequency == .off)
    }

    @Test("a tampered token is refused with 400 and a page saying so, GET or POST, and nothing is written; a deleted account's is 404")
    func tampered() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let token = try await app.unsubscribeSigner().token(userID: amara.id!, scope: .notification(.reply))
        let parts = token.split(separator: ".").map(String.init)
        let forged = ["\(amara.id! + 1).reply.\(parts[2])", "\(amara.id!).mention.\(parts[2])", "\(amara.id!).reply.AAAA", "nonsense"]
        try await app.run { browser in
            for bad in forged {
                try await app.expectNoWrite(Comment(rawValue: bad)) {
                    let get = try await browser.get(Paths.unsubscribe(token: bad))
                    #expect(get.status == .badRequest)
                    #expect(get.body.contains("This unsubscribe link is not valid"))
                    let post = try await browser.postRaw(Paths.unsubscribe(token: bad), body: "List-Unsubscribe=One-Click")
                    #expect(post.status == .badRequest)
                }
            }
            let gone = try await app.unsubscribeSigner().token(userID: 9_999, scope: .digest)
            try await app.expectNoWrite {
                let page = try await browser.postRaw(Paths.unsubscribe(token: gone), body: "List-Unsubscribe=One-Click")
                #expect(page.status == .notFound)
            }
        }
    }

    @Test("requests are rate-limited per client: past the limit, 429 and nothing written")
    func rateLimited() async throws {
        let app = try TestApp()
        let amara = try await app.createUser(handle: "amara")
        let token = try await app.unsubscribeSigner().token(userID: amara.id!, scope: .digest)
        try await app.run { browser in
            for _ in 0..<30 { #expect(try await browser.get(Paths.unsubscribe(token: token)).status == .ok) }
            try await app.expectNoWrite {
                let refused = try await browser.postRaw(Paths.unsubscribe(token: token), body: "List-Unsubscribe=One-Click")
                #expect(refused.status == .tooManyRequests)
            }
        }
        #expect(try await app.database.emailSettings(userID: amara.id!).frequency == .weekly)
    }

    @Test("the link in a queued notification email turns that kind off, and the next post queues no email of it")
    func fromTheEmail() async throws {
        let f = try await ForumFixture.make()
        try await f.app.verifyEmail(f.author)
        let (discussion, _) = try await f.question(replies: 1)
        try await f.app.deliverNotifications()
        let path = try #require(try await f.app.queuedMail(of: f.author).first?.unsubscribePath)
        try await f.app.run { browser in
            let page = try await browser.postRaw(path, body: "List-Unsubscribe=One-Click")
            #expect(page.status == .ok)
        }
        _ = try await f.app.database.reply(discussionID: discussion.id!, authorID: f.member.id!, body: .from("Again"), now: f.app.clock.now)
        try await f.app.deliverNotifications()
        #expect(try await f.app.notifications(of: f.author).count == 2)
        #expect(try await f.app.queuedMail(of: f.author).count == 1)
    }
}
