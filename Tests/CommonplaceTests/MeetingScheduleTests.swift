import Foundation
import Testing
@testable import Commonplace

/// The dates of events: recurrence expanded in the event's zone, correct across daylight-saving changes.
@Suite("Meetings: schedules")
struct MeetingScheduleTests {
    static let toronto = TimeZone(identifier: "America/Toronto")!

    func schedule(_ start: String, _ from: String = "12:00", _ to: String = "13:00", repeat rule: Meeting.Repeat = .none,
                  interval: Int = 1, until: String? = nil, count: Int? = nil, zone: TimeZone = toronto) -> MeetingSchedule {
        MeetingSchedule(timeZone: zone, startDate: LocalDate(start)!, startTime: LocalTime(from)!, endTime: LocalTime(to)!,
                        repeat: rule, interval: interval, until: until.flatMap(LocalDate.init), count: count)
    }

    func dates(_ schedule: MeetingSchedule) throws -> [String] { try schedule.dates().map(\.description) }

    /// An instant written as ISO 8601 in UTC.
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("a monthly noon meeting on the second Tuesday stays at noon in Toronto across the November change")
    func monthlyAcrossNovember() throws {
        // Given the privacy community's monthly meeting, from October (daylight time) into December (standard time)
        let s = schedule("2026-10-13", repeat: .monthlyWeekday, count: 3)
        // When it is expanded
        let occurrences = try s.occurrences()
        // Then each date is the second Tuesday, at noon local time: 16:00 UTC in October, 17:00 UTC after the change
        #expect(occurrences.map(\.localDate.description) == ["2026-10-13", "2026-11-10", "2026-12-08"])
        #expect(occurrences.map(\.startsAt) == [utc("2026-10-13T16:00:00Z"), utc("2026-11-10T17:00:00Z"), utc("2026-12-08T17:00:00Z")])
        #expect(occurrences.map(\.endsAt) == [utc("2026-10-13T17:00:00Z"), utc("2026-11-10T18:00:00Z"), utc("2026-12-08T18:00:00Z")])
    }

    @Test("a weekly evening drop-in keeps its local time across the March change")
    func weeklyAcrossMarch() throws {
        // Given a Wednesday 18:00–19:30 drop-in starting before daylight time begins (Sunday 8 March 2026)
        let s = schedule("2026-03-04", "18:00", "19:30", repeat: .weekly, until: "2026-03-18")
        let occurrences = try s.occurrences()
        // Then it is at 18:00 local each week: 23:00 UTC before the change, 22:00 UTC after
        #expect(occurrences.map(\.localDate.description) == ["2026-03-04", "2026-03-11", "2026-03-18"])
        #expect(occurrences.map(\.startsAt) == [utc("2026-03-04T23:00:00Z"), utc("2026-03-11T22:00:00Z"), utc("2026-03-18T22:00:00Z")])
        #expect(occurrences[1].endsAt.timeIntervalSince(occurrences[1].startsAt) == 90 * 60)
    }

    @Test("a time skipped or repeated by the change is read as RFC 5545 says")
    func skippedAndRepeatedTimes() throws {
        // 02:30 on 8 March 2026 does not exist in Toronto: it is read with the offset before the change (03:30 daylight time)
        let spring = schedule("2026-03-08", "02:30", "04:00").instants(on: LocalDate("2026-03-08")!)
        #expect(spring.start == utc("2026-03-08T07:30:00Z"))
        #expect(spring.end == utc("2026-03-08T08:00:00Z"))
        // 01:30 on 1 November 2026 happens twice: the first (daylight time)
        let autumn = schedule("2026-11-01", "01:30", "03:00").instants(on: LocalDate("2026-11-01")!)
        #expect(autumn.start == utc("2026-11-01T05:30:00Z"))
        #expect(autumn.end == utc("2026-11-01T08:00:00Z"))
    }

