import Foundation
import GRDB

/// What a notification tells its recipient. The raw values are stored (`notification.kind`,
/// `notification_preference.kind`) and used as the settings form's field names: never rename one.
public enum NotificationKind: String, Codable, Sendable, CaseIterable {
    case mention, reply, quote, watching
    case newDiscussion = "new_discussion"
    case accepted, helpful
    case helpRequest = "help_request"
    case joinDecided = "join_decided"
    case flagResolved = "flag_resolved"
    case postHeld = "post_held", postApproved = "post_approved", postDeclined = "post_declined", postHidden = "post_hidden"
    // For the moderators of a community.
    case modFlag = "mod_flag", modQueue = "mod_queue", modJoin = "mod_join"
    // About a date of an event the member answered.
    case meetingPromoted = "meeting_promoted", meetingReminder = "meeting_reminder"
    case meetingChanged = "meeting_changed", meetingCancelled = "meeting_cancelled"
    /// The member's question to a date's Q&A was marked answered.
    case meetingQuestionAnswered = "meeting_question_answered"

    /// Sent to a community's moderators about their community (shown only to them, and only while they moderate it).
    public var isForModerators: Bool { self == .modFlag || self == .modQueue || self == .modJoin }

    /// The kinds about a date of an event (the notification names it in `occurrence_id`).
    public var isAboutMeeting: Bool {
        self == .meetingPromoted || self == .meetingReminder || self == .meetingChanged || self == .meetingCancelled
            || self == .meetingQuestionAnswered
    }

    /// The kinds about a new post in a discussion (one notification per recipient per post, the most specific kind).
    public var isAboutNewPost: Bool { Self.newPostKinds.contains(self) }

    /// Most specific first: a member mentioned in a reply to their own discussion they watch hears of the mention.
    static let newPostKinds: [NotificationKind] = [.mention, .reply, .quote, .newDiscussion, .watching]

    /// What the settings page calls it.
    public var label: String {
        switch self {
        case .mention: "Someone mentions you (@handle)"
        case .reply: "Someone replies in a discussion you started"
        case .quote: "Someone quotes your post"
        case .watching: "A new post in a discussion, board or community you watch"
        case .newDiscussion: "A new discussion where you watch new discussions"
        case .accepted: "Your answer is accepted"
        case .helpful: "Members find your post helpful"
        case .helpRequest: "Someone asks you to look at a question"
        case .joinDecided: "Your request to join a community is decided"
        case .flagResolved: "A flag you raised is resolved"
        case .postHeld: "Your post waits for a moderator's approval"
        case .postApproved: "Your post is approved"
        case .postDeclined: "Your post is declined"
        case .postHidden: "A moderator hides your post"
        case .modFlag: "A post or discussion is flagged"
        case .modQueue: "A post awaits approval"
        case .modJoin: "Someone asks to join"
        case .meetingPromoted: "You move from an event's waitlist to going"
        case .meetingReminder: "A reminder a day and an hour before an event you are going to"
        case .meetingChanged: "The time or place of an event you answered changes"
        case .meetingCancelled: "An event you are going to is cancelled"
        case .meetingQuestionAnswered: "A question you asked for an event's Q&A is answered"
        }
    }
}

/// What happened, as the application records it (`event.kind`) for the fan-out worker.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    /// A post anyone may see now: a reply, or the opening post of a discussion.
    case postCreated = "post_created"
    /// A new post waiting in the approval queue (its author and the moderators hear of it, no one else yet).
    case postHeld = "post_held"
    /// A post's body was edited (the newly mentioned hear of it).
    case postEdited = "post_edited"
    /// A held post was approved: its author hears of it, and it is fanned out as a new post.
    case postApproved = "post_approved"
    case postDeclined = "post_declined"
    case postHidden = "post_hidden"
    case answerAccepted = "answer_accepted"
    case helpfulMarked = "helpful_marked"
    case helpRequested = "help_requested"
    case joinRequested = "join_requested"
    case joinDecided = "join_decided"
    case flagRaised = "flag_raised"
    case flagResolved = "flag_resolved"
    /// Members moved from a date's waitlist to going (`subjectID`; the date in `detail.occurrences`).
    case meetingPromoted = "meeting_promoted"
    /// A reminder of a date (`detail.occurrences`, `detail.lead`, `detail.startsAt`) for those going, recorded when due.
    case meetingReminder = "meeting_reminder"
    /// Dates of an event whose time or place changed, or that were cancelled (`detail.occurrences`).
    case meetingRescheduled = "meeting_rescheduled"
    case meetingCancelled = "meeting_cancelled"
    /// A question was marked answered (`subjectID` its asker, `detail.question`, the date in `detail.occurrences`).
    case meetingQuestionAnswered = "meeting_question_answered"
}

