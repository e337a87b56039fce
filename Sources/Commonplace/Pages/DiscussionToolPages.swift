/// The discussion a moderator's tool works on, as the tool pages show it.
struct ToolSubject: Sendable {
    let title: String
    let url: String
    let community: CommunityHeader
    /// "Privacy › Questions".
    let place: String
}

/// `discussions/move`: choose the board (of this or another community one moderates) a discussion moves to.
struct MoveDiscussionPage: Sendable {
    let subject: ToolSubject
    let action: String
    let groups: [BoardGroup]
    let hasTargets: Bool
    var error: String?
    var hasErrors = false
}

/// A community's open boards, one `<optgroup>` of the move form.
struct BoardGroup: Sendable {
    let label: String
    let boards: [Option]
}

/// `discussions/merge`: name the discussion to merge into, then review and confirm.
struct MergeDiscussionPage: Sendable {
    let subject: ToolSubject
    let action: String
    /// "4 posts" (set on the review step).
    var postsLabel = ""
    var into = ""
    var error: String?
    var hasErrors = false
    /// Set on the review step: the discussion it would be merged into.
    var review: MergeReview?
}

/// The target of a merge, shown before the moderator confirms.
struct MergeReview: Sendable {
    let id: String
    let title: String
    let url: String
    let place: String
    let postsLabel: String
    let total: Int
}

/// `discussions/split`: choose replies to move into a new discussion, its title, kind and board.
struct SplitDiscussionPage: Sendable {
    let subject: ToolSubject
    let action: String
    var posts: [SplitPostEntry]
    var kinds: [Option]
    var boards: [Option]
    var title = ""
    var errors = SplitErrors()
    var hasErrors = false
    let maxTitle = Limits.maxTitleCharacters
}

/// A reply as the split form lists it, with its checkbox.
struct SplitPostEntry: Sendable {
    let id: Int64
    let fieldID: String
    let number: Int
    let authorName: String
    let created: String
    let createdISO: String
    let excerpt: String
    /// "Hidden", "Awaiting approval" or "Deleted"; nil for a visible post.
    let status: String?
    let checked: Bool
}

struct SplitErrors: Sendable {
    var posts: String?
    var title: String?
    var kind: String?
    var board: String?
}