    @Test("every two weeks, on a day of the month, on the last weekday, and quarterly")
    func rules() throws {
        #expect(try dates(schedule("2026-10-20", repeat: .weekly, interval: 2, count: 3)) == ["2026-10-20", "2026-11-03", "2026-11-17"])
        // The 31st: months without one are skipped, as in iCalendar
        #expect(try dates(schedule("2026-01-31", repeat: .monthlyDay, count: 4)) == ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"])
        // The last Tuesday, from a Tuesday that is not the last: the series begins on the first last Tuesday after it
        #expect(try dates(schedule("2026-10-20", repeat: .monthlyLastWeekday, count: 3)) == ["2026-10-27", "2026-11-24", "2026-12-29"])
        #expect(try dates(schedule("2026-10-29", repeat: .monthlyLastWeekday, count: 3)) == ["2026-10-29", "2026-11-26", "2026-12-31"])
        // Quarterly: every 3 months on the third Thursday (the agricultural workers' meetings)
        #expect(try dates(schedule("2026-01-15", repeat: .monthlyWeekday, interval: 3, until: "2026-12-31"))
                == ["2026-01-15", "2026-04-16", "2026-07-16", "2026-10-15"])
        // The fifth Tuesday: only months that have one
        #expect(try dates(schedule("2026-09-29", repeat: .monthlyWeekday, count: 3)) == ["2026-09-29", "2026-12-29", "2027-03-30"])
    }

    @Test("until is inclusive, count is exact, a single event has one date")
    func ends() throws {
        #expect(try dates(schedule("2026-12-01", repeat: .weekly, until: "2026-12-15")) == ["2026-12-01", "2026-12-08", "2026-12-15"])
        #expect(try dates(schedule("2026-12-01", repeat: .weekly, count: 500)).count == 500)
        #expect(try dates(schedule("2026-12-01")) == ["2026-12-01"])
    }

    @Test("schedules with no dates, too many, both ends, a bad interval or an end before the start are refused")
    func refusals() throws {
        #expect(throws: MeetingSchedule.Problem.endNotAfterStart) { try schedule("2026-12-01", "13:00", "12:00").dates() }
        #expect(throws: MeetingSchedule.Problem.endNotAfterStart) { try schedule("2026-12-01", "13:00", "13:00").dates() }
        #expect(throws: MeetingSchedule.Problem.noDates) { try schedule("2026-12-01", repeat: .weekly, until: "2026-11-30").dates() }
        #expect(throws: MeetingSchedule.Problem.noDates) { try schedule("2026-12-01", repeat: .weekly, count: 0).dates() }
        #expect(throws: MeetingSchedule.Problem.tooMany) { try schedule("2026-12-01", repeat: .weekly, count: 501).dates() }
        #expect(throws: MeetingSchedule.Problem.tooMany) { try schedule("2026-12-01", repeat: .weekly).dates() }
        #expect(throws: MeetingSchedule.Problem.tooMany) { try schedule("2026-12-01", repeat: .weekly, until: "2040-01-01").dates() }
        #expect(throws: MeetingSchedule.Problem.untilAndCount) {
            try schedule("2026-12-01", repeat: .weekly, until: "2027-01-01", count: 3).dates()
        }
        #expect(throws: MeetingSchedule.Problem.intervalOutOfRange(MeetingSchedule.monthlyIntervals, unit: "months")) {
            try schedule("2026-12-01", repeat: .monthlyDay, interval: 13, count: 2).dates()
        }
        #expect(MeetingSchedule.Problem.tooMany.description.contains("500"))
        // A rule that matches rarely ends its search: the 29th every 12 months from 29 February is every 4 years, so
        // 100 dates would take 400 years
        #expect(throws: MeetingSchedule.Problem.tooMany) { try schedule("2028-02-29", repeat: .monthlyDay, interval: 12, count: 100).dates() }
        #expect(try dates(schedule("2028-02-29", repeat: .monthlyDay, interval: 12, count: 3)) == ["2028-02-29", "2032-02-29", "2036-02-29"])
    }

    @Test("schedules read as words")
    func summaries() {
        #expect(schedule("2026-12-08", repeat: .monthlyWeekday, count: 10).summary == "Monthly on the second Tuesday, 10 times")
        #expect(schedule("2026-01-15", repeat: .monthlyWeekday, interval: 3).cadence == "quarterly")
        #expect(schedule("2026-12-02", repeat: .weekly, interval: 2, until: "2027-06-30").summary == "Every 2 weeks on Wednesdays until 2027-06-30")
        #expect(schedule("2026-12-31", repeat: .monthlyLastWeekday).summary == "Monthly on the last Thursday")
        #expect(schedule("2026-12-01").summary == "Once")
    }

    @Test("local dates and times parse strictly")
    func parsing() {
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2028-02-29")?.description == "2028-02-29")
        #expect(LocalDate("2026-1-01") == nil)
        #expect(LocalDate("2026-12-01")?.weekday == 3)  // a Tuesday
        #expect(LocalDate("2026-12-31")!.adding(days: 1).description == "2027-01-01")
        #expect(LocalTime("24:00") == nil)
        #expect(LocalTime("9:05")?.description == "09:05")
        #expect(LocalTime("12:5") == nil)
    }

    @Test("an event starting in the hour skipped on the March night in Paris keeps its length and ends after it starts")
    func startInSkippedHour() throws {
        // Given a 02:30–03:15 session on Sunday 28 March 2027, the night Paris moves from 02:00 to 03:00
        let s = schedule("2027-03-28", "02:30", "03:15", zone: TimeZone(identifier: "Europe/Paris")!)
        let occurrence = try #require(try s.occurrences().first)
        // Then the start is read with the offset before the change (03:30 summer time, 01:30 UTC) and the event still
        // lasts 45 minutes, instead of ending at 03:15 summer time, before it began
        #expect(occurrence.startsAt == utc("2027-03-28T01:30:00Z"))
        #expect(occurrence.endsAt == utc("2027-03-28T02:15:00Z"))
    }
}
