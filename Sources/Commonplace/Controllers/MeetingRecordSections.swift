import Foundation

/// Builds the record and the questions of one date for one viewer: what `partials/meeting-record` and
/// `partials/meeting-qa` show, on the record page and on the event page. Every flag comes from the Guardian.
struct MeetingRecordSections {
    let services: AppServices
    let context: AppRequestContext

    /// The sections of `date`, or nil when this viewer may not see its record. `onRecordPage` leaves out the link
    /// to the record page (the page it is on); `newestFirst` lists the open questions newest first (the questions
    /// page's other order) instead of in the moderators' order, then by votes.
    func build(_ date: MeetingDate, in community: Community, onRecordPage: Bool = false, onQuestionsPage: Bool = false,
               newestFirst: Bool = false) async throws
        -> (record: MeetingRecordSection, questions: MeetingQASection?)? {
        let guardian = context.guardian
        guard guardian.canSeeRecord(of: date.meeting, in: community) else { return nil }
        let database = services.database
        let occurrenceID = date.occurrence.id!
        let takesQuestions = try await database.takesQuestions(date.meeting)
        var rows = try await database.meetingQuestions(occurrenceID: occurrenceID, viewerID: context.user?.id)
        if newestFirst {
            rows.sort { ($0.question.createdAt, $0.question.id!) > ($1.question.createdAt, $1.question.id!) }
        }
        let record = try await database.meetingRecord(occurrenceID: occurrenceID)
        let entries = QuestionEntries(guardian: guardian, date: date, community: community, takesQuestions: takesQuestions, rows: rows,
                                      movable: !newestFirst)
        let canEdit = guardian.canEditRecord(of: date.meeting, in: community)
        let (meetingID, day) = (date.meeting.id!, date.occurrence.localDate)

        let discussion = try await discussionLink(record.discussionId)
        let section = MeetingRecordSection(
            notesHtml: record.notesHtml.nonEmpty, decisionsHtml: record.decisionsHtml.nonEmpty,
            recordingURL: record.recordingUrl.nonEmpty,
            actionItems: record.actionItems.map { item, owner in
                MeetingActionItemEntry(text: item.text, ownerName: owner?.displayName, ownerURL: owner.map { Paths.user($0.handle) },
                                       isDone: item.doneAt != nil,
                                       changeAction: canEdit ? Paths.meetingActionItem(meetingID, item: item.id!, on: day) : nil)
            },
            resources: record.resources.filter { guardian.canSee($0, in: community) }.map { resource in
                MeetingResourceEntry(title: resource.title, url: Paths.resource(resource.id!), type: resource.type.label,
                                     detachAction: canEdit ? Paths.meetingResources(meetingID, on: day) : nil,
                                     resourceId: String(resource.id!))
            },
            answered: entries.answered, discussion: discussion,
            startDiscussion: discussion == nil ? try await startDiscussion(date, in: community) : nil,
            editURL: canEdit && !onRecordPage ? Paths.meetingRecord(meetingID, on: day) : nil,
            updated: record.updatedAt.map(Formatting.day),
            isEmpty: record.isEmpty && entries.answered.isEmpty)
        let shown = entries.open.count + entries.answered.count + entries.hidden.count
        let questions = takesQuestions || !rows.isEmpty
            ? MeetingQASection(
                askAction: guardian.canAskQuestion(on: date, takesQuestions: takesQuestions, in: community)
                    ? Paths.meetingQuestions(meetingID, on: day) : nil,
                allowsAnonymous: date.meeting.allowsAnonymousQuestions, closedNote: closedNote(date, takesQuestions, community),
                open: entries.open, hidden: entries.hidden, isModerator: entries.moderates,
                pageLink: onQuestionsPage || shown == 0 ? nil : QuestionOrderLink(
                    label: "All \(shown) question\(shown == 1 ? "" : "s") on their own page",
                    url: Paths.meetingQuestionsPage(meetingID, on: day), isCurrent: false))
            : nil
        return (section, questions)
    }

    /// Why this viewer cannot ask a question now, when questions are taken but not from them.
    private func closedNote(_ date: MeetingDate, _ takesQuestions: Bool, _ community: Community) -> String? {
        let guardian = context.guardian
        guard takesQuestions, !guardian.canAskQuestion(on: date, takesQuestions: true, in: community) else { return nil }
        if date.isCancelled || date.meeting.isCancelled { return "This date was cancelled: it takes no questions." }
        if date.occurrence.endsAt <= services.now { return "This session is over: questions are closed." }
        if community.status != .active { return "\(community.name) is inactive: its meetings take no questions." }
        if !guardian.isSignedIn { return "Sign in as a member of \(community.name) to ask questions and vote." }
        return "Members of \(community.name) can ask questions and vote."
    }

