import Foundation

/// When an event takes place: its first date, local start and end times in its zone, and how it repeats. Expands the
/// recurrence into local dates with Foundation's `Calendar.RecurrenceRule` (in the event's zone, so a monthly noon
/// meeting stays at noon across daylight-saving changes) and each date into its UTC start and end.
public struct MeetingSchedule: Sendable, Equatable {
    /// A series has at most this many occurrences (each is a row, with its RSVPs and record).
    public static let maxOccurrences = 500
    /// Every N weeks, every N months.
    public static let weeklyIntervals = 1...52
    public static let monthlyIntervals = 1...12
    /// Dates are looked for up to this many years after the first.
    static let horizonYears = 100

    public var timeZone: TimeZone
    public var startDate: LocalDate
    public var startTime: LocalTime
    public var endTime: LocalTime
    public var `repeat`: Meeting.Repeat
    public var interval: Int
    public var until: LocalDate?
    public var count: Int?

    public init(timeZone: TimeZone, startDate: LocalDate, startTime: LocalTime, endTime: LocalTime,
                repeat: Meeting.Repeat = .none, interval: Int = 1, until: LocalDate? = nil, count: Int? = nil) {
        self.timeZone = timeZone
        self.startDate = startDate
        self.startTime = startTime
        self.endTime = endTime
        self.repeat = `repeat`
        self.interval = interval
        self.until = until
        self.count = count
    }

    /// One date of the schedule: its local date and its UTC start and end.
    public struct Occurrence: Sendable, Equatable {
        public var localDate: LocalDate
        public var startsAt: Date
        public var endsAt: Date
    }

    /// Why a schedule cannot be used, as the form says it.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case endNotAfterStart
        case intervalOutOfRange(ClosedRange<Int>, unit: String)
        case untilAndCount
        case noDates
        case tooMany

