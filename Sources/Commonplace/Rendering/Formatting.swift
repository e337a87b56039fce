import Foundation

/// Dates and text as pages show them. Dates are in UTC, formatted by arithmetic (a discussion page shows a
/// hundred of them; `DateFormatter` cost microseconds each).
enum Formatting {
    /// "27 Nov 2026"
    static func day(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(c.day) \(monthAbbreviations[c.month - 1]) \(c.year)"
    }

    /// "2026-11-27"
    static func isoDay(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(c.year)-\(twoDigits(c.month))-\(twoDigits(c.day))"
    }

    /// "27 Nov 2026, 06:56 UTC"
    static func moment(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(c.day) \(monthAbbreviations[c.month - 1]) \(c.year), \(twoDigits(c.hour)):\(twoDigits(c.minute)) UTC"
    }

    /// "2026-11-27T06:56:00Z", for `datetime` attributes and JSON.
    static func iso(_ date: Date) -> String {
        let c = CivilTime(date)
        return "\(c.year)-\(twoDigits(c.month))-\(twoDigits(c.day))T\(twoDigits(c.hour)):\(twoDigits(c.minute)):\(twoDigits(c.second))Z"
    }

    /// "Month YYYY" from "YYYY-MM" (or the text as given).
    static func month(_ yearMonth: String) -> String {
        let parts = yearMonth.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return yearMonth }
        return "\(monthNames[month - 1]) \(year)"
    }

    /// Text split into paragraphs on blank lines ("\n\n" after CRLF became LF), each trimmed, empty ones dropped.
    /// Scans the UTF-8 bytes: Foundation's `replacingOccurrences` and `components(separatedBy:)` cost a tenth of a
    /// community page.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var current: [UInt8] = []
            current.reserveCapacity(bytes.count)
            func cut() {
                defer { current.removeAll(keepingCapacity: true) }
                // ASCII white space trimmed on the bytes; Foundation's trimming (Unicode white space such as
                // U+00A0 or U+2028) only when a non-ASCII byte is left at either end.
                func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
                var start = 0, end = current.count
                while start < end, isSpace(current[start]) { start += 1 }
                while end > start, isSpace(current[end - 1]) { end -= 1 }
                guard start < end else { return }
                var paragraph = String(decoding: current[start..<end], as: UTF8.self)
                if current[start] >= 0x80 || current[end - 1] >= 0x80 {
                    paragraph = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if !paragraph.isEmpty { paragraphs.append(paragraph) }
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 1  // CRLF is read as LF
                    continue
                }
                if byte == UInt8(ascii: "\n"), current.last == UInt8(ascii: "\n") {
                    current.removeLast()
                    cut()
                } else {
                    current.append(byte)
                }
                index += 1
            }
            cut()
        }
        return paragraphs
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]
    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static let staticMonthAbbreviations: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                                            "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

/// A date a page prints by day ("27 Nov 2026"), written straight into the page.
struct Day: HTMLWritable, Equatable {
    let date: Date
    init(_ date: Date) { self.date = date }
    var description: String { Formatting.day(date) }

    func write(to out: inout HTMLWriter) {
        let c = CivilTime(date)
        out.decimal(Int64(c.day))
        out.ascii(UInt8(ascii: " "))
        out.ascii(Formatting.staticMonthAbbreviations[c.month - 1])
        out.ascii(UInt8(ascii: " "))
        out.decimal(Int64(c.year))
    }
}

/// The zone a page prints moments in when the viewer chose one in Settings: worked out once per page; each moment
/// then costs one offset lookup (no formatter).
struct MomentZone: Sendable, Equatable {
    let zone: TimeZone
    /// "Toronto time", as event times say it.
    let label: String

    /// The viewer's zone, or nil (UTC) when they chose none, or UTC itself.
    init?(viewerZone: String?) {
        guard let zone = viewerZone.flatMap(MeetingClock.knownZone), zone.identifier != "UTC" else { return nil }
        self.zone = zone
        label = MeetingClock.zoneLabel(zone)
    }
}

/// A date a page prints to the minute ("27 Nov 2026, 06:56 UTC", or "27 Nov 2026, 01:56 Toronto time" in the viewer's
/// zone), written straight into the page.
struct Moment: HTMLWritable, Equatable {
    let date: Date
    let zone: MomentZone?
    init(_ date: Date, in zone: MomentZone? = nil) {
        self.date = date
        self.zone = zone
    }
    var description: String {
        guard let zone else { return Formatting.moment(date) }
        let c = MeetingClock.local(date, in: zone.zone)
        return "\(c.day) \(Formatting.monthAbbreviations[c.month - 1]) \(c.year), \(MeetingClock.time(c)) \(zone.label)"
    }

    func write(to out: inout HTMLWriter) {
        let c = zone.map { MeetingClock.local(date, in: $0.zone) } ?? CivilTime(date)
        out.decimal(Int64(c.day))
        out.ascii(UInt8(ascii: " "))
        out.ascii(Formatting.staticMonthAbbreviations[c.month - 1])
        out.ascii(UInt8(ascii: " "))
        out.decimal(Int64(c.year))
        out.ascii(", ")
        out.decimal(Int64(c.hour), width: 2)
        out.ascii(UInt8(ascii: ":"))
        out.decimal(Int64(c.minute), width: 2)
        if let zone {
            out.ascii(UInt8(ascii: " "))
            out.text(zone.label)
        } else {
            out.ascii(" UTC")
        }
    }
}

/// A date for a `datetime` attribute ("2026-11-27T06:56:00Z"), written straight into the page.
struct ISOTime: HTMLWritable, Equatable {
    let date: Date
    init(_ date: Date) { self.date = date }
    var description: String { Formatting.iso(date) }

    func write(to out: inout HTMLWriter) {
        let c = CivilTime(date)
        out.decimal(Int64(c.year))
        out.ascii(UInt8(ascii: "-"))
        out.decimal(Int64(c.month), width: 2)
        out.ascii(UInt8(ascii: "-"))
        out.decimal(Int64(c.day), width: 2)
        out.ascii(UInt8(ascii: "T"))
        out.decimal(Int64(c.hour), width: 2)
        out.ascii(UInt8(ascii: ":"))
        out.decimal(Int64(c.minute), width: 2)
        out.ascii(UInt8(ascii: ":"))
        out.decimal(Int64(c.second), width: 2)
        out.ascii(UInt8(ascii: "Z"))
    }
}

/// A moment as a UTC calendar date and time of day (proleptic Gregorian; Howard Hinnant's `civil_from_days`).
struct CivilTime: Equatable {
    let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}

extension String {
    /// nil for an empty string, so templates can use `{{#x}}…{{/x}}` (Mustache treats "" as true).
    var nonEmpty: String? { isEmpty ? nil : self }
}
