import Foundation
import GRDB
import NIOCore
import Synchronization
import Testing
@testable import Commonplace

/// Every compiled page template is rendered with a real page model and matches swift-mustache byte for byte.
@Suite("Every template")
struct TemplateCoverageTests {
    /// Records which templates were rendered, and checks each against the reference renderer.
    final class Recorder: RenderObserver {
        let names = Mutex<Set<String>>([])

        func rendered<Page>(_ template: String, layout: Layout, page: Page, html: ByteBuffer) throws {
            names.withLock { _ = $0.insert(template) }
            try ReferenceRenderer.shared.rendered(template, layout: layout, page: page, html: html)
        }
    }

    @Test("a tour of the demo data renders every page template, each exactly as swift-mustache renders it")
    func tour() async throws {
        // Given the demo data, a site admin, and a member to invite and suspend
        let recorder = Recorder()
        let app = try TestApp { $0.renderObserver = recorder }
        try await app.seed()
        try await app.createUser(handle: "root", admin: true)
        try await app.createUser(handle: "outsider")
        let ids = try await app.database.reader.read { db in
            (discussion: try Int64.fetchOne(db, sql: """
                SELECT d.id FROM discussion d JOIN community c ON c.id = d.community_id
                WHERE c.slug = 'privacy' AND d.kind = 'question' ORDER BY d.post_count DESC LIMIT 1
                """)!,
             reply: try Int64.fetchOne(db, sql: """
                SELECT p.id FROM post p JOIN discussion d ON d.id = p.discussion_id JOIN community c ON c.id = d.community_id
                WHERE c.slug = 'privacy' AND p.number > 1 ORDER BY d.post_count DESC, p.number LIMIT 1
                """)!,
             resource: try Int64.fetchOne(db, sql: """
                SELECT r.id FROM resource r JOIN community c ON c.id = r.community_id WHERE c.slug = 'privacy' LIMIT 1
                """)!,
             collection: try String.fetchOne(db, sql: """
                SELECT k.slug FROM collection k JOIN community c ON c.id = k.community_id WHERE c.slug = 'privacy' LIMIT 1
                """)!)
        }
        // …with a notification for the admin: a mention in a reply
        let asker = try #require(try await app.database.discussion(id: ids.discussion)?.authorId)
        _ = try await app.database.reply(discussionID: ids.discussion, authorID: asker, body: .from("@root could you look?"), now: app.clock.now)
        try await app.deliverNotifications()
        // …and a message in the outbox that failed (so the outbox lists a row with its retry button)
        let failed = try await app.queue(TestMail.account(to: "root@example.org"))
        try await app.database.recordMail(failed, .failed(reply: "550 5.1.1 <no such mailbox>"), now: app.clock.now)
        let meetingDate = try #require(try await app.database.reader.read { db in
            try String.fetchOne(db, sql: """
                SELECT local_date FROM meeting_occurrence WHERE meeting_id = (SELECT m.id FROM meeting m JOIN community c ON c.id = m.community_id
                  WHERE c.slug = 'privacy' AND m.repeat != 'none' LIMIT 1) ORDER BY local_date LIMIT 1
                """)
        })
        let meeting = try #require(try await app.database.reader.read { db in
            try Int64.fetchOne(db, sql: "SELECT m.id FROM meeting m JOIN community c ON c.id = m.community_id WHERE c.slug = 'privacy' AND m.repeat != 'none' LIMIT 1")
        })
        let qa = try #require(try await app.database.reader.read { db in
            try Row.fetchOne(db, sql: """
                SELECT o.meeting_id, o.local_date FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
                WHERE m.kind = 'qa' AND EXISTS (SELECT 1 FROM meeting_question q WHERE q.occurrence_id = o.id) LIMIT 1
                """)
        })
        let pages = [
            "/", "/about", "/search?q=privacy", "/u/root", "/nowhere",
            "/communities", "/welcome", "/admin/communities/privacy/setup", "/c/privacy/new?kind=question",
            "/settings", "/settings/password", "/settings/sessions", "/settings/expertise", "/settings/feeds", "/flags", "/help-requests",
            "/notifications", "/settings/notifications", "/settings/email",
            "/questions-for-you", "/settings/watching",
            "/admin/communities", "/admin/communities/new", "/admin/communities/privacy/archive",
            "/admin/communities/privacy/merge", "/admin/users", "/admin/users/outsider", "/admin/log", "/admin/mail", "/admin/settings",
            "/c/privacy", "/c/privacy/boards", "/c/privacy/boards/new", "/c/privacy/b/questions", "/c/privacy/b/questions/new",
            "/c/privacy/members", "/c/privacy/requests", "/c/privacy/join-questions", "/c/privacy/invitations",
            "/c/privacy/resources", "/c/privacy/resources/new", "/c/privacy/collections", "/c/privacy/collections/new",
            "/c/privacy/collections/\(ids.collection)", "/c/privacy/who-to-ask", "/c/privacy/topics",
            "/mod/privacy", "/mod/privacy/flags", "/mod/privacy/queue", "/mod/privacy/log", "/mod/privacy/settings",
            "/mod/privacy/reviews", "/mod/privacy/search-synonyms",
            "/d/\(ids.discussion)", "/d/\(ids.discussion)/move", "/d/\(ids.discussion)/merge", "/d/\(ids.discussion)/split",
            "/p/\(ids.reply)/edit", "/p/\(ids.reply)/history", "/p/\(ids.reply)/flag",
            "/r/\(ids.resource)", "/r/\(ids.resource)/curate",
            "/events", "/events?view=month", "/events/mine", "/c/privacy/events", "/c/privacy/events/new",
            Paths.meeting(meeting), Paths.editMeeting(meeting), Paths.cancelMeeting(meeting), Paths.attendees(meeting), Paths.meetingRecord(meeting, on: meetingDate),
            Paths.meetingQuestionsPage(qa[0], on: qa[1]),
        ]
        let unsubscribe = try await app.unsubscribeSigner().token(userID: try #require(try await app.database.user(handle: "root")?.id), scope: .digest)
        try await app.run { browser in
            // When the admin visits every page
            try await browser.signIn(email: "root@example.org")
            // …having watched or muted something of each kind (so the watch controls and the watching list have rows)…
            for (path, level) in [("/c/privacy/watch", "muted"), ("/c/privacy/b/questions/watch", "new_discussions"),
                                  ("/d/\(ids.discussion)/watch", "watching")] {
                #expect(try await browser.post(path, [("level", level)]).status == .seeOther, "\(path)")
            }
            for path in pages {
                let page = try await browser.get(path)
                #expect(page.status == (path == "/nowhere" ? .notFound : .ok), "\(path)")
            }
            let invited = try await browser.post("/c/security/invitations", [("invitee", "@outsider")])
            let link = try #require(invited.body.firstMatch(of: /\/invitations\/[A-Za-z0-9_-]{43}/))
            // …a visitor sees the sign-up form and an unsubscribe link's page, the invited member opens the invitation and a join form…
            browser.clearCookies()
            #expect(try await browser.get("/signup").status == .ok)
            #expect(try await browser.get(Paths.unsubscribe(token: unsubscribe)).status == .ok)
            // …signs up and is told to check their email, opens the verification link, a dead link, and asks for a
            // password reset (the form, the answer, and the new-password form of its link)…
            #expect(try await browser.signUp(handle: "newcomer").location == Paths.checkEmail)
            #expect(try await browser.get(Paths.checkEmail).status == .ok)
            let verify = try await app.mailedLink("/verify/", kind: .verifyAddress, to: "newcomer@example.org")
            #expect(try await browser.get(verify).status == .ok)
            #expect(try await browser.get("/verify/no-such-token").status == .notFound)
            browser.clearCookies()
            #expect(try await browser.get(Paths.passwordReset).status == .ok)
            #expect(try await browser.post(Paths.passwordReset, [("email", "newcomer@example.org")]).status == .ok)
            let reset = try await app.mailedLink("/password/reset/", kind: .passwordReset, to: "newcomer@example.org")
            #expect(try await browser.get(reset).status == .ok)
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(String(link.0)).status == .ok)
            #expect(try await browser.get("/c/privacy/join").status == .ok)
            // …and, suspended, is told so at sign-in
            browser.clearCookies()
            try await browser.signIn(email: "root@example.org")
            let suspended = try await browser.post("/admin/users/outsider/suspend", [("until", "2099-01-01"), ("reason", "Testing the page")])
            #expect(suspended.status == .seeOther)
            browser.clearCookies()
            #expect(try await browser.signIn(email: "outsider@example.org").status == .forbidden)
        }
        // Then every page template was rendered (and matched the reference, or the page would have been a 500)
        let missing = Set(CompiledTemplates.names).subtracting(recorder.names.withLock { $0 })
        #expect(missing.isEmpty, "never rendered: \(missing.sorted())")
    }

    @Test("the layout of a signed-in visitor writes the CSRF token of their session into its sign-out form")
    func csrfInLayout() async throws {
        let app = try TestApp()
        try await app.createUser(handle: "amara")
        try await app.run { browser in
            try await browser.signIn(email: "amara@example.org")
            let page = try await browser.get("/about")
            let token = try #require(page.csrf)
            #expect(token.count == 64)
            // The token in the page is the one the server accepts for this session.
            #expect(try await browser.post("/signout", [], csrf: token).status == .seeOther)
        }
    }

    @Test("an anonymous page without a form sets no visitor cookie; the sign-in form does")
    func lazyVisitorCookie() async throws {
        let app = try TestApp()
        try await app.run { browser in
            let about = try await browser.get("/about")
            #expect(about.status == .ok)
            #expect(about.setCookies.isEmpty)
            #expect(about.csrf == nil)
            let signIn = try await browser.get("/signin")
            #expect(signIn.setCookies.contains { $0.contains("commonplace_visitor=") })
            #expect(signIn.csrf != nil)
        }
    }
}
