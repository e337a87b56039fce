import Foundation

/// Event times as a viewer reads them: in their own zone (their setting, or the site's default), with the event's
/// own zone beside when the two differ. Formatted by arithmetic on the zone's offset (no `DateFormatter` per time).
public struct MeetingClock: Sendable {
    /// The zone the viewer reads times in.
    public let zone: TimeZone
    /// The viewer's "now" (to leave the year out of dates in the current year).
    let now: Date

    public init(zone: TimeZone, now: Date) {
        self.zone = zone
        self.now = now
    }

    /// The viewer's zone: their setting if it is a known zone, else the site's default.
    public init(viewerZone: String?, siteZone: String, now: Date) {
        let zone = viewerZone.flatMap(MeetingClock.knownZone) ?? MeetingClock.knownZone(siteZone) ?? TimeZone(identifier: "UTC")!
        self.init(zone: zone, now: now)
    }

    /// Every IANA zone name this system knows (the form's choices and the check of `time_zone`).
    public static let zoneNames: [String] = TimeZone.knownTimeZoneIdentifiers.sorted()
    static let zoneSet = Set(zoneNames)

    /// The zone of that IANA name, nil for anything else (abbreviations and offsets included).
    public static func knownZone(_ name: String) -> TimeZone? {
        zoneSet.contains(name) ? TimeZone(identifier: name) : nil
    }

    /// The Gregorian calendar in the viewer's zone.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// The wall-clock time of `date` in `zone`.
    static func local(_ date: Date, in zone: TimeZone) -> CivilTime {
        CivilTime(date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date))))
    }

    /// "Tue 9 Dec" (with the year when it is not this year's: "Tue 12 Jan 2027").
    func day(_ c: CivilTime) -> String {
        let weekday = Self.weekdays[LocalDate(year: c.year, month: c.month, day: c.day).weekday - 1]
        let year = c.year == Self.local(now, in: zone).year ? "" : " \(c.year)"
        return "\(weekday) \(c.day) \(Formatting.monthAbbreviations[c.month - 1])\(year)"
    }

    static func time(_ c: CivilTime) -> String { LocalTime(hour: c.hour, minute: c.minute).description }

    /// "Tue 9 Dec, 12:00–13:00" in `zone` (an end on another day: "Tue 9 Dec, 23:00 – Wed 10 Dec, 01:00").
    func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let a = Self.local(start, in: zone), b = Self.local(end, in: zone)
        let clock = MeetingClock(zone: zone, now: now)
        if (a.year, a.month, a.day) == (b.year, b.month, b.day) {
            return "\(clock.day(a)), \(Self.time(a))–\(Self.time(b))"
        }
        return "\(clock.day(a)), \(Self.time(a)) – \(clock.day(b)), \(Self.time(b))"
    }

    /// The times of one occurrence as pages show them.
    public func times(_ start: Date, _ end: Date, eventZone: String) -> MeetingTimes {
        let own = MeetingClock.knownZone(eventZone) ?? zone
        let differs = own.identifier != zone.identifier
        let local = Self.local(start, in: zone)
        return MeetingTimes(
            text: span(start, end, in: zone), zone: Self.zoneLabel(zone),
            eventZoneText: differs ? "\(span(start, end, in: own)) \(Self.zoneLabel(own))" : nil,
            datetime: Formatting.iso(start), localDate: LocalDate(year: local.year, month: local.month, day: local.day))
    }

    /// "Toronto time" from "America/Toronto"; "UTC" as it is.
    static func zoneLabel(_ zone: TimeZone) -> String {
        let name = zone.identifier
        guard let city = name.split(separator: "/").last, name.contains("/") else { return name }
        return city.replacingOccurrences(of: "_", with: " ") + " time"
    }
}

