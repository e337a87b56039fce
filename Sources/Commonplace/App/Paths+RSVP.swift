import Foundation

/// Links of the RSVP part of events.
extension Paths {
    /// The attendees of one date as CSV (moderators).
    public static func attendeesCSV(_ id: Int64, on date: String) -> String { "/e/\(id)/attendees.csv?on=\(date)" }
}

extension Paths {
    /// Every answer to one date of an event (without a date: its next one).
    public static func attendees(_ id: Int64, on date: String) -> String { "/e/\(id)/attendees?on=\(date)" }
    public static func attendees(_ id: Int64) -> String { "/e/\(id)/attendees" }

    /// A date's page with `response` chosen in its answer form (where sign-in returns from an RSVP button).
    public static func meetingAnswering(_ id: Int64, on date: String, response: MeetingRSVP.Response) -> String {
        "/e/\(id)?on=\(date)&answer=\(response.rawValue)#rsvp"
    }
}