/// What an event carries besides its ids, stored as JSON in `event.detail` (fields absent when unused).
public struct EventDetail: Codable, Sendable, Equatable {
    /// Handles a post mentions (lowercased, in order), when the writer rendered it.
    public var mentions: [String]?
    /// A moderator's reason (hiding, declining), a join decision's reason, or a flag resolution's note.
    public var reason: String?
    /// A join request approved (true) or declined; a flag resolution's outcome.
    public var approved: Bool?
    public var outcome: String?
    /// The members whose flags a resolution closed.
    public var flaggers: [Int64]?
    /// The event dates (occurrence ids) a meeting event is about.
    public var occurrences: [Int64]?
    /// A reminder's lead (`day`, `hour`) and the start it reminds of (a date moved since is reminded of anew).
    public var lead: String?
    public var startsAt: Date?
    /// The question a Q&A event is about.
    public var question: Int64?

    public init(mentions: [String]? = nil, reason: String? = nil, approved: Bool? = nil, outcome: String? = nil,
                flaggers: [Int64]? = nil, occurrences: [Int64]? = nil, lead: String? = nil, startsAt: Date? = nil,
                question: Int64? = nil) {
        self.mentions = mentions
        self.reason = reason
        self.approved = approved
        self.outcome = outcome
        self.flaggers = flaggers
        self.occurrences = occurrences
        self.lead = lead
        self.startsAt = startsAt
        self.question = question
    }

    /// The stored text ("" for an empty detail, so the busiest events encode nothing).
    var encoded: String {
        if self == EventDetail() { return "" }
        return (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? ""
    }

    static func decode(_ text: String) -> EventDetail {
        guard !text.isEmpty, let detail = try? JSONDecoder().decode(EventDetail.self, from: Data(text.utf8)) else { return EventDetail() }
        return detail
    }
}

/// One recorded fact, pending until the fan-out worker has written its notifications.
public struct Event: Sendable, Equatable {
    public var id: Int64?
    public var kind: EventKind
    public var actorID: Int64?
    public var communityID: Int64?
    public var boardID: Int64?
    public var discussionID: Int64?
    public var postID: Int64?
    /// The member the event is about, when it is not the actor (the helper asked, the applicant, the answer's author).
    public var subjectID: Int64?
    public var detail: EventDetail
    public var createdAt: Date
    public var fannedOutAt: Date?

    public init(kind: EventKind, actorID: Int64?, communityID: Int64?, boardID: Int64? = nil, discussionID: Int64? = nil,
                postID: Int64? = nil, subjectID: Int64? = nil, detail: EventDetail = EventDetail(), createdAt: Date) {
        self.kind = kind
        self.actorID = actorID
        self.communityID = communityID
        self.boardID = boardID
        self.discussionID = discussionID
        self.postID = postID
        self.subjectID = subjectID
        self.detail = detail
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        id = row["id"]
        kind = EventKind(rawValue: row["kind"]) ?? .postEdited
        actorID = row["actor_id"]
        communityID = row["community_id"]
        boardID = row["board_id"]
        discussionID = row["discussion_id"]
        postID = row["post_id"]
        subjectID = row["subject_id"]
        detail = EventDetail.decode(row["detail"])
        createdAt = try row.storedDate("created_at")
        fannedOutAt = try row.storedDateIfPresent("fanned_out_at")
    }
}

/// A notification as stored: one per recipient and `dedupeKey`.
public struct NotificationRecord: Sendable, Equatable {
    public var id: Int64?
    public var userID: Int64
    public var kind: NotificationKind
    public var dedupeKey: String
    public var eventID: Int64?
    public var actorID: Int64?
    public var communityID: Int64
    public var discussionID: Int64?
    public var postID: Int64?
    /// The event date it is about (meeting kinds).
    public var occurrenceID: Int64? = nil
    public var detail: String
    /// How many occurrences it stands for (members who found a post helpful, flags on one target).
    public var count: Int
    public var createdAt: Date
    public var readAt: Date?

    init(row: Row) throws {
        id = row["id"]
        userID = row["user_id"]
        kind = NotificationKind(rawValue: row["kind"]) ?? .watching
        dedupeKey = row["dedupe_key"]
        eventID = row["event_id"]
        actorID = row["actor_id"]
        communityID = row["community_id"]
        discussionID = row["discussion_id"]
        postID = row["post_id"]
        occurrenceID = row["occurrence_id"]
        detail = row["detail"]
        count = row["count"]
        createdAt = try row.storedDate("created_at")
        readAt = try row.storedDateIfPresent("read_at")
    }
}

/// The limits of the notifications (named so seeds, tests and the settings page share them).
public struct NotificationLimits: Sendable {
    /// At most this many members mentioned in one post are notified (the first ones, in order of mention).
    public var mentionsPerPost = 10
    /// A member with fewer than `newMemberPosts` approved posts notifies at most this many mentions per post.
    public var newMemberMentionsPerPost = 3
    public var newMemberPosts = 5
    /// Rows written per transaction by the fan-out, so it never holds the writer for long.
    public var batchSize = 500

    public init() {}

    /// The mentions a post by an author with `approvedPosts` approved posts may notify.
    public func mentionCap(approvedPosts: Int) -> Int {
        approvedPosts < newMemberPosts ? min(newMemberMentionsPerPost, mentionsPerPost) : mentionsPerPost
    }
}
