import Foundation
import Testing
@testable import Commonplace

/// Calendars read by another implementation: every feed parsed by Python's `icalendar`, series expanded by
/// `recurring-ical-events` (RRULE, EXDATE, RDATE and overrides), and the dates compared with the site's own, across
/// the daylight-saving changes of America/Toronto (1 November 2026, 14 March 2027) and Europe/Paris (25 October 2026,
/// 28 March 2027). The checker also reads each VTIMEZONE on its own and compares its offsets with zoneinfo's.
@Suite("Meetings: calendars against recurring-ical-events")
struct MeetingCalendarDSTTests {
    /// Expects the calendar's dates of each of `meetings` to be the site's.
    static func expectSiteDates(_ parsed: ParsedCalendar, _ meetings: [Meeting], _ f: ForumFixture,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for meeting in meetings {
            let current = try #require(try await f.app.database.meeting(id: meeting.id!))
            let rows = try await f.app.database.occurrences(meetingID: meeting.id!)
            let theirs = ExpectedDate.of(parsed.instances(uid: testBaseURL + Paths.meeting(meeting.id!)))
            #expect(theirs == ExpectedDate.of(current, rows), "\(meeting.title)", sourceLocation: sourceLocation)
        }
        #expect(parsed.timezone_checks > 0, sourceLocation: sourceLocation)
    }

    @Test("Toronto series across November and March: moved, cancelled and split dates agree with recurring-ical-events")
    func toronto() async throws {
        let f = try await ForumFixture.make()
        let db = f.app.database
        let zone = "America/Toronto"
        // Given a weekly noon meeting through the winter, a Sunday 01:30–02:45 drop-in that meets on the night the
        // clocks go back (01:30 happens twice: the first is meant) and on the night they go forward (02:45 does not
        // exist: it is read as 03:45 daylight time), and a quarterly meeting on the last Thursday
        let noon = try await f.meeting("Weekly noon", in: f.community, zone: zone, date: "2026-10-06", start: "12:00", end: "13:00",
                                       repeat: .weekly, until: "2027-04-27")
        let night = try await f.meeting("Night drop-in", in: f.community, zone: zone, date: "2026-10-25", start: "01:30", end: "02:45",
                                        repeat: .weekly, count: 24)
        let quarterly = try await f.meeting("Quarterly", in: f.privateCommunity, zone: zone, date: "2026-10-29", start: "16:00",
                                            end: "17:30", repeat: .monthlyLastWeekday, interval: 3, count: 4)
        // …one date moved to the afternoon, one cancelled, and the series continued from February at 14:00
        _ = try await db.updateOccurrence(meetingID: noon.id!, localDate: "2026-11-03",
                                          override: OccurrenceOverride(title: "Weekly noon (afternoon this time)", startTime: "15:00", endTime: "16:00"),
                                          now: f.app.clock.now, checking: .trusted)
        _ = try await db.cancelOccurrence(meetingID: noon.id!, localDate: "2026-12-29", reason: "Holidays", now: f.app.clock.now, checking: .trusted)
        var next = try #require(try await db.meeting(id: noon.id!))
        next.startDate = "2027-02-02"
        next.startTime = "14:00"
        next.endTime = "15:00"
        let (continuation, _) = try await db.splitMeetingSeries(id: noon.id!, at: LocalDate("2027-02-02")!, continuation: next,
                                                                occurrences: try next.schedule!.occurrences(), now: f.app.clock.now,
                                                                checking: .trusted)
        try await f.app.run { browser in
            // When the member's private feed, the community's feed and the event's file are read
            try await browser.signIn(email: f.member.email)
            let token = try await browser.makeFeedToken()
            let (_, file) = try await browser.calendar(Paths.meetingCalendar(noon.id!))
            browser.clearCookies()
            let (_, feed) = try await browser.calendar(Paths.privateEventsCalendar(token: token))
            let (_, community) = try await browser.calendar(Paths.communityEventsCalendar(f.community))
            // Then every date of every event is the site's, in UTC, cancelled where the site says so
            try await Self.expectSiteDates(feed, [noon, continuation, night, quarterly], f)
            try await Self.expectSiteDates(community, [noon, continuation, night], f)
            try await Self.expectSiteDates(file, [noon, continuation], f)
            #expect(community.instances(uid: testBaseURL + Paths.meeting(quarterly.id!)).isEmpty)
            // …noon is 16:00 UTC in daylight time and 17:00 in winter; the continuation follows the March change too
            let starts = Dictionary(uniqueKeysWithValues: feed.instances(uid: testBaseURL + Paths.meeting(noon.id!)).map { ($0.start_local, $0.start) })
            #expect(starts["2026-10-27T12:00:00"] == "2026-10-27T16:00:00Z")
            #expect(starts["2026-11-10T12:00:00"] == "2026-11-10T17:00:00Z")
            #expect(starts["2026-11-03T15:00:00"] == "2026-11-03T20:00:00Z", "the moved date")
            let later = Dictionary(uniqueKeysWithValues: feed.instances(uid: testBaseURL + Paths.meeting(continuation.id!)).map { ($0.start_local, $0.start) })
            #expect(later["2027-03-09T14:00:00"] == "2027-03-09T19:00:00Z")
            #expect(later["2027-03-16T14:00:00"] == "2027-03-16T18:00:00Z")
            // …and the drop-in's two nights are the first 01:30 (daylight time) and 03:45 daylight time
            let nights = feed.instances(uid: testBaseURL + Paths.meeting(night.id!))
            #expect(nights.first { $0.start_local.hasPrefix("2026-11-01") }?.start == "2026-11-01T05:30:00Z")
            #expect(nights.first { $0.start_local.hasPrefix("2027-03-14") }?.end == "2027-03-14T07:45:00Z")
            // …the continuation is its own UID in the original's file, and the moved date keeps its title
            #expect(Set(file.instances.map(\.uid)).count == 2)
            #expect(feed.instances.contains { $0.summary == "Weekly noon (afternoon this time)" })
        }
    }

