import Foundation
import GRDB
import Testing
@testable import Commonplace

/// Storing events: an event and all its dates in one transaction, the moderator rule taken again inside it.
@Suite("Meetings: storing events")
struct MeetingStoreTests {
    @Test("a monthly series is stored with one row per date, in the event's zone")
    func createSeries() async throws {
        // Given the privacy community's moderator scheduling ten monthly meetings on the second Tuesday
        let f = try await ForumFixture.make()
        // When the series is stored
        let meeting = try await f.meeting(date: "2026-10-13", repeat: .monthlyWeekday, count: 10)
        // Then it has ten dates, each at noon in Toronto
        let occurrences = try await f.app.database.occurrences(meetingID: meeting.id!)
        #expect(occurrences.count == 10)
        #expect(occurrences.first?.localDate == "2026-10-13")
        #expect(occurrences.last?.localDate == "2027-07-13")
        let calendar = meeting.schedule!.calendar
        #expect(occurrences.allSatisfy { calendar.component(.hour, from: $0.startsAt) == 12 })
        #expect(try await f.app.database.occurrence(meetingID: meeting.id!, localDate: "2026-11-10") != nil)
    }

    @Test("a member's checked write is refused and writes nothing; a moderator's goes through")
    func checkedCreate() async throws {
        let f = try await ForumFixture.make()
        let now = f.app.clock.now
        let draft = Meeting(communityId: f.community.id!, authorId: f.member.id, title: "Not mine", kind: .meeting,
                            timeZone: "America/Toronto", startDate: "2026-12-08", startTime: "12:00", endTime: "13:00",
                            createdAt: now, updatedAt: now)
        let occurrences = try draft.schedule!.occurrences()
        // When a member's write runs with the rule of scheduling events
        let memberGuardian = try await f.guardian(f.member)
        await #expect(throws: AppError.self) {
            _ = try await f.app.database.createMeeting(draft, occurrences: occurrences, checking: memberGuardian.meetingCreateCheck(f.community))
        }
        // Then nothing is written
        let counts = try await f.app.database.reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting")!, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM meeting_occurrence")!)
        }
        #expect(counts == (0, 0))
        // And the moderator's is stored
        let moderatorGuardian = try await f.guardian(f.moderator)
        let stored = try await f.app.database.createMeeting(draft, occurrences: occurrences, checking: moderatorGuardian.meetingCreateCheck(f.community))
        #expect(stored.id != nil)
    }

    @Test("an RSVP of going or maybe to any date of an event counts for its link; not going does not")
    func attendingRSVP() async throws {
        let f = try await ForumFixture.make()
        let meeting = try await f.meeting(audience: .public, repeat: .weekly, count: 3)
        let occurrences = try await f.app.database.occurrences(meetingID: meeting.id!)
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.outsider.id, meetingID: meeting.id!) == false)
        try await f.app.database.writer.write { db in
            var maybe = MeetingRSVP(occurrenceId: occurrences[2].id!, userId: f.outsider.id!, response: .maybe, respondedAt: f.app.clock.now)
            try maybe.insert(db)
            var notGoing = MeetingRSVP(occurrenceId: occurrences[0].id!, userId: f.member.id!, response: .notGoing, respondedAt: f.app.clock.now)
            try notGoing.insert(db)
        }
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.outsider.id, meetingID: meeting.id!))
        #expect(try await f.app.database.hasAttendingRSVP(userID: f.member.id, meetingID: meeting.id!) == false)
        #expect(try await f.app.database.hasAttendingRSVP(userID: nil, meetingID: meeting.id!) == false)
        #expect(try await f.app.database.meetingsWithAttendingRSVP(userID: f.outsider.id, among: [meeting.id!, 12345]) == [meeting.id!])
    }
}
