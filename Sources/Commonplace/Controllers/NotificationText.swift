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
        let actor = group.actor?.displayName ?? "A former member"
        let title = group.discussion.map { "“\($0.title)”" } ?? "a discussion"
        let community = group.community.name
        if group.size > 1 {
            return "\(group.size) new posts in \(title)" + (group.mentions > 0 ? ", mentioning you" : "")
        }
        switch n.kind {
        case .mention: return "\(actor) mentioned you in \(title)"
        case .reply: return "\(actor) replied to your discussion \(title)"
        case .quote: return "\(actor) quoted your post in \(title)"
        case .watching: return "\(actor) posted in \(title)"
        case .newDiscussion: return "\(actor) started \(title) in \(community)"
        case .accepted: return "Your answer in \(title) was accepted"
        case .helpful:
            return n.count > 1 ? "\(n.count) people found your post in \(title) helpful" : "\(actor) found your post in \(title) helpful"
        case .helpRequest: return "\(actor) asked you to look at \(title)"
        case .joinDecided:
            return "Your request to join \(community) was \(detail.approved == true ? "approved" : "declined")"
        case .flagResolved:
            let outcome = detail.outcome.flatMap(Flag.Status.init(rawValue:))?.outcome ?? "A moderator reviewed it"
            return "Your flag on \(target(group, title: title)) was resolved. \(outcome)."
        case .postHeld: return "Your post in \(title) is waiting for a moderator's approval"
        case .postApproved: return "A moderator approved your post in \(title)"
        case .postDeclined: return "A moderator declined your post in \(title)"
        case .postHidden: return "A moderator hid your post in \(title)"
        case .modFlag:
            let what = n.postID == nil ? title : "a post in \(title)"
            return n.count > 1 ? "\(n.count) open flags on \(what)" : "\(actor) flagged \(what)"
        case .modQueue: return "A post by \(actor) in \(title) awaits approval"
        case .modJoin: return "\(actor) asked to join \(community)"
        }
    }

    /// "post #3 in “Title”", or the discussion's title for a flag on a whole discussion.
    private static func target(_ group: NotificationGroup, title: String) -> String {
        group.postNumber.map { "post #\($0) in \(title)" } ?? title
    }

    /// The moderator's words, for the kinds that carry them.
    static func note(_ kind: NotificationKind, detail: EventDetail) -> String? {
        switch kind {
        case .postDeclined, .postHidden, .joinDecided, .flagResolved:
            return detail.reason.flatMap { $0.nonEmpty }.map { "Reason: \($0)" }
        default:
            return nil
        }
    }

    /// Where the line leads: the first (unread) post for posts, otherwise the page that deals with it.
    static func url(_ group: NotificationGroup) -> String {
        let n = group.latest
        let community = group.community
        switch n.kind {
        case .joinDecided: return Paths.community(community)
        case .flagResolved: return Paths.myFlags
        case .modFlag: return Paths.modFlags(community)
        case .modQueue: return Paths.modQueue(community)
        case .modJoin: return Paths.joinRequests(community)
        default:
            guard let discussion = group.discussion else { return Paths.community(community) }
            let number = n.kind.isAboutNewPost ? group.firstPostNumber : group.postNumber
            return number.map { Paths.post(discussion, number: $0) } ?? Paths.discussion(discussion)
        }
    }
}