        public var description: String {
            switch self {
            case .endNotAfterStart:
                "The end time must be after the start time (an event ends on the day it starts)."
            case .intervalOutOfRange(let range, let unit):
                "Repeat every \(range.lowerBound) to \(range.upperBound) \(unit)."
            case .untilAndCount:
                "Give either an end date (until) or a number of times (count), not both."
            case .noDates:
                "This schedule has no dates: check the start date, the end date and the number of times."
            case .tooMany:
                "A series may have at most \(MeetingSchedule.maxOccurrences) dates: give an earlier end date (until) or a smaller number of times (count)."
            }
        }
    }

    /// The Gregorian calendar in the event's zone.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    // MARK: - Expansion

    /// Every date of the schedule, in order (one for an event that does not repeat).
    public func dates() throws(Problem) -> [LocalDate] {
        guard startTime < endTime else { throw .endNotAfterStart }
        guard self.repeat != .none else { return [startDate] }
        let range = self.repeat == .weekly ? Self.weeklyIntervals : Self.monthlyIntervals
        guard range.contains(interval) else {
            throw .intervalOutOfRange(range, unit: self.repeat == .weekly ? "weeks" : "months")
        }
        if until != nil, count != nil { throw .untilAndCount }
        if let count {
            guard count >= 1 else { throw .noDates }
            guard count <= Self.maxOccurrences else { throw .tooMany }
        }
        // A series without an end has more dates than any limit.
        guard until != nil || count != nil else { throw .tooMany }
        let calendar = self.calendar
        // Dates are found at local noon, which every day has (daylight-saving changes happen at night).
        guard let first = firstDate(calendar), let base = noon(of: first, calendar) else { throw .noDates }
        var rule = recurrenceRule(for: first, calendar: calendar)
        if let count { rule.end = .afterOccurrences(count) }
        if let until {
            guard first <= until, let endOfDay = calendar.date(from: DateComponents(year: until.year, month: until.month, day: until.day, hour: 23, minute: 59))
            else { throw .noDates }
            rule.end = .afterDate(endOfDay)
        }
        var dates: [LocalDate] = []
        // Bounded in time too, so a rule that matches rarely (the 29th of February every 5 months) ends its search.
        let horizon = calendar.date(byAdding: .year, value: Self.horizonYears, to: base)!
        for date in rule.recurrences(of: base, in: base..<horizon) {
            guard dates.count < Self.maxOccurrences else { throw .tooMany }
            dates.append(LocalDate(date, in: calendar))
        }
        guard !dates.isEmpty else { throw .noDates }
        // Fewer than `count` within the horizon: the series would not end in this century.
        if let count, dates.count < count { throw .tooMany }
        return dates
    }

    /// Every occurrence of the schedule with its UTC start and end.
    public func occurrences() throws(Problem) -> [Occurrence] {
        let calendar = self.calendar
        return try dates().map { date in
            let (start, end) = instants(on: date, calendar: calendar)
            return Occurrence(localDate: date, startsAt: start, endsAt: end)
        }
    }

    /// The UTC instants of `start`–`end` (the schedule's times by default) on `date` in the event's zone. A wall time
    /// skipped by a daylight-saving change (02:30 on the March night) is read with the offset before the change, as
    /// RFC 5545 says (so 03:30 daylight time); a repeated one (01:30 on the November night) is its first occurrence.
    public func instants(on date: LocalDate, start: LocalTime? = nil, end: LocalTime? = nil,
                         calendar: Calendar? = nil) -> (start: Date, end: Date) {
        let calendar = calendar ?? self.calendar
        func instant(_ time: LocalTime) -> Date {
            let parts = DateComponents(year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute)
            return calendar.date(from: parts)!
        }
        let (from, to) = (start ?? startTime, end ?? endTime)
        let (startsAt, endsAt) = (instant(from), instant(to))
        // Only the start in the skipped hour (02:30–03:15 on the March night in Paris): the start moves an hour on and
        // the end would come before it. Keep the event's length on the wall clock instead.
        guard endsAt <= startsAt else { return (startsAt, endsAt) }
        let minutes = (to.hour * 60 + to.minute) - (from.hour * 60 + from.minute)
        return (startsAt, startsAt.addingTimeInterval(TimeInterval(max(minutes, 1) * 60)))
    }

    /// The first date on or after the start date that the rule admits (the start date itself, except for "the last
    /// weekday of the month" starting on a date that is not one).
    func firstDate(_ calendar: Calendar) -> LocalDate? {
        guard self.repeat == .monthlyLastWeekday else { return startDate }
        let last = startDate.firstOfMonth.adding(days: startDate.daysInMonth - 1)
        let back = (last.weekday - startDate.weekday + 7) % 7
        let candidate = last.adding(days: -back)
        if candidate >= startDate { return candidate }
        let next = LocalDate(year: startDate.month == 12 ? startDate.year + 1 : startDate.year,
                             month: startDate.month % 12 + 1, day: 1)
        let nextLast = next.adding(days: next.daysInMonth - 1)
        return nextLast.adding(days: -((nextLast.weekday - startDate.weekday + 7) % 7))
    }

    func noon(of date: LocalDate, _ calendar: Calendar) -> Date? {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: 12))
    }

    /// The recurrence of this schedule as Foundation has it (without its end), starting on `first`.
    func recurrenceRule(for first: LocalDate, calendar: Calendar) -> Calendar.RecurrenceRule {
        let weekday = Self.weekdays[first.weekday - 1]
        switch self.repeat {
        case .none, .weekly:
            var rule = Calendar.RecurrenceRule(calendar: calendar, frequency: .weekly, interval: interval)
            rule.weekdays = [.every(weekday)]
            return rule
        case .monthlyDay:
            // Months without that day (the 31st in April) are skipped, as in iCalendar.
            var rule = Calendar.RecurrenceRule(calendar: calendar, frequency: .monthly, interval: interval)
            rule.daysOfTheMonth = [first.day]
            return rule
        case .monthlyWeekday:
            var rule = Calendar.RecurrenceRule(calendar: calendar, frequency: .monthly, interval: interval)
            rule.weekdays = [.nth(Self.weekOfMonth(first), weekday)]
            return rule
        case .monthlyLastWeekday:
            var rule = Calendar.RecurrenceRule(calendar: calendar, frequency: .monthly, interval: interval)
            rule.weekdays = [.nth(-1, weekday)]
            return rule
        }
    }

    /// Which of its weekday in the month `date` is (1 for the first Tuesday … 5).
    public static func weekOfMonth(_ date: LocalDate) -> Int { (date.day - 1) / 7 + 1 }

    static let weekdays: [Locale.Weekday] = [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday]
}
