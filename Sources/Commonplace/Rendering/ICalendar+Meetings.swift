import Foundation

/// One event as a calendar carries it: the event, its community, every date it has, and whether the calendar's
/// reader may see its meeting link (`Guardian.canSeeLink`, decided by the caller): on every date (`showsLink`), or,
/// for an event with a capacity, only on the dates where they hold a place (`placedDates`, original local dates;
/// each such date of a series gets its own VEVENT carrying the link).
public struct CalendarEvent: Sendable {
    public var meeting: Meeting
    public var community: Community
    public var occurrences: [MeetingOccurrence]
    public var showsLink: Bool
    public var placedDates: Set<String>

    public init(meeting: Meeting, community: Community, occurrences: [MeetingOccurrence], showsLink: Bool,
                placedDates: Set<String>) {
        self.meeting = meeting
        self.community = community
        self.occurrences = occurrences
        self.showsLink = showsLink
        self.placedDates = placedDates
    }

    /// Whether the VEVENT of `row` (nil: a series' master) carries the link.
    func showsLink(on row: MeetingOccurrence?) -> Bool {
        showsLink || (row.map { placedDates.contains($0.localDate) } ?? false)
    }
}

/// Events as an iCalendar object. A single event is one VEVENT; a series is one VEVENT with RRULE (the event's own
/// recurrence, in its zone), EXDATE for rule dates the site no longer has, RDATE for dates it has outside the rule,
/// and an overriding VEVENT (RECURRENCE-ID: the date's original start) for each date changed on its own or whose
/// status differs from the series' (a cancelled date: `STATUS:CANCELLED`; a date that took place in a series cancelled
/// afterwards: `STATUS:CONFIRMED`). The UID is the event's address, SEQUENCE its `sequence` (plus the date's own for
/// an override), DTSTAMP its last change. No email address of anyone is written (no ORGANIZER, no ATTENDEE).
public struct MeetingCalendar: Sendable {
    /// Absolute URLs start with this (`AppConfiguration.publicBaseURL`).
    public var baseURL: String
    /// The calendar's name (NAME, X-WR-CALNAME), nil for a single event's file.
    public var name: String?

    public init(baseURL: String, name: String? = nil) {
        self.baseURL = baseURL
        self.name = name
    }

    /// A feed keeps an event while it has a date that ended less than this long ago (180 days).
    public static let keepsEndedEvents: TimeInterval = 180 * 86_400
    /// A feed carries at most this many events (each with all its dates), those starting first.
    public static let maxEvents = 300
    /// An event's file follows at most this many continuations of its series (edits "from this date on").
    public static let maxContinuations = 20
    /// How often subscribed calendars should read the feed again.
    public static let refreshInterval = "PT1H"
    public static let productID = "-//Commonplace//Meetings//EN"

    /// The calendar of `events` (events whose zone or schedule the system cannot read are left out).
    public func render(_ events: [CalendarEvent]) -> String {
        var ics = ICalendar()
        ics.begin("VCALENDAR")
        ics.property("VERSION", "2.0")
        ics.property("PRODID", Self.productID)
        ics.property("CALSCALE", "GREGORIAN")
        if let name {
            ics.text("NAME", name)
            ics.text("X-WR-CALNAME", name)
            ics.property("REFRESH-INTERVAL", Self.refreshInterval, [("VALUE", "DURATION")])
            ics.property("X-PUBLISHED-TTL", Self.refreshInterval)
        }
        let series = events.compactMap(SeriesLayout.init)
        for (_, span) in Self.spans(series).sorted(by: { $0.key < $1.key }) {
            ics.timeZone(span.zone, from: span.start, to: span.end)
        }
        for layout in series { write(layout, to: &ics) }
        ics.end("VCALENDAR")
        return ics.text
    }

    /// The span of instants each zone's VTIMEZONE must cover.
    static func spans(_ series: [SeriesLayout]) -> [String: (zone: TimeZone, start: Date, end: Date)] {
        var spans: [String: (zone: TimeZone, start: Date, end: Date)] = [:]
        for layout in series {
            let id = layout.zone.identifier
            let start = min(layout.firstStart, layout.rows.map(\.startsAt).min() ?? layout.firstStart)
            let end = max(layout.firstEnd, layout.rows.map(\.endsAt).max() ?? layout.firstEnd)
            let known = spans[id]
            spans[id] = (layout.zone, min(start, known?.start ?? start), max(end, known?.end ?? end))
        }
        return spans
    }

    // MARK: - Components

