import Foundation

/// How a calendar lays out one event: its zone, the first date and times of its VEVENT, its RRULE, the rule's dates
/// the site no longer has (EXDATE), the site's dates outside the rule (RDATE: dates dropped from a changed schedule
/// but kept, cancelled, because someone had answered), and the dates that need an overriding VEVENT.
struct SeriesLayout {
    let event: CalendarEvent
    let zone: TimeZone
    /// The event's dates, by original local date.
    let rows: [MeetingOccurrence]
    let isSeries: Bool
    /// DTSTART's date and the series' times.
    let first: LocalDate
    let startTime: LocalTime
    let endTime: LocalTime
    let rule: String?
    let excluded: [LocalDate]
    let added: [LocalDate]
    let overrides: [MeetingOccurrence]
    /// The instants of DTSTART and DTEND.
    let firstStart: Date
    let firstEnd: Date

    init?(_ event: CalendarEvent) {
        let meeting = event.meeting
        guard let zone = MeetingClock.knownZone(meeting.timeZone), let schedule = meeting.schedule else { return nil }
        let rows = event.occurrences.sorted { $0.localDate < $1.localDate }
        self.event = event
        self.zone = zone
        self.rows = rows
        isSeries = meeting.isSeries
        startTime = schedule.startTime
        endTime = schedule.endTime
        let ruleDates = isSeries ? (try? schedule.dates()) : nil
        if let ruleDates, let head = ruleDates.first {
            first = head
            rule = Self.rule(meeting, first: head)
            let have = Set(rows.map(\.localDate)), inRule = Set(ruleDates.map(\.description))
            excluded = ruleDates.filter { !have.contains($0.description) }
            added = rows.filter { !inRule.contains($0.localDate) }.compactMap { LocalDate($0.localDate) }
        } else {
            // No usable rule (or a single event): the dates exactly as the site has them.
            guard let head = rows.first.flatMap({ LocalDate($0.localDate) }) else { return nil }
            first = head
            rule = nil
            excluded = []
            added = rows.dropFirst().compactMap { LocalDate($0.localDate) }
        }
        // A date whose link only this reader's place opens is written on its own (the master carries no link).
        overrides = rows.filter {
            $0.isModified || $0.isCancelled != meeting.isCancelled || (!event.showsLink && event.placedDates.contains($0.localDate))
        }
        (firstStart, firstEnd) = schedule.instants(on: first)
    }

    /// The RRULE of `meeting`'s recurrence starting on `first` (as `MeetingSchedule.recurrenceRule` expands it: a
    /// monthly day that a month lacks is skipped, as RFC 5545 skips it). UNTIL is the end of the until date in the
    /// event's zone, in UTC as RFC 5545 asks when DTSTART has a TZID.
    static func rule(_ meeting: Meeting, first: LocalDate) -> String? {
        guard let schedule = meeting.schedule else { return nil }
        let day = weekdays[first.weekday - 1]
        var parts: [String]
        switch meeting.repeat {
        case .none: return nil
        case .weekly: parts = ["FREQ=WEEKLY", "BYDAY=\(day)"]
        case .monthlyDay: parts = ["FREQ=MONTHLY", "BYMONTHDAY=\(first.day)"]
        case .monthlyWeekday: parts = ["FREQ=MONTHLY", "BYDAY=\(MeetingSchedule.weekOfMonth(first))\(day)"]
        case .monthlyLastWeekday: parts = ["FREQ=MONTHLY", "BYDAY=-1\(day)"]
        }
        if meeting.interval > 1 { parts.insert("INTERVAL=\(meeting.interval)", at: 1) }
        if let count = meeting.count {
            parts.append("COUNT=\(count)")
        } else if let until = meeting.untilDate.flatMap(LocalDate.init) {
            let end = schedule.calendar.date(from: DateComponents(year: until.year, month: until.month, day: until.day,
                                                                  hour: 23, minute: 59, second: 59))!
            parts.append("UNTIL=" + ICalendar.utc(end))
        }
        return parts.joined(separator: ";")
    }

    static let weekdays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
}
