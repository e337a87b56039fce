import Foundation
import GRDB

/// RSVPs: who may answer for a date, who sees who is coming, who exports the list.
extension Guardian {
    /// Answering going, maybe or not going: signed in and not suspended, the event visible, its community active and
    /// the event not cancelled, and allowed to come: a member of the community (its moderators, site admins), or anyone
    /// signed in for a public event of a public community.
    public func canRSVP(to meeting: Meeting, in community: Community) -> Bool {
        guard canAct, canSee(meeting, in: community), community.status == .active, !meeting.isCancelled else { return false }
        return isMember(of: community) || isModerator(of: community) || Self.isOpenToThePublic(meeting, in: community)
    }

    /// Who answered (going, maybe, the waitlist): the community's members and moderators who may see the event, not
    /// anonymous readers nor outsiders who answered a public event (names of who comes are the community's).
    public func canSeeAttendees(of meeting: Meeting, in community: Community) -> Bool {
        isSignedIn && canSee(meeting, in: community) && (isMember(of: community) || isModerator(of: community))
    }

    /// Exporting the attendees of a date as CSV (names and handles, no email addresses): the community's moderators.
    public func canExportAttendees(of meeting: Meeting, in community: Community) -> Bool {
        canSee(meeting, in: community) && canModerate(community)
    }
}

// MARK: - Decisions

extension Guardian {
    /// Answering for an event: 404 when it cannot be seen; 403 for who may not come (saying how they could) and an
    /// inactive community; 409 for a cancelled event. Each date's own refusals (cancelled, past, unknown) are the
    /// write's (`AppDatabase.rsvpTargets`).
    public func ensureCanRSVP(to meeting: Meeting, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(meeting, in: community))
        try ensure(community.status == .active, "\(community.name) is inactive: its events take no more answers.")
        if meeting.isCancelled { throw AppError.conflict("This event was cancelled: it takes no more answers.") }
        try ensure(canRSVP(to: meeting, in: community), Self.membersOnly(community))
    }

    static func membersOnly(_ community: Community) -> String {
        "This event is for members of \(community.name): join the community to answer."
    }

    /// A date still takes answers: not cancelled, not over (409 otherwise).
    static func ensureOpen(_ date: MeetingDate, now: Date) throws {
        if date.isCancelled {
            throw AppError.conflict("This date was cancelled\(date.cancelReason.isEmpty ? "" : " (\(date.cancelReason))"): it takes no answers.")
        }
        if date.occurrence.endsAt <= now { throw AppError.conflict("This date has already taken place: it takes no more answers.") }
    }

    /// The check of answering for event `meetingID`, taken again inside the write on the event as it is then (each date
    /// is checked there too, by the write itself).
    public func rsvpCheck(_ meetingID: Int64) -> WriteCheck {
        writeCheck { guardian, db in
            let (meeting, community) = try CheckedRows.meeting(db, id: meetingID)
            try guardian.ensureCanRSVP(to: meeting, in: community)
        }
    }
}