    private func write(_ layout: SeriesLayout, to ics: inout ICalendar) {
        let meeting = layout.event.meeting
        guard layout.isSeries else {
            // A single event: its one date, as it is now.
            guard let row = layout.rows.first else { return }
            ics.begin("VEVENT")
            ics.property("UID", uid(meeting))
            ics.property("SEQUENCE", String(meeting.sequence + row.sequence))
            ics.local("DTSTART", row.startsAt, in: layout.zone)
            ics.local("DTEND", row.endsAt, in: layout.zone)
            details(layout, row: row, page: baseURL + Paths.meeting(meeting), cancelled: row.isCancelled || meeting.isCancelled, to: &ics)
            ics.end("VEVENT")
            return
        }
        ics.begin("VEVENT")
        ics.property("UID", uid(meeting))
        ics.property("SEQUENCE", String(meeting.sequence))
        ics.property("DTSTART", ICalendar.local(layout.first, layout.startTime), [("TZID", layout.zone.identifier)])
        ics.property("DTEND", ICalendar.local(layout.first, layout.endTime), [("TZID", layout.zone.identifier)])
        if let rule = layout.rule { ics.property("RRULE", rule) }
        if !layout.excluded.isEmpty { ics.property("EXDATE", dateList(layout.excluded, layout), [("TZID", layout.zone.identifier)]) }
        if !layout.added.isEmpty { ics.property("RDATE", dateList(layout.added, layout), [("TZID", layout.zone.identifier)]) }
        details(layout, row: nil, page: baseURL + Paths.meeting(meeting), cancelled: meeting.isCancelled, to: &ics)
        ics.end("VEVENT")
        for row in layout.overrides {
            ics.begin("VEVENT")
            ics.property("UID", uid(meeting))
            ics.property("RECURRENCE-ID", ICalendar.local(LocalDate(row.localDate)!, layout.startTime),
                         [("TZID", layout.zone.identifier)])
            ics.property("SEQUENCE", String(meeting.sequence + row.sequence))
            ics.local("DTSTART", row.startsAt, in: layout.zone)
            ics.local("DTEND", row.endsAt, in: layout.zone)
            details(layout, row: row, page: baseURL + Paths.meeting(meeting.id!, on: row.localDate), cancelled: row.isCancelled, to: &ics)
            ics.end("VEVENT")
        }
    }

    /// What every VEVENT carries besides its identity and times: stamps, status, title, where, its `page`, a summary.
    /// `row` is the date it describes (nil for a series' master, which has the series' values).
    private func details(_ layout: SeriesLayout, row: MeetingOccurrence?, page: String, cancelled: Bool, to ics: inout ICalendar) {
        let meeting = layout.event.meeting, community = layout.event.community
        ics.utc("DTSTAMP", meeting.updatedAt)
        ics.utc("CREATED", meeting.createdAt)
        ics.utc("LAST-MODIFIED", meeting.updatedAt)
        ics.property("STATUS", cancelled ? "CANCELLED" : "CONFIRMED")
        let title = row?.title ?? meeting.title
        ics.text("SUMMARY", cancelled ? "Cancelled: " + title : title)
        ics.text("CATEGORIES", meeting.kind.label)
        let place = row?.place ?? meeting.place
        let link = layout.event.showsLink(on: row) ? (row?.link ?? meeting.link) : ""
        if !place.isEmpty {
            ics.text("LOCATION", place)
        } else if !link.isEmpty {
            ics.text("LOCATION", link)
        }
        ics.property("URL", page, [("VALUE", "URI")])
        if !link.isEmpty {
            ics.property("CONFERENCE", link, [("VALUE", "URI"), ("FEATURE", "VIDEO"), ("LABEL", "Join online")])
        }
        var lines = ["\(meeting.kind.label) of \(community.name)."]
        if cancelled {
            let reason = row?.cancelReason.nonEmpty ?? meeting.cancelReason.nonEmpty
            lines.append("Cancelled" + (reason.map { ": " + $0 } ?? "."))
        }
        if !meeting.description.isEmpty { lines.append(meeting.description) }
        let hidesLink = !(row?.link ?? meeting.link).isEmpty && link.isEmpty
        if !link.isEmpty {
            lines.append("Join online: " + link)
        } else if hidesLink {
            lines.append("Online: the meeting link is on the event page for those who may attend.")
        }
        lines.append("Event page: " + page)
        ics.text("DESCRIPTION", lines.joined(separator: "\n\n"))
    }

    /// The event's UID: its address on this site (stable across edits; no `@`, so nothing reads as an email address).
    func uid(_ meeting: Meeting) -> String { baseURL + Paths.meeting(meeting.id!) }

    private func dateList(_ dates: [LocalDate], _ layout: SeriesLayout) -> String {
        dates.map { ICalendar.local($0, layout.startTime) }.joined(separator: ",")
    }
}
