/// `discussions/new`: start a discussion in a board.
struct NewDiscussionPage: Sendable {
    let community: CommunityHeader
    let boardName: String
    let boardURL: String
    let action: String
    var kinds: [Option]
    let communitySlug: String
    var title = ""
    var body = ""
    var context = ""
    var whatHappened = ""
    var whatWeLearned = ""
    var recommendation = ""
    var errors = DiscussionErrors()
    var hasErrors = false
    /// Discussions that may already answer this (after "check for similar discussions").
    var similar: [SearchResultEntry] = []
    var checked = false
    let maxTitle = Limits.maxTitleCharacters
    let maxBody = Limits.maxPostCharacters
    let searchURL = Paths.search
}

struct DiscussionErrors: Sendable {
    var kind: String?
    var title: String?
    var body: String?
    var lesson: String?
}

/// `discussions/show`: a discussion's page of posts.
struct DiscussionPage: Sendable {
    let id: Int64
    let title: String
    let kind: String
    let isQuestion: Bool
    let isLesson: Bool
    let isAnswered: Bool
    let community: CommunityHeader
    let boardName: String
    let boardURL: String
    let locked: Bool
    let lockReason: String?
    let pinned: Bool
    let views: Int
    let repliesLabel: String
    let lesson: [LessonSection]
    let opening: PostEntry?
    let accepted: PostEntry?
    var posts: [PostEntry]
    let pagination: Pagination?
    let canReply: Bool
    let replyAction: String
    let replyDraft: String
    let replyError: String?
    let cannotReplyReason: String?
    let signInURL: String?
    let joinURL: String?
    let canModerate: Bool
    let lockAction: String
    let pinAction: String
    let acceptAction: String
    /// The discussion waits for approval, or a moderator hid it (only its author and moderators see it).
    let isHeld: Bool
    let isHidden: Bool
    let hiddenReason: String?
    let canFlag: Bool
    let flagURL: String
    let canRestructure: Bool
    let moveURL: String
    let mergeURL: String
    let splitURL: String
    let hideURL: String
    let restoreURL: String
    let dashboardURL: String
    /// "People who could help" (listed questions only).
    let helpers: HelpersBox?
    let maxBody = Limits.maxPostCharacters
    /// The Notifications control (signed-in visitors who may watch it).
    var watch: WatchControl? = nil
    /// "3 new since your last visit", linking to the marker above the first of them (members who read it before).
    var newSinceLastVisit: String? = nil
    let skipToReply = "#reply"
}

/// One of a lesson's four sections.
struct LessonSection: Sendable {
    let heading: String
    let html: String
}

/// A post as the discussion page shows it, with what this visitor may do to it.
struct PostEntry: Sendable {
    let id: Int64
    let number: Int
    let anchor: String
    let permalink: PostPermalink
    let authorName: String
    let authorHandle: String?
    let authorURL: String?
    let created: Moment
    let createdISO: ISOTime
    let edited: Bool
    let historyURL: PostAction
    /// The rendered Markdown; nil when this visitor may not see the text.
    let html: String?
    let placeholder: String?
    let hiddenReason: String?
    /// Hidden by the flag threshold, not by a moderator.
    let hiddenAutomatically: Bool
    let isHidden: Bool
    let isDeleted: Bool
    let isAccepted: Bool
    let canEdit: Bool
    let editURL: PostAction
    let canDelete: Bool
    let deleteURL: PostAction
    let canHide: Bool
    let hideURL: PostAction
    let canRestore: Bool
    let restoreURL: PostAction
    let canQuote: Bool
    let quoteURL: QuoteLink
    let canAccept: Bool
    let canUnaccept: Bool
    /// Waiting in the approval queue (only its author and moderators get this entry at all).
    let isHeld: Bool
    let canApprove: Bool
    let approveURL: String
    let canFlag: Bool
    let flagURL: PostAction
    /// The helpful count and button (visible posts only).
    let helpful: HelpfulControl?
    /// For its author only: the members it mentioned who cannot see the discussion ("@x cannot see this discussion …").
    var unreachableMentions: String? = nil
    /// The first post the member had not seen on their last visit: the "new since your last visit" marker goes above it.
    var firstNew = false
}

/// `posts/edit`: edit a post (and, for the opening post of one's own discussion, its title and lesson sections).
struct EditPostPage: Sendable {
    let discussionTitle: String
    let discussionURL: String
    let action: String
    let number: Int
    let editsTitle: Bool
    let editsLesson: Bool
    var title: String
    var body: String
    var context: String
    var whatHappened: String
    var whatWeLearned: String
    var recommendation: String
    var errors = DiscussionErrors()
    var hasErrors = false
    let maxTitle = Limits.maxTitleCharacters
    let maxBody = Limits.maxPostCharacters
}

/// `posts/history`: every edit of a post, oldest first.
struct HistoryPage: Sendable {
    let discussionTitle: String
    let postURL: String
    let number: Int
    let authorName: String
    let created: String
    let revisions: [RevisionEntry]
}

struct RevisionEntry: Sendable {
    let number: Int
    let editorName: String
    let when: String
    let titleChange: TitleChange?
    let lines: [DiffLine]
}

struct TitleChange: Sendable {
    let before: String
    let after: String
}

/// A line of a revision's difference: kept, removed or added.
struct DiffLine: Sendable {
    let text: String
    let added: Bool
    let removed: Bool
    let marker: String
}

/// `discussions/choose-board`: where to start a discussion, when the member may start one on several boards.
struct ChooseBoardPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let kind: String
    let boards: [BoardChoice]
}

/// A board to choose, as a radio button.
struct BoardChoice: Sendable {
    let slug: String
    let name: String
    let description: String?
    let fieldID: String
    let checked: Bool
}