    /// The date's discussion, when the viewer may see it.
    private func discussionLink(_ id: Int64?) async throws -> MeetingDiscussionLink? {
        guard let id, let found = try await services.database.discussionContext(id: id),
              context.guardian.canSee(found.community), context.guardian.canSee(found.discussion, in: found.community)
        else { return nil }
        return MeetingDiscussionLink(title: found.discussion.title, url: Paths.discussion(found.discussion))
    }

    /// The button starting the date's discussion: for those who may start one on an open board of the community.
    private func startDiscussion(_ date: MeetingDate, in community: Community) async throws -> MeetingStartDiscussion? {
        let guardian = context.guardian
        guard guardian.canParticipate(in: community) else { return nil }
        let boards = try await services.database.boards(communityID: community.id!).map(\.board)
            .filter { guardian.canStartDiscussion(in: $0, of: community, kind: .conversation) }
        guard !boards.isEmpty else { return nil }
        return MeetingStartDiscussion(action: Paths.meetingRecordDiscussion(date.meeting.id!, on: date.occurrence.localDate),
                                      boards: boards.map { Option(value: $0.slug, label: $0.name, selected: false) })
    }
}

/// The questions of a date as entries for one viewer: open ones in order, answered ones, hidden ones (moderators).
struct QuestionEntries {
    var open: [MeetingQuestionEntry] = []
    var answered: [MeetingQuestionEntry] = []
    var hidden: [MeetingQuestionEntry] = []
    let moderates: Bool

    /// `movable`: the list is in the moderators' order, so their "move up / down" applies to it.
    init(guardian: Guardian, date: MeetingDate, community: Community, takesQuestions: Bool, rows: [MeetingQuestionRow],
         movable: Bool = true) {
        moderates = guardian.canModerateQuestions(of: date.meeting, in: community)
        let openRows = rows.filter { $0.question.isOpen }
        let targets = rows.filter { $0.question.hiddenAt == nil }
        let meetingID = date.meeting.id!
        for row in rows {
            let q = row.question
            if q.hiddenAt != nil && !moderates { continue }
            let named = guardian.canSeeAuthor(of: q, in: community)
            let index = openRows.firstIndex { $0.question.id == q.id }
            let tools = moderates ? MeetingQuestionTools(
                answerAction: Paths.meetingQuestionAnswer(meetingID, question: q.id!), isAnswered: q.answeredAt != nil,
                answerNote: q.answerNote, hideAction: Paths.meetingQuestionHide(meetingID, question: q.id!), isHidden: q.hiddenAt != nil,
                mergeAction: targets.contains { $0.question.id != q.id } ? Paths.meetingQuestionMerge(meetingID, question: q.id!) : nil,
                mergeTargets: targets.filter { $0.question.id != q.id }.map {
                    Option(value: String($0.question.id!), label: Self.shortened($0.question.body), selected: false)
                },
                moveAction: movable && index != nil && openRows.count > 1 ? Paths.meetingQuestionMove(meetingID, question: q.id!) : nil,
                canMoveUp: (index ?? 0) > 0, canMoveDown: index.map { $0 < openRows.count - 1 } ?? false) : nil
            let entry = MeetingQuestionEntry(
                anchor: "q\(q.id!)", body: q.body,
                authorName: named ? (row.author?.displayName ?? "A former member") : "A member",
                authorURL: named ? row.author.map { Paths.user($0.handle) } : nil,
                askedAnonymously: q.isAnonymous && named,
                votesLabel: row.votes == 1 ? "1 vote" : "\(row.votes) votes",
                voteAction: guardian.canVote(for: q, on: date, takesQuestions: takesQuestions, in: community)
                    ? Paths.meetingQuestionVote(meetingID, question: q.id!) : nil,
                viewerVoted: row.viewerVoted, answerNote: q.answeredAt != nil ? q.answerNote.nonEmpty : nil,
                mergedLabel: row.mergedCount == 0 ? nil : row.mergedCount == 1 ? "1 similar question merged in" : "\(row.mergedCount) similar questions merged in",
                tools: tools)
            if q.hiddenAt != nil { hidden.append(entry) } else if q.answeredAt != nil { answered.append(entry) } else { open.append(entry) }
        }
    }

    /// A question's first 80 characters, for the merge menu.
    static func shortened(_ body: String) -> String {
        body.count <= 80 ? body : String(body.prefix(79)) + "…"
    }
}
