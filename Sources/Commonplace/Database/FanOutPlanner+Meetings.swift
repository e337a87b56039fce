import Foundation
import GRDB

/// Who hears of a meeting event, decided at delivery on the rows as they are then: a member moved from the waitlist
/// (still going with a place), those going to a date it reminds of (the date still as it was when the reminder was
/// due), those who answered dates whose time or place changed or that were cancelled, and the asker of a question
/// marked answered (once per question, while it stays answered and they may read the record). Each recipient is asked the
/// Guardian now; their email may carry the meeting link only when they may see it.
extension FanOutPlanner {
    /// The answers read for a meeting event: by member, the dates they answered (in start order), whether any answer
    /// was going or maybe, and the dates where they hold a place (going, not waitlisted).
    private struct Answers {
        var dates: [Int64: [Int64]] = [:]
        var attending: Set<Int64> = []
        var placed: [Int64: Set<Int64>] = [:]
        var order: [Int64] = []

        mutating func add(_ userID: Int64, occurrenceID: Int64, response: MeetingRSVP.Response, waitlisted: Bool) {
            if dates[userID] == nil { order.append(userID) }
            dates[userID, default: []].append(occurrenceID)
            if response.isAttending { attending.insert(userID) }
            if response == .going && !waitlisted { placed[userID, default: []].insert(occurrenceID) }
        }
    }

    /// How much of a moderator's answer note a notification carries (the rest is on the date's page).
    static let answerNoteShown = 300

    func meetingPlan(community: Community) throws -> FanOutPlan {
        let ids = event.detail.occurrences ?? []
        guard !ids.isEmpty else { return FanOutPlan() }
        let dates = try AppDatabase.withMeetings(db, MeetingOccurrence.fetchAll(db, keys: ids)).sorted { $0.occurrence.startsAt < $1.occurrence.startsAt }
        guard let meeting = dates.first?.meeting else { return FanOutPlan() }
        let open = dates.filter { !$0.isCancelled && $0.occurrence.endsAt > now }
        let kind: NotificationKind
        var answers = Answers()
        var key = "event:\(event.id!)"
        var answerNote: String?
        switch event.kind {
        case .meetingPromoted:
            guard let date = open.first, let userID = event.subjectID else { return FanOutPlan() }
            kind = .meetingPromoted
            try read(&answers, dates: [date], condition: "r.response = 'going' AND NOT r.waitlisted AND r.user_id = \(userID)")
        case .meetingReminder:
            guard let date = open.first, let lead = event.detail.lead.flatMap(ReminderLead.init(rawValue:)),
                  date.occurrence.startsAt == event.detail.startsAt, now < date.occurrence.startsAt, !meeting.isCancelled
            else { return FanOutPlan() }
            kind = .meetingReminder
            key = "reminder:\(date.occurrence.id!):\(lead.rawValue):\(Int(date.occurrence.startsAt.timeIntervalSince1970))"
            // Who answered going after the reminder was due has just chosen the date: no reminder of it yet.
            let answeredBy = date.occurrence.startsAt.addingTimeInterval(-lead.seconds)
            try read(&answers, dates: [date], condition: "r.response = 'going' AND NOT r.waitlisted AND r.responded_at <= \(answeredBy)")
        case .meetingRescheduled:
            kind = .meetingChanged
            try read(&answers, dates: open, condition: "1")
        case .meetingCancelled:
            kind = .meetingCancelled
            try read(&answers, dates: dates.filter { $0.isCancelled && $0.occurrence.endsAt > now }, condition: "r.response <> 'not_going'")
        case .meetingQuestionAnswered:
            // Still answered, still shown: a question opened again, hidden or merged since tells no one.
            guard let questionID = event.detail.question, let userID = event.subjectID, let date = dates.first,
                  let question = try MeetingQuestion.fetchOne(db, key: questionID), question.answeredAt != nil,
                  question.hiddenAt == nil, question.mergedIntoId == nil, question.authorId == userID else { return FanOutPlan() }
            kind = .meetingQuestionAnswered
            key = "question-answered:\(questionID)"
            answerNote = String(question.answerNote.prefix(Self.answerNoteShown))
            answers.add(userID, occurrenceID: date.occurrence.id!, response: .notGoing, waitlisted: false)
        default:
            return FanOutPlan()
        }
        let candidates = answers.order.filter { $0 != event.actorID || kind == .meetingReminder }
        guard !candidates.isEmpty else { return FanOutPlan() }
        let guardians = try recipientGuardians(candidates, community: community)
        let disabled = try disabledKinds(candidates)
        let startOf = Dictionary(uniqueKeysWithValues: dates.map { ($0.occurrence.id!, $0.occurrence.startsAt) })
        var plan = FanOutPlan()
        for userID in candidates {
            guard let guardian = guardians[userID], !(disabled[userID]?.contains(kind) ?? false),
                  guardian.canSeeNotification(kind, community: community, discussion: nil, post: nil),
                  guardian.canSee(meeting, in: community) else { continue }
            // Reminders and places are for those who may still come.
            if kind == .meetingReminder || kind == .meetingPromoted, !guardian.canRSVP(to: meeting, in: community) { continue }
            // An answer is read where the record is: members of a members' event, still.
            if kind == .meetingQuestionAnswered, !guardian.canSeeRecord(of: meeting, in: community) { continue }
            let theirs = (answers.dates[userID] ?? []).sorted { (startOf[$0] ?? .distantFuture) < (startOf[$1] ?? .distantFuture) }
            guard let first = theirs.first else { continue }
            let reason = kind == .meetingCancelled ? dates.first(where: \.isCancelled)?.cancelReason.nonEmpty : answerNote?.nonEmpty
            let detail = EventDetail(reason: reason, lead: event.detail.lead)
            // An answered question is about what was said, not about coming: its email carries no link.
            let showsLink = kind != .meetingQuestionAnswered
                && guardian.canSeeLink(of: meeting, in: community, hasRSVP: answers.attending.contains(userID),
                                       hasPlace: answers.placed[userID]?.contains(first) ?? false)
            plan.deliveries.append(Delivery(
                userID: userID, kind: kind, dedupeKey: key, actorID: event.actorID, communityID: community.id!,
                detail: detail.encoded, count: theirs.count, occurrenceID: first, showsLink: showsLink))
        }
        return plan
    }

    /// The answers to `dates` meeting `condition` (an SQL condition on the answer `r`), in the order given.
    private func read(_ answers: inout Answers, dates: [MeetingDate], condition: SQL) throws {
        let ids = dates.map { $0.occurrence.id! }
        guard !ids.isEmpty else { return }
        let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
            SELECT r.user_id, r.occurrence_id, r.response, r.waitlisted FROM meeting_rsvp r
            WHERE r.occurrence_id IN \(ids) AND \(condition) ORDER BY r.responded_at, r.user_id
            """))
        for row in rows {
            answers.add(row[0], occurrenceID: row[1], response: MeetingRSVP.Response(rawValue: row[2]) ?? .maybe, waitlisted: row[3])
        }
    }
}
