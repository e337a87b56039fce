import Foundation

/// How the notifications page words each line and where it links (one place, so the list and any later email agree).
enum NotificationText {
    /// The entry for a group of the list.
    static func entry(_ group: NotificationGroup) -> NotificationEntry {
        let n = group.latest
        let detail = EventDetail.decode(n.detail)
        return NotificationEntry(
            text: sentence(group, detail: detail), url: url(group), unread: group.unread,
            note: note(n.kind, detail: detail), communityName: group.community.name,
            created: Moment(n.createdAt), createdISO: ISOTime(n.createdAt))
    }

    /// "Ada mentioned you in “Title”", "4 new posts in “Title”" …
    static func sentence(_ group: NotificationGroup, detail: EventDetail) -> String {
        let n = group.latest
        if group.size > 1 {
            let title = group.discussion.map { "“\($0.title)”" } ?? "a discussion"
            return "\(group.size) new posts in \(title)" + (group.mentions > 0 ? ", mentioning you" : "")
        }
        return sentence(n.kind, count: n.count, actor: group.actor?.displayName, discussion: group.discussion,
                        community: group.community, postNumber: group.postNumber, detail: detail, meeting: group.meeting)
    }

    /// The sentence of one notification of `kind` (the list's single line, and a notification email's first line).
    static func sentence(_ kind: NotificationKind, count: Int, actor actorName: String?, discussion: Discussion?,
                         community: Community, postNumber: Int?, detail: EventDetail, meeting: MeetingDate? = nil) -> String {
        let actor = actorName ?? "A former member"
        let title = discussion.map { "“\($0.title)”" } ?? "a discussion"
        let community = community.name
        switch kind {
        case .mention: return "\(actor) mentioned you in \(title)"
        case .reply: return "\(actor) replied to your discussion \(title)"
        case .quote: return "\(actor) quoted your post in \(title)"
        case .watching: return "\(actor) posted in \(title)"
        case .newDiscussion: return "\(actor) started \(title) in \(community)"
        case .accepted: return "Your answer in \(title) was accepted"
        case .helpful:
            return count > 1 ? "\(count) people found your post in \(title) helpful" : "\(actor) found your post in \(title) helpful"
        case .helpRequest: return "\(actor) asked you to look at \(title)"
        case .joinDecided:
            return "Your request to join \(community) was \(detail.approved == true ? "approved" : "declined")"
        case .flagResolved:
            let outcome = detail.outcome.flatMap(Flag.Status.init(rawValue:))?.outcome ?? "A moderator reviewed it"
            let target = postNumber.map { "post #\($0) in \(title)" } ?? title
            return "Your flag on \(target) was resolved. \(outcome)."
        case .postHeld: return "Your post in \(title) is waiting for a moderator's approval"
        case .postApproved: return "A moderator approved your post in \(title)"
        case .postDeclined: return "A moderator declined your post in \(title)"
        case .postHidden: return "A moderator hid your post in \(title)"
        case .modFlag:
            let what = postNumber == nil ? title : "a post in \(title)"
            return count > 1 ? "\(count) open flags on \(what)" : "\(actor) flagged \(what)"
        case .modQueue: return "A post by \(actor) in \(title) awaits approval"
        case .modJoin: return "\(actor) asked to join \(community)"
        case .meetingPromoted, .meetingReminder, .meetingChanged, .meetingCancelled, .meetingQuestionAnswered:
            return meetingSentence(kind, date: meeting, count: count, detail: detail)
        }
    }

    /// The moderator's words, for the kinds that carry them.
    static func note(_ kind: NotificationKind, detail: EventDetail) -> String? {
        switch kind {
        case .postDeclined, .postHidden, .joinDecided, .flagResolved, .meetingCancelled:
            return detail.reason.flatMap { $0.nonEmpty }.map { "Reason: \($0)" }
        case .meetingQuestionAnswered:
            return detail.reason.flatMap { $0.nonEmpty }.map { "Answer: \($0)" }
        default:
            return nil
        }
    }

    /// Where the line leads: the first (unread) post for posts, otherwise the page that deals with it.
    static func url(_ group: NotificationGroup) -> String {
        let n = group.latest
        let number = n.kind.isAboutNewPost ? group.firstPostNumber : group.postNumber
        return url(n.kind, community: group.community, discussion: group.discussion, postNumber: number, meeting: group.meeting)
    }

    /// Where a notification of `kind` leads: the post (numbered `postNumber`) or discussion, or the page that deals
    /// with it (the community, one's flags, the moderators' queues).
    static func url(_ kind: NotificationKind, community: Community, discussion: Discussion?, postNumber: Int?,
                    meeting: MeetingDate? = nil) -> String {
        if kind == .meetingQuestionAnswered, let meeting {
            return Paths.meetingQuestionsSection(meeting.meeting.id!, on: meeting.occurrence.localDate)
        }
        if kind.isAboutMeeting {
            return meeting.map { Paths.meeting($0.meeting.id!, on: $0.occurrence.localDate) } ?? Paths.communityEvents(community)
        }
        switch kind {
        case .joinDecided: return Paths.join(community)  // the decision, and the way in, even when it is members-only
        case .flagResolved: return Paths.myFlags
        case .modFlag: return Paths.modFlags(community)
        case .modQueue: return Paths.modQueue(community)
        case .modJoin: return Paths.joinRequests(community)
        default:
            guard let discussion else { return Paths.community(community) }
            return postNumber.map { Paths.post(discussion, number: $0) } ?? Paths.discussion(discussion)
        }
    }
}
