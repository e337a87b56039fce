import Foundation

/// The form to schedule or edit an event (`/c/{community}/events/new`, `/e/{id}/edit`).
struct MeetingFormPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let submitLabel: String
    let cancelURL: String
    /// On edit: what the form changes ("This date only: Tue 9 Dec"), and the scope and date it sends back.
    var scopeNote: String?
    var scope: String?
    var on: String?
    /// Editing one date: the series' fields (kind, description, repeat …) are not on the form.
    var isOccurrence = false
    var title = ""
    var kinds: [Option] = []
    var description = ""
    var date = ""
    var start = ""
    var end = ""
    var timeZones: [Option] = []
    var link = ""
    var place = ""
    var capacity = ""
    var repeats: [Option] = []
    var interval = ""
    var until = ""
    var count = ""
    var audiences: [Option] = []
    var anonymousQuestions = false
    /// Public events are possible here (a public community).
    let canBePublic: Bool
    let maxTitle = Meeting.Limits.title
    let maxOccurrences = MeetingSchedule.maxOccurrences
    var errors = MeetingErrors()
    var hasErrors = false
}

/// The page that asks to confirm a cancellation (`/e/{id}/cancel`).
struct MeetingCancelPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let what: String
    let scope: String
    let on: String?
    let backURL: String
    let maxReason = Meeting.Limits.cancelReason
}

/// An event's page (`/e/{id}`, `?on=` for one date). The RSVP form and attendees (the RSVP part) and the Q&A and
/// record (the record part) have their own sections.
struct MeetingPage: Sendable {
    let community: CommunityHeader
    let title: String
    let kindLabel: String
    let audienceLabel: String
    let times: MeetingTimes
    let schedule: String?
    let isCancelled: Bool
    let cancelReason: String?
    let isPast: Bool
    let isSeriesCancelled: Bool
    /// Shown only to those who may attend (`Guardian.canSeeLink`).
    let link: String?
    /// When the link is hidden from this viewer: why, and how to get it ("Members of … see the link").
    let linkNote: String?
    let place: String?
    let capacity: String?
    let descriptionHtml: String?
    let changedNote: String?
    /// Other dates of the series: the next ones, and the latest past ones.
    let upcoming: [MeetingDateLink]
    let past: [MeetingDateLink]
    let continuesURL: String?
    let continuedURL: String?
    let eventsURL: String
    /// Moderators: edit this date, the series, from this date on; cancel this date or the series.
    let tools: MeetingTools?
    /// The answers: the form, the counts, who is coming (`partials/meeting-rsvp`).
    var rsvp: RSVPSection?
    /// "Add to calendar (.ics)": the event and its series, as this viewer may see them.
    var calendarURL: String? = nil
    /// The date's record and its questions (`partials/meeting-record`, `partials/meeting-qa`), for those who may see them.
    var record: MeetingRecordSection?
    var questions: MeetingQASection?
}

/// Another date of an event, linked by `?on=`.
struct MeetingDateLink: Sendable {
    let text: String
    let url: String
    let isCurrent: Bool
    let isCancelled: Bool
}

/// The moderators' links on an event page.
struct MeetingTools: Sendable {
    let editOccurrenceURL: String?
    let editFollowingURL: String?
    let editSeriesURL: String
    let cancelOccurrenceURL: String?
    let cancelSeriesURL: String?
    let isSeries: Bool
}

/// One occurrence in a list of events.
struct MeetingEntry: Sendable {
    let title: String
    let url: String
    let communityName: String
    let communityURL: String
    let kindLabel: String
    let times: MeetingTimes
    let place: String?
    /// Only for those who may attend.
    let link: String?
    let isCancelled: Bool
    let isPublic: Bool
    /// On "My events": the viewer's answer ("Going", "Maybe", "Going (waitlist)").
    var response: String?
}

/// The entries of one day, in a list of events.
struct MeetingDay: Sendable {
    let label: String
    let entries: [MeetingEntry]
}

/// One day cell of the month view.
struct MonthCell: Sendable {
    let day: Int
    let inMonth: Bool
    let isToday: Bool
    let entries: [MeetingEntry]
}

/// A week row of the month view.
struct MonthWeek: Sendable {
    let cells: [MonthCell]
}

/// `/events` and `/c/{community}/events`: upcoming events as a list or a month, with filters.
struct EventsPage: Sendable {
    let heading: String
    let community: CommunityHeader?
    let zoneNote: String
    let isMonth: Bool
    let listURL: String
    let monthURL: String
    let communityOptions: [Option]
    let kindOptions: [Option]
    let hasCommunityFilter: Bool
    let formAction: String
    let days: [MeetingDay]
    let emptyText: String
    let hasMore: Bool
    let monthLabel: String
    let previousMonthURL: String
    let nextMonthURL: String
    let weeks: [MonthWeek]
    /// A community's past events (with their records), newest first.
    let past: [MeetingEntry]
    let newEventURL: String?
    let myEventsURL: String?
    /// "Add to calendar (.ics)": the community's calendar, where anyone may read the community.
    var calendarURL: String? = nil
    /// Where a signed-in member gets their private calendar address (members-only communities, all events).
    var privateCalendarURL: String? = nil
}

/// `/events/mine`: the dates the member answered going or maybe to, to come and past.
struct MyEventsPage: Sendable {
    let zoneNote: String
    let upcoming: [MeetingDay]
    let past: [MeetingEntry]
    let eventsURL: String
}

/// A message per field of the event form.
public struct MeetingErrors: Sendable, Equatable {
    public var title: String?
    public var kind: String?
    public var description: String?
    public var date: String?
    public var start: String?
    public var end: String?
    public var timeZone: String?
    public var link: String?
    public var place: String?
    public var capacity: String?
    public var repeatRule: String?
    public var interval: String?
    public var until: String?
    public var count: String?
    public var audience: String?
    public var scope: String?

    public var isEmpty: Bool { self == MeetingErrors() }
}


/// One occurrence's times, ready for a template.
public struct MeetingTimes: Sendable, Equatable {
    /// "Tue 9 Dec, 12:00–13:00", in the viewer's zone.
    public let text: String
    /// The viewer's zone ("Toronto time").
    public let zone: String
    /// The same in the event's own zone, when it differs from the viewer's: "Tue 9 Dec, 12:00–13:00 Toronto time".
    public let eventZoneText: String?
    /// The start as ISO 8601 in UTC, for `<time datetime>`.
    public let datetime: String
    /// The day it starts on in the viewer's zone (the month view's cell).
    public let localDate: LocalDate
}
