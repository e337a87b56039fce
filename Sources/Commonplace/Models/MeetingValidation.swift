import Foundation

/// The event form's fields as sent (stable names: scripts and tests rely on them).
public struct MeetingFields: Decodable, Sendable {
    public var title: String?
    public var kind: String?
    public var description: String?
    public var date: String?
    public var start: String?
    public var end: String?
    public var time_zone: String?
    public var link: String?
    public var place: String?
    public var capacity: String?
    public var `repeat`: String?
    public var interval: String?
    public var until: String?
    public var count: String?
    public var audience: String?
    public var anonymous_questions: String?
    /// On edit: `occurrence` (this date only), `following` (this date and after), `series` (every date).
    public var scope: String?
    /// On edit and cancel: the occurrence's original date.
    public var on: String?
    public var reason: String?

    public init() {}
}

/// Checks of the event form, field by field, with the messages the form shows.
public enum MeetingValidation {
    /// Reads every field into `meeting` and expands its schedule. Nothing is kept when `errors` is not empty.
    public static func apply(_ fields: MeetingFields, to meeting: inout Meeting,
                             community: Community) -> (errors: MeetingErrors, occurrences: [MeetingSchedule.Occurrence]) {
        var errors = MeetingErrors()
        meeting.title = InputText.clean(fields.title)
        errors.title = title(meeting.title)
        if let kind = Meeting.Kind(rawValue: InputText.clean(fields.kind)) {
            meeting.kind = kind
        } else {
            errors.kind = "Choose what kind of event this is: " + Meeting.Kind.allCases.map(\.rawValue).joined(separator: ", ") + "."
        }
        meeting.description = InputText.clean(fields.description)
        if meeting.description.count > Meeting.Limits.description {
            errors.description = "A description can be at most \(Meeting.Limits.description) characters."
        }
        meeting.link = InputText.clean(fields.link)
        errors.link = link(meeting.link)
        meeting.place = InputText.clean(fields.place)
        errors.place = place(meeting.place)
        (meeting.capacity, errors.capacity) = capacity(fields.capacity)
        meeting.allowsAnonymousQuestions = fields.anonymous_questions.map { !$0.isEmpty && $0 != "false" } ?? false
        (meeting.audience, errors.audience) = audience(fields.audience, kind: meeting.kind, community: community)

        let zone = InputText.clean(fields.time_zone)
        meeting.timeZone = zone
        if MeetingClock.knownZone(zone) == nil {
            errors.timeZone = zone.isEmpty ? "Choose a time zone." : "“\(zone)” is not a time zone we know: use a name such as America/Toronto or Europe/Paris."
        }
        meeting.startDate = InputText.clean(fields.date)
        if LocalDate(meeting.startDate) == nil { errors.date = "Give the date as YYYY-MM-DD, such as 2026-12-08." }
        meeting.startTime = InputText.clean(fields.start)
        meeting.endTime = InputText.clean(fields.end)
        let start = LocalTime(meeting.startTime), end = LocalTime(meeting.endTime)
        if start == nil { errors.start = "Give the start time as HH:MM (24 h), such as 12:00." }
        if end == nil { errors.end = "Give the end time as HH:MM (24 h), such as 13:00." }
        if let start, let end, end <= start { errors.end = MeetingSchedule.Problem.endNotAfterStart.description }
        applyRepeat(fields, to: &meeting, errors: &errors)
        guard errors.isEmpty, let schedule = meeting.schedule else { return (errors, []) }
        do {
            let occurrences = try schedule.occurrences()
            // The first date the rule admits (the last Thursday after the date given, say).
            meeting.startDate = occurrences[0].localDate.description
            return (errors, occurrences)
        } catch {
            switch error {
            case .endNotAfterStart: errors.end = error.description
            case .intervalOutOfRange: errors.interval = error.description
            case .untilAndCount, .noDates, .tooMany: errors.until = error.description
            }
            return (errors, [])
        }
    }

    /// The recurrence fields: `repeat`, `interval`, `until`, `count`.
    static func applyRepeat(_ fields: MeetingFields, to meeting: inout Meeting, errors: inout MeetingErrors) {
        let text = InputText.clean(fields.repeat)
        guard let rule = text.isEmpty ? Meeting.Repeat.none : Meeting.Repeat(rawValue: text) else {
            errors.repeatRule = "Choose how the event repeats: " + Meeting.Repeat.allCases.map(\.rawValue).joined(separator: ", ") + "."
            return
        }
        meeting.repeat = rule
        meeting.interval = 1
        meeting.untilDate = nil
        meeting.count = nil
        guard rule != .none else { return }
        let interval = InputText.clean(fields.interval)
        if !interval.isEmpty {
            let range = rule == .weekly ? MeetingSchedule.weeklyIntervals : MeetingSchedule.monthlyIntervals
            if let n = Int(interval), range.contains(n) {
                meeting.interval = n
            } else {
                errors.interval = MeetingSchedule.Problem.intervalOutOfRange(range, unit: rule == .weekly ? "weeks" : "months").description
            }
        }
        let until = InputText.clean(fields.until), count = InputText.clean(fields.count)
        if !until.isEmpty {
            if LocalDate(until) == nil { errors.until = "Give the end date as YYYY-MM-DD, such as 2027-06-30." } else { meeting.untilDate = until }
        }
        if !count.isEmpty {
            if let n = Int(count), n >= 1 { meeting.count = n } else { errors.count = "Give the number of times as a whole number, 1 or more." }
        }
        if !until.isEmpty, !count.isEmpty { errors.until = MeetingSchedule.Problem.untilAndCount.description }
    }

    public static func title(_ title: String) -> String? {
        if title.isEmpty { return "Give the event a title." }
        if title.count > Meeting.Limits.title { return "A title can be at most \(Meeting.Limits.title) characters." }
        return nil
    }

    /// The online meeting link: empty, or an http(s) address.
    public static func link(_ link: String) -> String? {
        guard !link.isEmpty else { return nil }
        if link.count > Meeting.Limits.link { return "A link can be at most \(Meeting.Limits.link) characters." }
        return ResourceValidation.link(link)
    }

    public static func place(_ place: String) -> String? {
        place.count > Meeting.Limits.place ? "A place can be at most \(Meeting.Limits.place) characters." : nil
    }

    /// Empty: no limit; otherwise a whole number of places.
    static func capacity(_ text: String?) -> (Int?, String?) {
        let text = InputText.clean(text)
        guard !text.isEmpty else { return (nil, nil) }
        guard let n = Int(text), Meeting.Limits.capacity.contains(n) else {
            return (nil, "Give the number of places as a whole number from \(Meeting.Limits.capacity.lowerBound) to \(Meeting.Limits.capacity.upperBound), or leave it empty for no limit.")
        }
        return (n, nil)
    }

    /// Who may come. Open to the public only for a public event of a public community; a public event of a public
    /// community is open to the public unless the form says members.
    static func audience(_ text: String?, kind: Meeting.Kind, community: Community) -> (Meeting.Audience, String?) {
        let text = InputText.clean(text)
        let mayBePublic = kind == .publicEvent && community.visibility == .public
        guard !text.isEmpty else { return (mayBePublic ? .public : .members, nil) }
        guard let audience = Meeting.Audience(rawValue: text) else { return (.members, "Choose who may come: members or public.") }
        if audience == .public, !mayBePublic {
            return (.members, community.visibility == .public
                ? "Only a public event can be open to the public: choose the kind “Public event”, or members."
                : "\(community.name) is a members-only community: its events are for its members.")
        }
        return (audience, nil)
    }
}
