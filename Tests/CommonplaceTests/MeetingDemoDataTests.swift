import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The demo data's meetings carry what happened at them (`seeds/meetings.json`, `dates`), so a visitor of the demo
/// finds what was said in meetings, under the same rules as everything else.
@Suite("Meetings: demo data")
struct MeetingDemoDataTests {
    func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    func search(_ browser: Browser, _ q: String) async throws -> String {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
        return try await browser.get("/search?q=\(encoded)", headers: [.accept: "application/json"]).body
    }

    @Test("past dates have records, answers and answered questions; seeding again adds none")
    func history() async throws {
        let app = try TestApp()
        try await app.seed()
        let counts = try await (count(app, "meeting_rsvp"), count(app, "meeting_question"), count(app, "meeting_action_item"))
        #expect(counts.0 > 40 && counts.1 >= 7 && counts.2 >= 10)
        let recorded = try await app.database.reader.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT m.title FROM meeting_occurrence o JOIN meeting m ON m.id = o.meeting_id
                WHERE o.notes <> '' AND o.ends_at <= ? ORDER BY m.title
                """, arguments: [app.clock.now])
        }
        for title in ["Privacy CoP monthly meeting", "Guest speaker Q&A: breach reporting to the IPC", "IAW CoP quarterly meeting",
                      "SecCoP monthly: hot topics in IT and cyber security", "Safer supply drop-in session"] {
            #expect(recorded.contains(title), "\(title)")
        }
        let answered = try await app.database.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_question WHERE answered_at IS NOT NULL AND answer_note <> ''")
        }
        #expect(answered == 4)
        try await app.seed()
        #expect(try await (count(app, "meeting_rsvp"), count(app, "meeting_question"), count(app, "meeting_action_item")) == counts)
    }

    @Test("search finds what was said in the demo's meetings, with kind:meeting or without, and not in a members-only community")
    func searchable() async throws {
        let app = try TestApp()
        try await app.seed()
        try await app.run { browser in
            let outsider = try await search(browser, "number matching")
            #expect(!outsider.contains("SecCoP monthly"), "SecCoP is members-only")
            #expect(!(try await search(browser, "heat stress")).contains("IAW CoP quarterly meeting"), "a members' meeting's record")
            // Each member finds what was said in their communities' meetings
            let finds: [(String, String, String)] = [
                ("kwame", "AI scribe", "Privacy CoP monthly meeting"), ("kwame", "number matching", "SecCoP monthly"),
                ("amara", "heat stress kind:meeting", "IAW CoP quarterly meeting"),
                ("ben", "weekend carries", "Safer supply drop-in session"), ("raj", "acceptable-use policy", "AI open forum session"),
            ]
            for (handle, query, title) in finds {
                browser.clearCookies()
                try await app.startSession(for: try #require(try await app.database.user(handle: handle)), in: browser)
                #expect(try await search(browser, query).contains(title), "\(handle): \(query)")
            }
            browser.clearCookies()
            try await app.startSession(for: try #require(try await app.database.user(handle: "kwame")), in: browser)
            let fax = try await search(browser, "misdirected fax kind:meeting")
            #expect(fax.contains("breach reporting to the IPC") && fax.contains("Privacy CoP monthly meeting"))
            #expect(!fax.contains("\"discussion_id\""))
            #expect(!(try await search(browser, "meet.example.org")).contains("meet.example.org"), "no meeting link in results")
        }
    }

    @Test("the guest speaker Q&A’s page shows the answered questions, anonymous ones as “A member”")
    func guestAnswers() async throws {
        let app = try TestApp()
        try await app.seed()
        let lin = try #require(try await app.database.user(handle: "lin"))
        let qa = try #require(try await app.database.reader.read { db in
            try Meeting.fetchOne(db, sql: "SELECT * FROM meeting WHERE title = 'Guest speaker Q&A: breach reporting to the IPC'")
        })
        try await app.run { browser in
            try await app.startSession(for: lin, in: browser)
            let page = try await browser.get(Paths.meeting(qa.id!))
            #expect(page.status == .ok)
            #expect(page.body.contains("The custodian remains responsible"))
            #expect(page.body.contains("A member"))
            #expect(page.body.contains("Do we report breaches by a contracted agent"))
        }
    }
}
