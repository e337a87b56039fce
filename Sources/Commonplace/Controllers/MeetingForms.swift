import Foundation

/// The event form's page: its choices, and its fields filled from an event (to edit) or from what was sent (to show
/// again with messages).
enum MeetingForms {
    /// A new event of `community` before the form is read: noon to one in the site's zone, members only.
    static func blank(_ community: Community, now: Date, zone: String) -> Meeting {
        Meeting(communityId: community.id!, title: "", kind: .meeting, timeZone: zone, startDate: "", startTime: "12:00",
                endTime: "13:00", createdAt: now, updatedAt: now)
    }

    static func page(_ community: Community, heading: String, action: String, submit: String, cancel: String) -> MeetingFormPage {
        MeetingFormPage(community: CommunityHeader(community), heading: heading, action: action, submitLabel: submit,
                        cancelURL: cancel, canBePublic: community.visibility == .public)
    }

    /// Fills the form from `meeting`, and where `fields` were sent, the text as typed (numbers that did not parse).
    static func fill(_ page: inout MeetingFormPage, with meeting: Meeting, fields: MeetingFields? = nil, community: Community) {
        page.title = meeting.title
        page.description = meeting.description
        page.date = fields.map { InputText.clean($0.date) } ?? meeting.startDate
        page.start = meeting.startTime
        page.end = meeting.endTime
        page.link = meeting.link
        page.place = meeting.place
        page.capacity = fields.map { InputText.clean($0.capacity) } ?? meeting.capacity.map(String.init) ?? ""
        page.interval = fields.map { InputText.clean($0.interval) } ?? (meeting.repeat == .none ? "" : String(meeting.interval))
        page.until = fields.map { InputText.clean($0.until) } ?? meeting.untilDate ?? ""
        page.count = fields.map { InputText.clean($0.count) } ?? meeting.count.map(String.init) ?? ""
        page.anonymousQuestions = meeting.allowsAnonymousQuestions
        page.kinds = Meeting.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == meeting.kind) }
        page.repeats = Meeting.Repeat.allCases.map { Option(value: $0.rawValue, label: repeatLabel($0), selected: $0 == meeting.repeat) }
        page.audiences = Meeting.Audience.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == meeting.audience) }
        page.timeZones = zoneOptions(selected: meeting.timeZone)
    }

    /// The zone choices, the selected one first among equals: built once, with a copy marking the chosen one.
    static func zoneOptions(selected: String) -> [Option] {
        MeetingClock.zoneNames.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }

    static func repeatLabel(_ rule: Meeting.Repeat) -> String {
        switch rule {
        case .none: "Does not repeat"
        case .weekly: "Weekly (every N weeks) on the same weekday"
        case .monthlyDay: "Monthly (every N months) on the same day of the month"
        case .monthlyWeekday: "Monthly (every N months) on the same weekday, such as the second Tuesday"
        case .monthlyLastWeekday: "Monthly (every N months) on the last such weekday, such as the last Thursday"
        }
    }
}
