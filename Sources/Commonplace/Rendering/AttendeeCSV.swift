import Foundation

/// The attendees of one date as CSV (RFC 4180: CRLF line ends, fields quoted when needed): name, handle, answer,
/// waitlist position, when they answered (UTC). No email addresses: the export is for counting heads and name tags,
/// and an address list would leave the site with every download; moderators reach members through the site.
enum AttendeeCSV {
    static let header = ["name", "handle", "answer", "waitlist_position", "answered_at"]

    static func text(_ list: AttendeeList) -> String {
        var lines = [header.joined(separator: ",")]
        func add(_ attendee: Attendee, answer: String, position: Int?) {
            lines.append([attendee.displayName, attendee.handle, answer, position.map(String.init) ?? "",
                          Formatting.iso(attendee.respondedAt)].map(field).joined(separator: ","))
        }
        for attendee in list.going { add(attendee, answer: "going", position: nil) }
        for (index, attendee) in list.waitlist.enumerated() { add(attendee, answer: "waitlist", position: index + 1) }
        for attendee in list.maybe { add(attendee, answer: "maybe", position: nil) }
        for attendee in list.notGoing { add(attendee, answer: "not_going", position: nil) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One field: quoted when it holds a comma, quote or line end; a leading `=`, `+`, `-`, `@`, tab or carriage
    /// return is prefixed with `'`, so a spreadsheet opening the file never runs a name as a formula.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
