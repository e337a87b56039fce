import Foundation

/// Builds the RSVP section of one date for one viewer: the form when they may answer (or why they cannot), their
/// answer and place on the waitlist, the counts, and who answered when they may see it.
struct RSVPSectionBuilder {
    let guardian: Guardian
    let viewerID: Int64?
    let now: Date
    /// How many names of each answer the event page shows (the attendees page shows all).
    static let shown = 30

    init(context: AppRequestContext, now: Date) {
        guardian = context.guardian
        viewerID = context.user?.id
        self.now = now
    }

    /// The section of `date`, read in one statement (the answers with their names).
    func load(_ date: MeetingDate, community: Community, database: AppDatabase, showsAll: Bool = false) async throws -> RSVPSection {
        build(date, community: community, list: try await database.attendees(occurrenceID: date.occurrence.id!), showsAll: showsAll)
    }

    /// `intent`: the answer chosen before signing in (`?answer=`), checked in the form until saved.
    func build(_ date: MeetingDate, community: Community, list: AttendeeList, showsAll: Bool,
               intent: MeetingRSVP.Response? = nil) -> RSVPSection {
        let meeting = date.meeting, id = meeting.id!, on = date.occurrence.localDate
        let mine = list.answer(of: viewerID)
        let refusal = refusal(date, community: community)
        var note = refusal
        if refusal == nil, let capacity = meeting.capacity, list.going.count >= capacity, mine?.attendee.response != .going {
            note = (capacity == 1 ? "The only place is taken" : "All \(capacity) places are taken")
                + ": answering going puts you on the waitlist, in order."
        }
        let canAnswer = refusal == nil && guardian.isSignedIn
        let intent = canAnswer ? intent : nil
        let chosen = intent ?? mine?.attendee.response
        let signsIn = !guardian.isSignedIn && refusal == nil
        return RSVPSection(
            action: Paths.rsvp(id), occurrence: on, dateText: RSVPText.day(date.occurrence.effectiveDate), isSeries: meeting.isSeries,
            canAnswer: canAnswer,
            choices: MeetingRSVP.Response.allCases.map {
                RSVPChoice(id: "rsvp-\($0.rawValue)", value: $0.rawValue, label: $0.label, checked: $0 == chosen)
            },
            current: mine.map { Self.current($0.attendee, position: $0.waitlistPosition, of: list.waitlist.count) },
            summary: RSVPText.summary(list, capacity: Self.closed(date, now: now) == nil ? meeting.capacity : nil),
            note: note,
            signInURL: signsIn ? Paths.signIn(next: Paths.meeting(id, on: on) + "#rsvp") : nil,
            signInChoices: signsIn ? MeetingRSVP.Response.allCases.map {
                RSVPSignIn(label: $0.label, url: Paths.signIn(next: Paths.meetingAnswering(id, on: on, response: $0)))
            } : [],
            intentNote: intent.map { "You chose “\($0.label)”: save your answer to confirm it." },
            attendees: guardian.canSeeAttendees(of: meeting, in: community) ? groups(list, id: id, on: on, showsAll: showsAll) : nil,
            csvURL: guardian.canExportAttendees(of: meeting, in: community) ? Paths.attendeesCSV(id, on: on) : nil)
    }

    /// Why the viewer cannot answer this date (nil: they can, or they only need to sign in).
    func refusal(_ date: MeetingDate, community: Community) -> String? {
        if let closed = Self.closed(date, now: now) { return closed }
        guard guardian.isSignedIn else { return nil }
        if guardian.isSuspended { return "Your account is suspended: you cannot answer." }
        if community.status != .active { return "\(community.name) is inactive: its events take no more answers." }
        if !guardian.canRSVP(to: date.meeting, in: community) { return Guardian.membersOnly(community) }
        return nil
    }

    /// A date that takes no answers, for anyone.
    static func closed(_ date: MeetingDate, now: Date) -> String? {
        if date.meeting.isCancelled || date.isCancelled { return "This date was cancelled: it takes no answers." }
        if date.occurrence.endsAt <= now { return "This date has taken place: it takes no more answers." }
        return nil
    }

    static func current(_ attendee: Attendee, position: Int?, of waiting: Int) -> String {
        if let position { return "You are on the waitlist: number \(position) of \(waiting). You will be told if a place opens." }
        switch attendee.response {
        case .going: return "You are going."
        case .maybe: return "You answered maybe."
        case .notGoing: return "You are not going."
        }
    }

    func groups(_ list: AttendeeList, id: Int64, on: String, showsAll: Bool) -> AttendeeGroups {
        let limit = showsAll ? Int.max : Self.shown
        func entries(_ people: [Attendee]) -> [AttendeeEntry] {
            people.prefix(limit).map { AttendeeEntry(name: $0.displayName, url: Paths.user($0.handle)) }
        }
        let total = list.going.count + list.waitlist.count + list.maybe.count
        let cut = !showsAll && [list.going, list.waitlist, list.maybe].contains { $0.count > limit }
        return AttendeeGroups(
            going: entries(list.going), waitlist: entries(list.waitlist), maybe: entries(list.maybe),
            goingHeading: "Going (\(list.going.count))", waitlistHeading: "On the waitlist (\(list.waitlist.count)), in order",
            maybeHeading: "Maybe (\(list.maybe.count))",
            allURL: cut ? Paths.attendees(id, on: on) : nil, allLabel: cut ? "See all \(total) answers" : nil)
    }
}
