import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The record of a date: notes, decisions, action items with owners, recording, attached resources, its discussion.
@Suite("Meetings: the record afterwards")
struct MeetingRecordTests {
    let day = "2026-09-01"

    @Test("a moderator keeps the record; members read it, rendered once, with owners and attachments")
    func keepAndRead() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        let guide = try await f.resource("Breach notification guide")
        let record = Paths.meetingRecord(meeting.id!, on: day)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let form = try await browser.get(record)
            #expect(form.body.contains("Keep the record"))
            let saved = try await browser.post(record, [("notes", "We reviewed **breach logs**."), ("decisions", "- Adopt the new template"),
                                                        ("recording_url", "https://video.example.org/privacy-sept")])
            #expect(saved.status == .seeOther)
            #expect(try await browser.post(Paths.meetingActionItems(meeting.id!, on: day), [("text", "Draft the policy"), ("owner", "@author")]).status == .seeOther)
            #expect(try await browser.post(Paths.meetingResources(meeting.id!, on: day), [("resource_id", "\(guide.id!)")]).status == .seeOther)
            browser.clearCookies()

            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(record)
            #expect(page.status == .ok)
            #expect(page.body.contains("<strong>breach logs</strong>"))
            #expect(page.body.contains("Adopt the new template"))
            #expect(page.body.contains("Draft the policy"))
            #expect(page.body.contains("href=\"\(Paths.user("author"))\""))
            #expect(page.body.contains("https://video.example.org/privacy-sept"))
            #expect(page.body.contains("href=\"\(Paths.resource(guide.id!))\""))
            #expect(!page.body.contains("Keep the record"), "members read, they do not edit")
            let edit = try await f.app.expectNoWrite { try await browser.post(record, [("notes", "Mine now")]) }
            #expect(edit.status == .forbidden)
        }
        let stored = try await f.app.database.meetingRecord(occurrenceID: try await f.occurrenceID(meeting, day))
        #expect(stored.notesHtml.contains("<strong>breach logs</strong>"))
        #expect(stored.actionItems.first?.owner?.handle == "author")
    }

    @Test("bad record input is refused with its reason and nothing saved: a recording link that is not http(s), an owner who is not a member, a held resource")
    func badInput() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        let other = try await f.resource("Elsewhere", in: f.otherCommunity)
        let held = try await f.resource("Awaiting approval")
        try await f.setResource(held, "held_at = ?", [f.app.clock.now])
        let record = Paths.meetingRecord(meeting.id!, on: day)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            let link = try await f.app.expectNoWrite { try await browser.post(record, [("notes", "Kept"), ("recording_url", "javascript:alert(1)")]) }
            #expect(link.status == .badRequest)
            #expect(link.body.contains("A link must start with http:// or https://"))
            #expect(link.body.contains(">Kept</textarea>"), "what was typed is kept")
            let owner = try await f.app.expectNoWrite {
                try await browser.post(Paths.meetingActionItems(meeting.id!, on: day), [("text", "Call them"), ("owner", "outsider")])
            }
            #expect(owner.status == .badRequest)
            #expect(owner.body.contains("@outsider is not a member of Privacy"))
            let empty = try await f.app.expectNoWrite { try await browser.post(Paths.meetingActionItems(meeting.id!, on: day), [("text", " ")]) }
            #expect(empty.status == .badRequest)
            for resource in [other, held] {
                let attach = try await f.app.expectNoWrite {
                    try await browser.post(Paths.meetingResources(meeting.id!, on: day), [("resource_id", "\(resource.id!)")])
                }
                #expect(attach.status == .badRequest)
            }
            let noDate = try await f.app.expectNoWrite { try await browser.post(Paths.meetingRecord(meeting.id!, on: "2026-09-02"), [("notes", "x")]) }
            #expect(noDate.status == .notFound)
            let badDate = try await f.app.expectNoWrite { try await browser.post("/e/\(meeting.id!)/record?on=yesterday", [("notes", "x")]) }
            #expect(badDate.status == .badRequest)
            browser.clearCookies()
            try await f.deactivate(f.community)
            try await browser.signIn(email: "moderator@example.org")
            let inactive = try await f.app.expectNoWrite { try await browser.post(record, [("notes", "Late")]) }
            #expect(inactive.status == .forbidden)
            #expect(inactive.body.contains("kept for reading only"))
        }
    }

    @Test("action items are marked done and removed; attachments detached")
    func actionItems() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        let guide = try await f.resource("Breach notification guide")
        try await f.app.database.addActionItem(meetingID: meeting.id!, localDate: day, text: "Send the minutes", ownerHandle: "member",
                                               now: f.app.clock.now, checking: .trusted)
        try await f.app.database.setMeetingResource(meetingID: meeting.id!, localDate: day, resourceID: guide.id!, attached: true,
                                                    now: f.app.clock.now, checking: .trusted)
        let occurrence = try await f.occurrenceID(meeting, day)
        let item = try #require(try await f.app.database.meetingRecord(occurrenceID: occurrence).actionItems.first).item
        let change = Paths.meetingActionItem(meeting.id!, item: item.id!, on: day)
        try await f.app.run { browser in
            try await browser.signIn(email: "moderator@example.org")
            #expect(try await browser.post(change, [("change", "done")]).status == .seeOther)
            #expect(try await browser.get(Paths.meetingRecord(meeting.id!, on: day)).body.contains("<span class=\"badge\">Done</span>"))
            #expect(try await f.app.expectNoWrite { try await browser.post(change, [("change", "done")]) }.status == .conflict)
            #expect(try await f.app.expectNoWrite { try await browser.post(change, [("change", "shred")]) }.status == .badRequest)
            #expect(try await browser.post(change, [("change", "remove")]).status == .seeOther)
            #expect(try await browser.post(Paths.meetingResources(meeting.id!, on: day), [("resource_id", "\(guide.id!)"), ("attached", "false")]).status == .seeOther)
        }
        let record = try await f.app.database.meetingRecord(occurrenceID: occurrence)
        #expect(record.actionItems.isEmpty && record.resources.isEmpty)
    }

    @Test("the record of a members' event is for members; a public event's record is for everyone who sees it")
    func visibility() async throws {
        let f = try await ForumFixture.make()
        let members = try await f.meeting("Members' meeting", date: day)
        let open = try await f.meeting("Research spotlight", audience: .public, date: day)
        for m in [members, open] {
            try await f.app.database.saveMeetingRecord(meetingID: m.id!, localDate: day, notes: .from("Minutes of \(m.title)"), decisions: .from(""),
                                                       recordingURL: "", now: f.app.clock.now, checking: .trusted)
        }
        try await f.app.run { browser in
            #expect(try await browser.get(Paths.meetingRecord(members.id!, on: day)).status == .notFound)
            #expect(try await browser.get(Paths.meetingRecord(open.id!, on: day)).body.contains("Minutes of Research spotlight"))
            try await browser.signIn(email: "outsider@example.org")
            #expect(try await browser.get(Paths.meetingRecord(members.id!, on: day)).status == .notFound)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            #expect(try await browser.get(Paths.meetingRecord(members.id!, on: day)).body.contains("Minutes of Members"))
        }
    }

    @Test("a member starts the date's discussion once: linked both ways")
    func discussion() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Monthly privacy meeting", date: day)
        let start = Paths.meetingRecordDiscussion(meeting.id!, on: day)
        try await f.app.run { browser in
            try await browser.signIn(email: "outsider@example.org")
            let outsider = try await f.app.expectNoWrite { try await browser.post(start, [("board", "questions")]) }
            #expect(outsider.status == .notFound, "not a member: the members' record is not theirs to see")
            browser.clearCookies()

            try await browser.signIn(email: "member@example.org")
            let page = try await browser.get(Paths.meetingRecord(meeting.id!, on: day))
            #expect(page.body.contains("action=\"\(start)\""))
            let started = try await browser.post(start, [("board", "questions")])
            #expect(started.status == .seeOther)
            let discussionPath = try #require(started.location)
            let thread = try await browser.get(discussionPath)
            #expect(thread.body.contains(Paths.meeting(meeting.id!, on: day).replacingOccurrences(of: "&", with: "&amp;")))
            let record = try await browser.get(Paths.meetingRecord(meeting.id!, on: day))
            #expect(record.body.contains("href=\"\(discussionPath)\""))
            #expect(!record.body.contains("action=\"\(start)\""))
            let twice = try await f.app.expectNoWrite { try await browser.post(start, [("board", "questions")]) }
            #expect(twice.status == .conflict)
            #expect(twice.body.contains("This date already has its discussion."))
            let noBoard = try await f.app.expectNoWrite { try await browser.post(start, [("board", "nowhere")]) }
            #expect(noBoard.status == .badRequest)
        }
    }

    @Test("the event's author keeps the record too; a moderator turns questions on for a plain meeting")
    func authorAndQuestions() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting("Working group", date: "2026-12-08")
        try await f.execute("UPDATE meeting SET author_id = ? WHERE id = ?", [f.author.id!, meeting.id!])
        try await f.app.run { browser in
            try await browser.signIn(email: "author@example.org")
            #expect(try await browser.post(Paths.meetingRecord(meeting.id!, on: "2026-12-08"), [("notes", "Agenda")]).status == .seeOther)
            let ask = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestions(meeting.id!, on: "2026-12-08"), [("body", "?")]) }
            #expect(ask.status == .forbidden)
            #expect(try await browser.post(Paths.meetingQuestionSettings(meeting.id!), [("takes_questions", "true")]).status == .seeOther)
            #expect(try await browser.post(Paths.meetingQuestions(meeting.id!, on: "2026-12-08"), [("body", "Who chairs?")]).status == .seeOther)
            browser.clearCookies()
            try await browser.signIn(email: "member@example.org")
            let refused = try await f.app.expectNoWrite { try await browser.post(Paths.meetingQuestionSettings(meeting.id!), [("takes_questions", "false")]) }
            #expect(refused.status == .forbidden)
        }
    }
}
