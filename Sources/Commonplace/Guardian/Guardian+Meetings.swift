import GRDB

/// Meetings: who sees an event, who sees its link, who schedules, edits and cancels events.
extension Guardian {
    /// An event is as visible as its community: whoever may read the community sees its events (cancelled ones too,
    /// marked so). Who may *come* is the audience; the link is `canSeeLink`.
    public func canSee(_ meeting: Meeting, in community: Community) -> Bool {
        meeting.communityId == community.id && canSee(community)
    }

    /// The SQL twin of `canSee(_:in:)` for events, on a query that joins the event's community as `community`.
    func visibleMeetingSQL() -> SQL { visibleCommunitySQL(table: "community") }

    /// The online meeting link is for those who may attend: the community's members (and its moderators, site
    /// admins); for a public event of a public community also whoever signed in and answered going or maybe
    /// (`hasRSVP`, from `AppDatabase.hasAttendingRSVP`). Never anonymous readers. A date with a capacity is for those
    /// who hold a place (`hasPlace`: going and not waitlisted on that date) and its organisers (the community's
    /// moderators, the event's author while a member): a member on the waitlist, or who has not answered, does not get it.
    public func canSeeLink(of meeting: Meeting, in community: Community, hasRSVP: Bool, hasPlace: Bool) -> Bool {
        guard canSee(meeting, in: community), isSignedIn else { return false }
        if isModerator(of: community) || (isSelf(meeting.authorId) && isMember(of: community)) { return true }
        if meeting.capacity != nil { return hasPlace && (isMember(of: community) || Self.isOpenToThePublic(meeting, in: community)) }
        if isMember(of: community) { return true }
        return hasRSVP && Self.isOpenToThePublic(meeting, in: community)
    }

    /// A public event of a public community: anyone signed in may come.
    public static func isOpenToThePublic(_ meeting: Meeting, in community: Community) -> Bool {
        meeting.audience == .public && community.visibility == .public
    }

    /// The community's moderators (and its parent's, site admins) schedule events in an active community.
    public func canCreateMeeting(in community: Community) -> Bool {
        canModerate(community) && community.status == .active
    }

    /// Editing an event (one date, the series, or the series from a date on): as scheduling it.
    public func canEdit(_ meeting: Meeting, in community: Community) -> Bool {
        meeting.communityId == community.id && canCreateMeeting(in: community)
    }

    /// Cancelling one date or the whole series: as scheduling it.
    public func canCancel(_ meeting: Meeting, in community: Community) -> Bool {
        meeting.communityId == community.id && canCreateMeeting(in: community)
    }
}

// MARK: - Decisions

extension Guardian {
    /// Scheduling an event: signed in and not suspended, the community visible (404) and active, and its moderator.
    public func ensureCanCreateMeeting(in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community))
        try ensure(community.status == .active, "\(community.name) is inactive: it schedules no new events.")
        try ensure(canCreateMeeting(in: community), "Only moderators of \(community.name) can schedule its events.")
    }

    /// Editing or cancelling an event: as scheduling one, and the series not cancelled (409).
    public func ensureCanChange(_ meeting: Meeting, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(meeting, in: community))
        try ensure(community.status == .active, "\(community.name) is inactive: its events are kept for reading only.")
        try ensure(canEdit(meeting, in: community), "Only moderators of \(community.name) can change its events.")
        if meeting.isCancelled { throw AppError.conflict("This event was cancelled: it can no longer be changed.") }
    }

    /// The check of scheduling an event in `community`, taken again inside its write.
    public func meetingCreateCheck(_ community: Community) -> WriteCheck {
        communityCheck(community) { guardian, community in try guardian.ensureCanCreateMeeting(in: community) }
    }

    /// The check of changing event `id` (edit, cancel), taken again inside its write on the event as it is then.
    public func meetingChangeCheck(_ id: Int64) -> WriteCheck {
        writeCheck { guardian, db in
            let (meeting, community) = try CheckedRows.meeting(db, id: id)
            try guardian.ensureCanChange(meeting, in: community)
        }
    }
}

extension CheckedRows {
    /// An event with its community, or 404.
    static func meeting(_ db: Database, id: Int64) throws -> (meeting: Meeting, community: Community) {
        guard let meeting = try Meeting.fetchOne(db, cached: "SELECT * FROM meeting WHERE id = ?", [id]) else { throw AppError.notFound }
        return (meeting, try community(db, id: meeting.communityId))
    }
}
