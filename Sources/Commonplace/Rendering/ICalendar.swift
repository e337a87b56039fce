import Foundation

/// An iCalendar object (RFC 5545) written one content line at a time: lines end with CRLF and are folded at 75
/// octets (never inside a UTF-8 sequence), TEXT values are escaped, and no value can carry a line break of its own
/// (so nothing a member typed can add a property). Callers write components in order; `text` is the result.
public struct ICalendar: Sendable {
    /// A physical line holds at most this many octets before its CRLF (RFC 5545 §3.1).
    public static let lineOctets = 75

    private var bytes: [UInt8] = []

    public init() {
        bytes.reserveCapacity(4096)
    }

    /// The object as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func begin(_ component: String) { line("BEGIN:" + component) }
    public mutating func end(_ component: String) { line("END:" + component) }

    /// A property whose value is written as given (numbers, URIs, recurrence rules, dates): control characters are
    /// dropped, nothing is escaped. Parameter values are quoted when they hold `:`, `;` or `,`.
    public mutating func property(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        var content = name
        for (key, parameterValue) in parameters {
            content += ";" + key + "=" + Self.parameter(parameterValue)
        }
        line(content + ":" + Self.withoutControls(value))
    }

    /// A TEXT property (SUMMARY, DESCRIPTION, LOCATION …), escaped.
    public mutating func text(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        property(name, Self.escaped(value), parameters)
    }

    /// A DATE-TIME in UTC (`20261208T170000Z`): DTSTAMP, CREATED, LAST-MODIFIED.
    public mutating func utc(_ name: String, _ date: Date) {
        property(name, Self.utc(date))
    }

    /// A DATE-TIME as the wall-clock time of `date` in `zone`, with its TZID (a VTIMEZONE of that id must be written).
    public mutating func local(_ name: String, _ date: Date, in zone: TimeZone) {
        property(name, Self.local(date, in: zone), [("TZID", zone.identifier)])
    }

    // MARK: - Values

    /// TEXT escaping (§3.3.11): backslash, semicolon and comma escaped, each line break (CRLF, CR or LF) as `\n`,
    /// other control characters dropped (TEXT admits none but HTAB).
    public static func escaped(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        for scalar in value.unicodeScalars {
            defer { previousCR = scalar == "\r" }
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\r": out.append(contentsOf: "\\n".unicodeScalars)
            case "\n": if !previousCR { out.append(contentsOf: "\\n".unicodeScalars) }
            case "\t": out.append(scalar)
            default: if !isControl(scalar) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// A parameter value (§3.2): control characters and double quotes dropped, quoted when it holds `:`, `;` or `,`.
    static func parameter(_ value: String) -> String {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.filter { !isControl($0) && $0 != "\"" }))
        return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"" + clean + "\"" : clean
    }

    static func withoutControls(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: isControl) else { return value }
        return String(String.UnicodeScalarView(value.unicodeScalars.filter { !isControl($0) }))
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// `date` in UTC: `YYYYMMDDTHHMMSSZ`.
    public static func utc(_ date: Date) -> String { basic(CivilTime(date)) + "Z" }

    /// The wall-clock time of `date` in `zone`: `YYYYMMDDTHHMMSS` (a "local time with time zone reference").
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        basic(CivilTime(date.addingTimeInterval(TimeInterval(zone.secondsFromGMT(for: date)))))
    }

    /// A local date and time of day: `YYYYMMDDTHHMM00`.
    public static func local(_ date: LocalDate, _ time: LocalTime) -> String {
        date.basic + "T" + digits(time.hour, 2) + digits(time.minute, 2) + "00"
    }

    static func basic(_ c: CivilTime) -> String {
        digits(c.year, 4) + digits(c.month, 2) + digits(c.day, 2) + "T" + digits(c.hour, 2) + digits(c.minute, 2) + digits(c.second, 2)
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    // MARK: - Lines

    /// Appends one content line, folded: the first physical line takes up to 75 octets, each continuation a space and
    /// up to 74 more, and a fold never falls inside a UTF-8 sequence (before a continuation byte 10xxxxxx).
    mutating func line(_ content: String) {
        let utf8 = Array(content.utf8)
        var start = 0
        var limit = Self.lineOctets
        while utf8.count - start > limit {
            var cut = start + limit
            while cut > start, utf8[cut] & 0xC0 == 0x80 { cut -= 1 }
            bytes.append(contentsOf: utf8[start..<cut])
            bytes.append(contentsOf: [0x0D, 0x0A, 0x20])
            start = cut
            limit = Self.lineOctets - 1
        }
        bytes.append(contentsOf: utf8[start...])
        bytes.append(contentsOf: [0x0D, 0x0A])
    }
}
