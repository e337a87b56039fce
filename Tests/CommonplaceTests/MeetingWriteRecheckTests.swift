import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Scheduling, editing and cancelling events take the moderator rule again inside their write: a moderator demoted
/// or suspended between the request's check and its write is refused like one changed before, and nothing is written.
@Suite("Meetings: the moderator rule taken again inside the write")
struct MeetingWriteRecheckTests {
    typealias Loss = WriteRecheckModerationTests.Loss

    static let tables = ["meeting", "meeting_occurrence"]

    private func race<Subject: Sendable>(_ loss: Loss, setup: @escaping @Sendable (ForumFixture) async throws -> Subject,
                                         request: @escaping @Sendable (Browser, ForumFixture, Subject) async throws -> Browser.Page)
        async throws -> WriteRace.Outcome {
        try await WriteRace.run(as: "moderator@example.org", tables: Self.tables, setup: setup,
                                change: { f, _ in try await loss.commit(f) }, request: request)
    }

    @Test("scheduling, editing and cancelling an event are refused when the moderator loses the role in between",
          arguments: Loss.allCases)
    func meetings(_ loss: Loss) async throws {
        let create = try await race(loss, setup: { _ in }) { browser, f, _ in
            try await browser.post(Paths.newMeeting(f.community), MeetingPageTests.fields())
        }
        #expect(create.holds, "\(create)")
        let edit = try await race(loss, setup: { f in try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 3) }) { browser, _, meeting in
            try await browser.post(Paths.editMeeting(meeting.id!), MeetingPageTests.fields(["start": "14:00", "end": "15:00", "count": "3"]))
        }
        #expect(edit.holds, "\(edit)")
        let cancel = try await race(loss, setup: { f in try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 3) }) { browser, _, meeting in
            try await browser.post(Paths.cancelMeeting(meeting.id!), [("scope", "occurrence"), ("on", "2026-11-10"), ("reason", "Holiday")])
        }
        #expect(cancel.holds, "\(cancel)")
    }
}