    @Test("Paris series across October and March: the wall-clock time holds, UTC moves, as recurring-ical-events says")
    func paris() async throws {
        let f = try await ForumFixture.make()
        let zone = "Europe/Paris"
        // Given a monthly meeting on the 28th at 18:00 (28 March 2027 is the night Paris moves to summer time) and a
        // weekly Sunday one at 02:30, which happens twice on 25 October and not at all on 28 March
        let monthly = try await f.meeting("Paris monthly", in: f.community, zone: zone, date: "2026-10-28", start: "18:00", end: "19:30",
                                          repeat: .monthlyDay, count: 8, place: "Salle 2, étage 3")
        let early = try await f.meeting("Paris early", in: f.community, zone: zone, date: "2026-10-18", start: "02:30", end: "03:45",
                                        repeat: .weekly, count: 24)
        // And a member who reads times in Paris (calendars carry the event's own zone whatever the reader's)
        try await f.app.database.writer.write { db in
            try db.execute(sql: "UPDATE user SET time_zone = 'Europe/Paris' WHERE id = ?", arguments: [f.member.id!])
        }
        try await f.app.run { browser in
            try await browser.signIn(email: f.member.email)
            let (page, parsed) = try await browser.calendar(Paths.communityEventsCalendar(f.community))
            try await Self.expectSiteDates(parsed, [monthly, early], f)
            let months = parsed.instances(uid: testBaseURL + Paths.meeting(monthly.id!))
            #expect(months.count == 8 && months.allSatisfy { $0.start_local.hasSuffix("T18:00:00") && $0.tzid == zone })
            #expect(months.first { $0.start_local.hasPrefix("2027-03-28") }?.start == "2027-03-28T16:00:00Z")
            #expect(months.first { $0.start_local.hasPrefix("2027-02-28") }?.start == "2027-02-28T17:00:00Z")
            #expect(months.first?.location == "Salle 2, étage 3")
            #expect(page.body.contains("LOCATION:Salle 2\\, étage 3"))
            let sundays = parsed.instances(uid: testBaseURL + Paths.meeting(early.id!))
            #expect(sundays.first { $0.start_local.hasPrefix("2026-10-25") }?.start == "2026-10-25T00:30:00Z")
            #expect(sundays.first { $0.start_local.hasPrefix("2027-03-28") }?.start == "2027-03-28T01:30:00Z")
        }
    }
}
