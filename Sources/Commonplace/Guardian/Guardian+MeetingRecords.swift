import GRDB

/// The record of a meeting and its guest-speaker Q&A: who reads them, who asks and votes, who moderates questions,
/// who keeps the record.
extension Guardian {
    /// The record (notes, decisions, action items, attachments, answered questions) and the questions of a date: for a
    /// public event, whoever sees the event; for a members' event, the community's members and moderators (what was
    /// said in a members' meeting stays with them, as its link does). Search uses the SQL twin, `visibleRecordSQL`.
    public func canSeeRecord(of meeting: Meeting, in community: Community) -> Bool {
        guard canSee(meeting, in: community) else { return false }
        return meeting.audience == .public || isMember(of: community) || isModerator(of: community)
    }

    /// The SQL twin of `canSeeRecord(of:in:)`, on a query that joins the event as `m` and its community as `community`
    /// (`isRecord` names the SQL boolean saying the row is a record rather than the event itself).
    func visibleRecordSQL(isRecord: SQL) -> SQL {
        if isAdmin { return "1" }
        let mine = Array(memberships.keys)
        let moderated = moderatedIDs
        return """
            (\(visibleCommunitySQL(table: "community")) AND (NOT \(isRecord) OR m.audience = 'public' \
            OR community.id IN \(mine.isEmpty ? [-1] : mine) OR community.parent_id IN \(moderated.isEmpty ? [-1] : moderated)))
            """
    }

    /// Members submit questions before a date of an event that takes them (a Q&A, or one whose moderators turned
    /// questions on), in an active community where they may post, unless the date or event was cancelled.
    public func canAskQuestion(on date: MeetingDate, takesQuestions: Bool, in community: Community) -> Bool {
        takesQuestions && canSeeRecord(of: date.meeting, in: community) && canParticipate(in: community)
            && !date.isCancelled && !date.meeting.isCancelled && date.occurrence.endsAt > now
    }

    /// One upvote per member on someone else's open question, while questions may be asked.
    public func canVote(for question: MeetingQuestion, on date: MeetingDate, takesQuestions: Bool, in community: Community) -> Bool {
        canAskQuestion(on: date, takesQuestions: takesQuestions, in: community) && !isSelf(question.authorId)
            && question.isOpen
    }

    /// Merging, ordering, hiding and answering questions, during or after the session: the community's moderators and
    /// the event's author (while a member who may post), in an active community.
    public func canModerateQuestions(of meeting: Meeting, in community: Community) -> Bool {
        canEditRecord(of: meeting, in: community)
    }

    /// Who asked: shown to all for a signed question; an anonymous one shows as "a member" to everyone but the
    /// community's moderators and its author.
    public func canSeeAuthor(of question: MeetingQuestion, in community: Community) -> Bool {
        !question.isAnonymous || isModerator(of: community) || isSelf(question.authorId)
    }

    /// Keeping the record of a date (notes, decisions, action items, recording, attachments) and turning questions on:
    /// the community's moderators and the event's author, in an active community.
    public func canEditRecord(of meeting: Meeting, in community: Community) -> Bool {
        guard canAct, community.status == .active, meeting.communityId == community.id else { return false }
        return isModerator(of: community) || (isSelf(meeting.authorId) && canParticipate(in: community))
    }
}

extension MeetingQuestion {
    /// Not merged into another, not hidden, not yet answered: still collecting votes.
    public var isOpen: Bool { mergedIntoId == nil && hiddenAt == nil && answeredAt == nil }
}

// MARK: - Decisions

extension Guardian {
    /// Submitting a question (403 with the reason; 404 when the record is not the actor's to see; 409 for a date
    /// cancelled or over).
    public func ensureCanAskQuestion(on date: MeetingDate, takesQuestions: Bool, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSeeRecord(of: date.meeting, in: community) && !community.isMerged)
        try ensureActive(community)
        try ensure(takesQuestions, "This event does not take questions.")
        if date.meeting.isCancelled || date.isCancelled { throw AppError.conflict("This date was cancelled: it takes no questions.") }
        if date.occurrence.endsAt <= now { throw AppError.conflict("This session is over: it takes no more questions.") }
        try ensureNotSilenced(in: community)
        try ensure(canAskQuestion(on: date, takesQuestions: takesQuestions, in: community),
                   "Only members of \(community.name) can ask questions. Join the community first.")
    }

    /// Voting for a question, or taking the vote back: as asking, and not one's own, and the question still open.
    public func ensureCanVote(for question: MeetingQuestion, on date: MeetingDate, takesQuestions: Bool, in community: Community) throws {
        try ensureCanAskQuestion(on: date, takesQuestions: takesQuestions, in: community)
        try ensure(!isSelf(question.authorId), "You cannot vote for your own question.")
        if !question.isOpen { throw AppError.conflict("This question is closed (answered, merged or hidden): it takes no votes.") }
    }

    /// Keeping the record or moderating the questions of a date.
    public func ensureCanEditRecord(of meeting: Meeting, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSeeRecord(of: meeting, in: community) && !community.isMerged)
        try ensure(community.status == .active, "\(community.name) is inactive: its meetings' records are kept for reading only.")
        try ensure(canEditRecord(of: meeting, in: community), "Only moderators of \(community.name) and the event's organiser keep its record.")
    }

    /// The check of a write on date `localDate` of event `meetingID`, taken again inside it: `decision` is asked of the
    /// date, its event and community as they are then (404 when the date is gone).
    func meetingDateCheck(meetingID: Int64, localDate: String,
                          _ decision: @escaping @Sendable (Guardian, MeetingDate, Bool, Community) throws -> Void) -> WriteCheck {
        writeCheck { guardian, db in
            let (date, takesQuestions, community) = try CheckedRows.meetingDate(db, meetingID: meetingID, localDate: localDate)
            try decision(guardian, date, takesQuestions, community)
        }
    }

    /// The check of keeping the record of a date.
    public func recordCheck(meetingID: Int64, localDate: String) -> WriteCheck {
        meetingDateCheck(meetingID: meetingID, localDate: localDate) { guardian, date, _, community in
            try guardian.ensureCanEditRecord(of: date.meeting, in: community)
        }
    }
}

extension CheckedRows {
    /// A date of an event with the event, whether it takes questions, and its community, or 404.
    static func meetingDate(_ db: Database, meetingID: Int64, localDate: String) throws -> (MeetingDate, Bool, Community) {
        let (meeting, community) = try meeting(db, id: meetingID)
        guard let occurrence = try MeetingOccurrence.fetchOne(
            db, cached: "SELECT * FROM meeting_occurrence WHERE meeting_id = ? AND local_date = ?", [meetingID, localDate])
        else { throw AppError.notFound }
        return (MeetingDate(meeting: meeting, occurrence: occurrence), try AppDatabase.takesQuestions(db, meeting), community)
    }

    /// A question, or 404.
    static func meetingQuestion(_ db: Database, id: Int64) throws -> MeetingQuestion {
        guard let question = try MeetingQuestion.fetchOne(db, cached: "SELECT * FROM meeting_question WHERE id = ?", [id]) else {
            throw AppError.notFound
        }
        return question
    }
}
