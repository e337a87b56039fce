import Foundation

/// Words of the RSVP part shared by the page, the refusals, the notifications and the emails.
enum RSVPText {
    /// "Tue 9 Dec 2026" for a local date (the date as the event's zone has it).
    static func day(_ date: LocalDate) -> String {
        "\(MeetingClock.weekdays[date.weekday - 1]) \(date.day) \(Formatting.monthAbbreviations[date.month - 1]) \(date.year)"
    }

    /// "Tue 9 Dec 2026" for a stored `YYYY-MM-DD`, the text itself when it is not one.
    static func day(_ text: String) -> String { LocalDate(text).map(day) ?? text }

    /// "Ada", "Ada and Grace", "Ada, Grace and 3 others" (at most `shown` names).
    static func list(_ names: [String], shown: Int = 5) -> String {
        let head = Array(names.prefix(shown))
        let rest = names.count - head.count
        if rest > 0 { return head.joined(separator: ", ") + " and \(rest) other\(rest == 1 ? "" : "s")" }
        guard head.count > 1 else { return head.first ?? "" }
        return head.dropLast().joined(separator: ", ") + " and " + head.last!
    }

    /// "3 going · 1 maybe · 2 on the waitlist · 2 places left" (no places counted for a date that takes no answers:
    /// `capacity` nil).
    static func summary(_ list: AttendeeList, capacity: Int?) -> String {
        var parts = ["\(list.going.count) going"]
        if !list.maybe.isEmpty { parts.append("\(list.maybe.count) maybe") }
        if !list.waitlist.isEmpty { parts.append("\(list.waitlist.count) on the waitlist") }
        if let capacity {
            let left = max(capacity - list.going.count, 0)
            parts.append(left == 0 ? "full" : "\(left) place\(left == 1 ? "" : "s") left")
        }
        return parts.joined(separator: " · ")
    }
}
