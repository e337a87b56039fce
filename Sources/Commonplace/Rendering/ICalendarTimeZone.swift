import Foundation

/// VTIMEZONE components (RFC 5545 §3.6.5) built from the system's time zone data through Foundation's `TimeZone`:
/// one STANDARD or DAYLIGHT observance per offset change in the span the calendar's dates cover, led by the one in
/// force when that span starts. Each observance is a single onset (a DTSTART, no RRULE), which is exact whatever the
/// zone's rules were in those years.
extension ICalendar {
    /// At most this many observances per zone (a few centuries of twice-yearly changes).
    static let maxObservances = 1_000

    /// Writes the VTIMEZONE of `zone` for dates from `start` to `end`.
    public mutating func timeZone(_ zone: TimeZone, from start: Date, to last: Date) {
        begin("VTIMEZONE")
        property("TZID", zone.identifier)
        let changes = Self.transitions(of: zone, from: start, to: last)
        if changes.first.map({ $0 > start }) ?? true {
            // The offset in force at the start, as an observance from 1970 on (the zone's earlier history is not used).
            let offset = zone.secondsFromGMT(for: start)
            observance(zone, at: start, onset: Date(timeIntervalSince1970: -TimeInterval(offset)), from: offset, to: offset)
        }
        for change in changes {
            observance(zone, at: change, onset: change, from: zone.secondsFromGMT(for: change.addingTimeInterval(-1)),
                       to: zone.secondsFromGMT(for: change))
        }
        end("VTIMEZONE")
    }

    /// The zone's offset changes from the last one at or before `start` (if any in the year before it) to `end`.
    static func transitions(of zone: TimeZone, from start: Date, to end: Date) -> [Date] {
        var found: [Date] = []
        var cursor = start.addingTimeInterval(-400 * 86_400)
        while found.count < maxObservances, let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= end {
            found.append(next)
            cursor = next
        }
        if let lastBefore = found.lastIndex(where: { $0 <= start }) { found.removeFirst(lastBefore) }
        return found
    }

    /// One observance: the offset `to` that applies from `onset` (given as wall-clock time in the offset `from`).
    private mutating func observance(_ zone: TimeZone, at instant: Date, onset: Date, from: Int, to: Int) {
        let kind = zone.isDaylightSavingTime(for: instant) ? "DAYLIGHT" : "STANDARD"
        begin(kind)
        property("DTSTART", Self.basic(CivilTime(onset.addingTimeInterval(TimeInterval(from)))))
        property("TZOFFSETFROM", Self.offset(from))
        property("TZOFFSETTO", Self.offset(to))
        // A name such as "EST"; none where the system only has "GMT-5" (which says less than TZOFFSETTO).
        if let name = zone.abbreviation(for: instant), !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) {
            text("TZNAME", name)
        }
        end(kind)
    }

    /// A UTC offset as `+HHMM` (`+HHMMSS` when it has seconds), `+0000` for none.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        let text = sign + digits(value / 3600, 2) + digits(value % 3600 / 60, 2)
        return value % 60 == 0 ? text : text + digits(value % 60, 2)
    }
}
