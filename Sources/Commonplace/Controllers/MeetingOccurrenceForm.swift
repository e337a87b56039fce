import Foundation

/// The form for one date of a series: its title, date, times, link and place. What equals the series' value is not
/// kept as a change (the date follows the series again).
enum MeetingOccurrenceForm {
    static func read(_ fields: MeetingFields, meeting: Meeting,
                     occurrence: MeetingOccurrence) -> (OccurrenceOverride, MeetingErrors) {
        var errors = MeetingErrors()
        let title = InputText.clean(fields.title), date = InputText.clean(fields.date)
        let start = InputText.clean(fields.start), end = InputText.clean(fields.end)
        let link = InputText.clean(fields.link), place = InputText.clean(fields.place)
        errors.title = MeetingValidation.title(title)
        if LocalDate(date) == nil { errors.date = "Give the date as YYYY-MM-DD, such as 2026-12-08." }
        let startTime = LocalTime(start), endTime = LocalTime(end)
        if startTime == nil { errors.start = "Give the start time as HH:MM (24 h), such as 12:00." }
        if endTime == nil { errors.end = "Give the end time as HH:MM (24 h), such as 13:00." }
        if let startTime, let endTime, endTime <= startTime { errors.end = MeetingSchedule.Problem.endNotAfterStart.description }
        errors.link = MeetingValidation.link(link)
        errors.place = MeetingValidation.place(place)
        guard errors.isEmpty, let startTime, let endTime else { return (OccurrenceOverride(), errors) }
        func differs<T: Equatable>(_ value: T, _ series: T) -> T? { value == series ? nil : value }
        let override = OccurrenceOverride(
            title: differs(title, meeting.title), movedToDate: differs(date, occurrence.localDate),
            startTime: differs(startTime.description, meeting.startTime), endTime: differs(endTime.description, meeting.endTime),
            link: differs(link, meeting.link), place: differs(place, meeting.place))
        return (override, errors)
    }

    /// The form again, as sent.
    static func fill(_ page: inout MeetingFormPage, fields: MeetingFields) {
        page.title = InputText.clean(fields.title)
        page.date = InputText.clean(fields.date)
        page.start = InputText.clean(fields.start)
        page.end = InputText.clean(fields.end)
        page.link = InputText.clean(fields.link)
        page.place = InputText.clean(fields.place)
    }
}
