import Foundation
import Testing
@testable import Commonplace

/// The iCalendar writer (RFC 5545): content lines, folding, escaping, time zones, recurrence rules.
@Suite("iCalendar writer")
struct ICalendarTests {
    /// The physical lines of `text` (split on CRLF, the last empty piece dropped).
    static func lines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [], current: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                lines.append(current)
                current = []
                i += 2
            } else {
                current.append(bytes[i])
                i += 1
            }
        }
        #expect(current.isEmpty, "the text ends with CRLF")
        return lines
    }

    /// `text` unfolded (each CRLF followed by a space removed), octet by octet (a fold may fall before a combining mark).
    static func unfolded(_ text: String) -> String {
        var out: [UInt8] = [], bytes = Array(text.utf8), i = 0
        while i < bytes.count {
            if i + 2 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x20 {
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` without its TZNAME lines (the system names zones "EST" or only "GMT-5", which is not written).
    static func withoutNames(_ text: String) -> String {
        text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("TZNAME:") }.joined(separator: "\r\n")
    }

    @Test("long lines are folded at 75 octets with CRLF and a space, never inside a UTF-8 sequence, and unfold to the value")
    func folding() throws {
        // Given values of ASCII, two-byte, three-byte and four-byte characters far longer than a line
        for piece in ["a", "é", "€", "🗓", "e\u{301}"] {
            var ics = ICalendar()
            let value = String(repeating: piece, count: 120)
            ics.text("SUMMARY", value)
            let lines = Self.lines(ics.text)
            // Then every physical line has at most 75 octets and decodes on its own, continuations start with a space
            #expect(lines.count > 1)
            for (n, line) in lines.enumerated() {
                #expect(line.count <= 75, "\(piece): \(line.count) octets")
                #expect(String(validating: line, as: UTF8.self) != nil, "\(piece): line \(n) splits a character")
                if n > 0 { #expect(line.first == 0x20) }
            }
            // And the first line is filled as far as a whole character allows
            #expect(lines[0].count > 75 - 4)
            #expect(Self.unfolded(ics.text) == "SUMMARY:" + value + "\r\n")
        }
        // A line of exactly 75 octets is not folded
        var exact = ICalendar()
        exact.property("X-A", String(repeating: "x", count: 71))
        #expect(exact.text == "X-A:" + String(repeating: "x", count: 71) + "\r\n")
    }

    @Test("TEXT escapes backslash, semicolon, comma and line breaks; control characters cannot start a property")
    func escaping() {
        #expect(ICalendar.escaped("a\\b;c,d") == "a\\\\b\\;c\\,d")
        #expect(ICalendar.escaped("one\r\ntwo\nthree\rfour") == "one\\ntwo\\nthree\\nfour")
        #expect(ICalendar.escaped("tab\there\u{7}bell\u{0}") == "tab\there" + "bell")
        // A title that tries to add a property stays inside its own
        var ics = ICalendar()
        ics.text("SUMMARY", "Talk\r\nORGANIZER:mailto:x@example.org")
        ics.property("URL", "https://example.org/\r\nATTENDEE:x")
        ics.property("DTSTART", "20261208T120000", [("TZID", "Odd;Zone:\"x\",y")])
        let lines = Self.lines(ics.text).map { String(decoding: $0, as: UTF8.self) }
        #expect(lines == ["SUMMARY:Talk\\nORGANIZER:mailto:x@example.org", "URL:https://example.org/ATTENDEE:x",
                          "DTSTART;TZID=\"Odd;Zone:x,y\":20261208T120000"])
    }

    @Test("dates are written in UTC with Z, or as wall-clock times of a zone with its TZID")
    func dates() {
        let instant = Date(timeIntervalSince1970: 1_796_749_200)  // 2026-12-08T17:00:00Z
        #expect(ICalendar.utc(instant) == "20261208T170000Z")
        let toronto = TimeZone(identifier: "America/Toronto")!
        #expect(ICalendar.local(instant, in: toronto) == "20261208T120000")
        var ics = ICalendar()
        ics.local("DTSTART", instant, in: toronto)
        #expect(ics.text == "DTSTART;TZID=America/Toronto:20261208T120000\r\n")
        #expect(ICalendar.local(LocalDate(year: 2027, month: 3, day: 14), LocalTime(hour: 2, minute: 30)) == "20270314T023000")
        #expect(ICalendar.offset(-18_000) == "-0500" && ICalendar.offset(3_600) == "+0100" && ICalendar.offset(0) == "+0000")
        #expect(ICalendar.offset(19_800) == "+0530" && ICalendar.offset(-12_600) == "-0330" && ICalendar.offset(3_661) == "+010101")
    }

    @Test("a VTIMEZONE lists the offset in force at the start and each change to the end, from the system's zone data")
    func timeZones() throws {
        let toronto = TimeZone(identifier: "America/Toronto")!
        let start = Date(timeIntervalSince1970: 1_790_000_000)  // September 2026
        let end = Date(timeIntervalSince1970: 1_810_000_000)    // May 2027
        var ics = ICalendar()
        ics.timeZone(toronto, from: start, to: end)
        let text = Self.withoutNames(Self.unfolded(ics.text))
        #expect(Self.unfolded(ics.text).components(separatedBy: "\r\n").filter { $0.hasPrefix("TZNAME:") }
            .allSatisfy { $0.dropFirst(7).allSatisfy(\.isLetter) })
        // Then it starts with March 2026's daylight time (in force in September) and has November's and March's changes
        #expect(text == """
            BEGIN:VTIMEZONE\r
            TZID:America/Toronto\r
            BEGIN:DAYLIGHT\r
            DTSTART:20260308T020000\r
            TZOFFSETFROM:-0500\r
            TZOFFSETTO:-0400\r
            END:DAYLIGHT\r
            BEGIN:STANDARD\r
            DTSTART:20261101T020000\r
            TZOFFSETFROM:-0400\r
            TZOFFSETTO:-0500\r
            END:STANDARD\r
            BEGIN:DAYLIGHT\r
            DTSTART:20270314T020000\r
            TZOFFSETFROM:-0500\r
            TZOFFSETTO:-0400\r
            END:DAYLIGHT\r
            END:VTIMEZONE\r

            """)
        // Paris changes at 01:00 UTC: 03:00 local in October (from +0200), 02:00 in March (from +0100)
        var paris = ICalendar()
        paris.timeZone(TimeZone(identifier: "Europe/Paris")!, from: start, to: end)
        let parisText = Self.withoutNames(Self.unfolded(paris.text))
        #expect(parisText.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"))
        #expect(parisText.contains("BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"))
        // A zone without changes has one observance with its offset
        var tokyo = ICalendar()
        tokyo.timeZone(TimeZone(identifier: "Asia/Tokyo")!, from: start, to: end)
        #expect(Self.withoutNames(Self.unfolded(tokyo.text)).contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"))
        #expect(!tokyo.text.contains("DAYLIGHT"))
    }

    @Test("each kind of repetition has its RRULE, with COUNT, or UNTIL in UTC at the end of the until date")
    func rules() throws {
        func rule(_ repeatRule: Meeting.Repeat, date: String, interval: Int = 1, count: Int? = nil, until: String? = nil) -> String? {
            let meeting = Meeting(communityId: 1, authorId: nil, title: "T", kind: .meeting, timeZone: "America/Toronto",
                                  startDate: date, startTime: "12:00", endTime: "13:00", repeat: repeatRule, interval: interval,
                                  untilDate: until, count: count, createdAt: .distantPast, updatedAt: .distantPast)
            return SeriesLayout.rule(meeting, first: LocalDate(date)!)
        }
        #expect(rule(.none, date: "2026-12-08") == nil)
        #expect(rule(.weekly, date: "2026-12-08", count: 10) == "FREQ=WEEKLY;BYDAY=TU;COUNT=10")
        #expect(rule(.weekly, date: "2026-12-08", interval: 2, until: "2027-06-30") == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270701T035959Z")
        #expect(rule(.monthlyDay, date: "2026-12-31", count: 6) == "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=6")
        #expect(rule(.monthlyWeekday, date: "2026-12-08", interval: 3, count: 4) == "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=4")
        #expect(rule(.monthlyLastWeekday, date: "2026-12-29", until: "2027-12-31") == "FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20280101T045959Z")
    }
}
