import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Meeting records in search: what was said in meetings is found with the rest, under the same visibility rules, and
/// the meeting link never shows in a snippet.
@Suite("Meetings: search")
struct MeetingSearchTests {
    let day = "2026-09-01"

    /// Saves notes (and decisions) on `day` of `meeting`, as the record form does.
    func record(_ f: ForumFixture, _ meeting: Meeting, notes: String, decisions: String = "") async throws {
        try await f.app.database.saveMeetingRecord(meetingID: meeting.id!, localDate: day, notes: .from(notes), decisions: .from(decisions),
                                                   recordingURL: "", now: f.app.clock.now, checking: .trusted)
    }

    /// The JSON search results for `q` as the browser's visitor.
    func search(_ browser: Browser, _ q: String) async throws -> String {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
        return try await browser.get("/search?q=\(encoded)", headers: [.accept: "application/json"]).body
    }

    @Test("notes, decisions, action items and answered questions are found, linking to the date; kind:meeting keeps only meetings")
    func findsRecords() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        _ = try await f.question(title: "Tokenisation of health cards")
        try await record(f, meeting, notes: "We compared tokenisation vendors.", decisions: "Pilot the quokka method.")
        try await f.app.database.addActionItem(meetingID: meeting.id!, localDate: day, text: "Ask the ombudsperson", ownerHandle: nil,
                                               now: f.app.clock.now, checking: .trusted)
        let answered = try await f.ask("What about wombat audits?", on: meeting, by: f.member, date: day)
        let open = try await f.ask("And platypus logs?", on: meeting, by: f.member, date: day)
        try await f.app.database.setQuestionAnswered(id: answered.id!, answered: true, note: "Yearly.", now: f.app.clock.now, checking: .trusted)
        _ = open
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            for word in ["quokka", "ombudsperson", "wombat"] {
                let json = try await search(browser, word)
                #expect(json.contains("\"date\":\"\(day)\""), "\(word)")
                #expect(json.contains(Paths.meeting(meeting.id!, on: day).replacingOccurrences(of: "/", with: "\\/")) || json.contains(Paths.meeting(meeting.id!, on: day)), "\(word)")
            }
            #expect(!(try await search(browser, "platypus")).contains("\"meeting_id\""), "an unanswered question is not in the record")
            let both = try await search(browser, "tokenisation")
            #expect(both.contains("\"meeting_id\"") && both.contains("\"discussion_id\""))
            let only = try await search(browser, "tokenisation kind:meeting")
            #expect(only.contains("\"meeting_id\"") && !only.contains("\"discussion_id\""))
            #expect(only.contains("kind:meeting"))
            let html = try await browser.get("/search?q=quokka").body
            #expect(html.contains("Meeting record"))
            #expect(html.contains("<mark>quokka</mark>"))
        }
    }

    @Test("the meeting link is never in a snippet, even when the notes or description quote it")
    func noLinkInSnippets() async throws {
        let f = try await ForumFixture.make()
        let link = "https://meet.example.org/privacy"
        let meeting = try await f.meeting("Monthly privacy meeting", audience: .public, date: day, link: link)
        try await f.execute("UPDATE meeting SET description = ? WHERE id = ?", ["Join the kangaroo session at \(link) on time.", meeting.id!])
        try await record(f, meeting, notes: "The kangaroo talk is at \(link) again next month.")
        try await f.app.run { browser in
            for email in ["", "member@example.org"] {
                if !email.isEmpty { try await browser.signIn(email: email) }
                let json = try await search(browser, "kangaroo")
                #expect(json.contains("\"meeting_id\""), "\(email)")
                #expect(!json.contains("meet.example.org"), "\(email)")
                let html = try await browser.get("/search?q=kangaroo").body
                #expect(!html.contains("meet.example.org"))
                let linkSearch = try await search(browser, "meet.example.org")
                #expect(!linkSearch.contains("\"meeting_id\""), "the link is not indexed")
            }
        }
    }

    @Test("an outsider finds nothing of a members-only community's meetings; anonymous readers find a members' event but not its record")
    func leaks() async throws {
        let f = try await ForumFixture.make()
        let secret = try await f.meeting("Red team echidna exercise", in: f.privateCommunity, date: day)
        try await record(f, secret, notes: "The echidna findings were severe.")
        let members = try await f.meeting("Members' numbat meeting", date: day)
        try await record(f, members, notes: "Numbat minutes with salamander details.")
        try await f.app.run { browser in
            for email in ["", "outsider@example.org", "othermod@example.org"] {
                if !email.isEmpty { try await browser.signIn(email: email) }
                #expect(!(try await search(browser, "echidna")).contains("\"meeting_id\""), "\(email)")
                #expect(!(try await search(browser, "echidna kind:meeting")).contains("\"meeting_id\""), "\(email)")
                #expect(!(try await search(browser, "salamander")).contains("\"meeting_id\""), "\(email): a members' record")
                #expect(try await search(browser, "numbat").contains("\"is_record\":false"), "\(email): the event itself is public")
                #expect(!(try await search(browser, "numbat")).contains("\"is_record\":true"), "\(email)")
                browser.clearCookies()
            }
            for email in ["member@example.org", "moderator@example.org", "admin@example.org"] {
                try await browser.signIn(email: email)
                #expect(try await search(browser, "echidna").contains("\"is_record\":true"), "\(email)")
                #expect(try await search(browser, "salamander").contains("\"is_record\":true"), "\(email)")
                browser.clearCookies()
            }
        }
    }

    @Test("the index follows every change in the write's transaction: new title, hidden or reopened answers, removed items, deleted events")
    func followsChanges() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        let question = try await f.ask("What about dingo retention?", on: meeting, by: f.member, date: day)
        try await f.app.database.setQuestionAnswered(id: question.id!, answered: true, note: "", now: f.app.clock.now, checking: .trusted)
        try await f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            #expect(try await search(browser, "dingo").contains("\"is_record\":true"))
            try await f.app.database.setQuestionHidden(id: question.id!, hidden: true, now: f.app.clock.now, checking: .trusted)
            #expect(!(try await search(browser, "dingo")).contains("\"meeting_id\""), "a hidden question leaves the index")
            try await f.execute("UPDATE meeting SET title = 'Bilby forum' WHERE id = ?", [meeting.id!])
            #expect(try await search(browser, "bilby").contains("\"is_record\":false"))
            try await f.execute("DELETE FROM meeting WHERE id = ?", [meeting.id!])
            #expect(!(try await search(browser, "bilby")).contains("\"meeting_id\""))
        }
        let documents = try await f.app.database.reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_search_document")! }
        #expect(documents == 0)
    }
}
