import Foundation

/// How meeting notifications are worded (the list, the digest and the email share these sentences). Times are the
/// event's own, with its zone named: the line is the same for every reader, whatever their zone.
extension NotificationText {
    static func meetingSentence(_ kind: NotificationKind, date: MeetingDate?, count: Int, detail: EventDetail) -> String {
        guard let date else { return "An event you answered changed" }
        let title = "“\(date.title)”"
        let when = eventTimes(date)
        let more = count > 1 ? " (and \(count - 1) more of your dates)" : ""
        switch kind {
        case .meetingPromoted:
            return "A place opened: you are going to \(title), \(when)"
        case .meetingReminder:
            return detail.lead == ReminderLead.hour.rawValue
                ? "Reminder: \(title) starts in an hour, \(when)" : "Reminder: \(title) is tomorrow, \(when)"
        case .meetingChanged:
            return "The time or place of \(title) changed: now \(when)\(more)"
        case .meetingQuestionAnswered:
            return "Your question for \(title) was answered (\(RSVPText.day(date.occurrence.effectiveDate)))"
        default:
            return count > 1 ? "\(title) was cancelled on \(count) of your dates, from \(when)" : "\(title) on \(when) was cancelled"
        }
    }

    /// "Tue 9 Dec, 12:00–13:00 Toronto time", in the event's zone.
    static func eventTimes(_ date: MeetingDate) -> String {
        let zone = MeetingClock.knownZone(date.meeting.timeZone) ?? TimeZone(identifier: "UTC")!
        let clock = MeetingClock(zone: zone, now: date.occurrence.startsAt)
        return clock.span(date.occurrence.startsAt, date.occurrence.endsAt, in: zone) + " " + MeetingClock.zoneLabel(zone)
    }
}
