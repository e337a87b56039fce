import Foundation

/// Links of events (issue 14). The URLs are stable: scripts and tests rely on them.
extension Paths {
    /// Upcoming events of every community the visitor may see; `view=month` for the month view.
    public static let events = "/events"
    /// What the member RSVPed to.
    public static let myEvents = "/events/mine"

    public static func communityEvents(_ c: Community) -> String { "/c/\(c.slug)/events" }
    public static func newMeeting(_ c: Community) -> String { "/c/\(c.slug)/events/new" }
    public static func communityEventsCalendar(_ c: Community) -> String { "/c/\(c.slug)/events.ics" }

    /// An event, with its next occurrence.
    public static func meeting(_ id: Int64) -> String { "/e/\(id)" }
    public static func meeting(_ m: Meeting) -> String { meeting(m.id!) }
    /// One occurrence of an event, by its original local date (`YYYY-MM-DD`).
    public static func meeting(_ id: Int64, on date: String) -> String { "/e/\(id)?on=\(date)" }
    public static func editMeeting(_ id: Int64) -> String { "/e/\(id)/edit" }
    /// The edit form for one occurrence (`scope=occurrence`), or from a date on (`scope=following`).
    public static func editMeeting(_ id: Int64, on date: String) -> String { "/e/\(id)/edit?on=\(date)" }
    public static func cancelMeeting(_ id: Int64) -> String { "/e/\(id)/cancel" }
    public static func cancelMeeting(_ id: Int64, on date: String) -> String { "/e/\(id)/cancel?on=\(date)" }
    public static func rsvp(_ id: Int64) -> String { "/e/\(id)/rsvp" }
    public static func meetingCalendar(_ id: Int64) -> String { "/e/\(id).ics" }
    /// A member's private calendar feed.
    public static func privateEventsCalendar(token: String) -> String { "/feeds/\(token)/events.ics" }
}
