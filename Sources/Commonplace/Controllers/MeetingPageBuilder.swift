import Foundation

/// Builds an event's page for one viewer: its date in their zone, the link only if they may see it, the other dates,
/// and the moderators' tools.
struct MeetingPageBuilder {
    let context: AppRequestContext
    let clock: MeetingClock
    let now: Date

    /// How many of the next and of the latest past dates the page links to.
    static let otherDates = 6

    /// `waitlisted`: the viewer waits for a place on this date (the link note says so).
    func build(_ date: MeetingDate, community: Community, occurrences: [MeetingOccurrence], showsLink: Bool, waitlisted: Bool = false,
               continues: Meeting?, continued: Meeting?) -> MeetingPage {
        let meeting = date.meeting, occurrence = date.occurrence
        let guardian = context.guardian
        let isPast = occurrence.endsAt <= now
        let schedule = meeting.schedule
        func link(_ o: MeetingOccurrence) -> MeetingDateLink {
            MeetingDateLink(text: clock.times(o.startsAt, o.endsAt, eventZone: meeting.timeZone).text,
                            url: Paths.meeting(meeting.id!, on: o.localDate), isCurrent: o.id == occurrence.id, isCancelled: o.isCancelled)
        }
        let upcoming = meeting.isSeries ? occurrences.filter { $0.endsAt > now }.prefix(Self.otherDates).map(link) : []
        let past = meeting.isSeries ? occurrences.filter { $0.endsAt <= now }.suffix(Self.otherDates).reversed().map(link) : []
        let changes = [
            occurrence.movedToDate != nil || occurrence.startTime != nil || occurrence.endTime != nil ? "time" : nil,
            occurrence.place != nil ? "place" : nil, occurrence.link != nil ? "link" : nil,
        ].compactMap { $0 }
        return MeetingPage(
            community: CommunityHeader(community), title: date.title, kindLabel: meeting.kind.label,
            audienceLabel: meeting.audience == .public ? "Open to the public" : "For members of \(community.name)",
            times: clock.times(occurrence.startsAt, occurrence.endsAt, eventZone: meeting.timeZone),
            schedule: meeting.isSeries ? schedule?.summary : nil,
            isCancelled: date.isCancelled, cancelReason: date.isCancelled ? date.cancelReason.nonEmpty : nil, isPast: isPast,
            isSeriesCancelled: meeting.isCancelled,
            // A date that took place needs no way in (its record has the recording).
            link: showsLink && !isPast ? date.link.nonEmpty : nil,
            linkNote: showsLink || date.link.isEmpty || isPast ? nil : linkNote(meeting, community: community, waitlisted: waitlisted),
            place: date.place.nonEmpty, capacity: meeting.capacity.map { "\($0) place\($0 == 1 ? "" : "s")" },
            descriptionHtml: meeting.descriptionHtml.nonEmpty,
            changedNote: changes.isEmpty ? nil : "This date's \(changes.joined(separator: " and ")) differ from the rest of the series.",
            upcoming: upcoming, past: past,
            continuesURL: continues.map { Paths.meeting($0) }, continuedURL: continued.map { Paths.meeting($0) },
            eventsURL: Paths.communityEvents(community),
            tools: guardian.canEdit(meeting, in: community) && !meeting.isCancelled ? tools(meeting, occurrence, isPast: isPast) : nil,
            calendarURL: Paths.meetingCalendar(meeting.id!))
    }

    /// Why this viewer does not see the link, and how they could.
    func linkNote(_ meeting: Meeting, community: Community, waitlisted: Bool) -> String {
        if !context.guardian.isSignedIn { return "Sign in to see the meeting link." }
        if waitlisted { return "You are on the waitlist: the meeting link is shown here once a place is yours." }
        if meeting.capacity != nil, context.guardian.canRSVP(to: meeting, in: community) {
            return "Places are limited: the meeting link is shown to those who have a place. Answer going to take one."
        }
        if Guardian.isOpenToThePublic(meeting, in: community) { return "Answer going or maybe to see the meeting link." }
        return "The meeting link is shown to members of \(community.name)."
    }

    func tools(_ meeting: Meeting, _ occurrence: MeetingOccurrence, isPast: Bool) -> MeetingTools {
        let id = meeting.id!, on = occurrence.localDate
        let isFirst = on == meeting.startDate
        return MeetingTools(
            editOccurrenceURL: meeting.isSeries && !occurrence.isCancelled ? Paths.editMeeting(id, on: on) + "&scope=occurrence" : nil,
            editFollowingURL: meeting.isSeries && !isPast && !isFirst ? Paths.editMeeting(id, on: on) + "&scope=following" : nil,
            editSeriesURL: Paths.editMeeting(id),
            cancelOccurrenceURL: !isPast && !occurrence.isCancelled && meeting.isSeries ? Paths.cancelMeeting(id, on: on) : nil,
            cancelSeriesURL: Paths.cancelMeeting(id), isSeries: meeting.isSeries)
    }
}
