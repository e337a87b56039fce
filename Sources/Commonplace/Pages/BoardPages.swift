/// `boards/show`: a board's discussions, pinned first, with filters and pages.
struct BoardPage: Sendable {
    let community: CommunityHeader
    let name: String
    let description: String?
    let isArchived: Bool
    let discussions: [DiscussionListEntry]
    let filters: [FilterLink]
    let canStart: Bool
    let newURL: String
    let emptyMessage: String
    let pagination: Pagination?
    let signInURL: String?
    let joinURL: String?
    /// The Notifications control (signed-in visitors who may watch it).
    var watch: WatchControl? = nil
    /// "Mark all read" for the community, coming back to this board (signed-in members who can see it).
    var markReadAction: String? = nil
    var markReadBoard = ""
}

/// A discussion as a list shows it.
struct DiscussionListEntry: Sendable {
    let title: String
    let url: String
    let kind: String
    let isQuestion: Bool
    let isAnswered: Bool
    let pinned: Bool
    let locked: Bool
    let replies: Int
    let repliesLabel: String
    let views: Int
    let authorName: String
    let started: Day
    let lastPosterName: String
    let lastActivity: Day
    let lastActivityISO: ISOTime
    /// Only its author and moderators get held or hidden discussions in the list at all.
    let isHeld: Bool
    let isHidden: Bool
    /// "3 new" for a signed-in member, linking to the first post they have not seen.
    var unread: UnreadBadge? = nil
}

/// "3 new", linking to the first unread post.
struct UnreadBadge: Sendable {
    let label: String
    let url: String
}

/// Previous/next links and "page N of M".
struct Pagination: Sendable {
    let current: Int
    let total: Int
    let previousURL: String?
    let nextURL: String?

    /// nil when everything fits on one page.
    static func make(current: Int, total: Int, url: (Int) -> String) -> Pagination? {
        guard total > 1 else { return nil }
        return Pagination(current: current, total: total,
                          previousURL: current > 1 ? url(current - 1) : nil,
                          nextURL: current < total ? url(current + 1) : nil)
    }
}

/// `boards/manage`: the community's boards, for its moderators.
struct BoardsManagePage: Sendable {
    let community: CommunityHeader
    let boards: [BoardManageEntry]
    let newURL: String
}

struct BoardManageEntry: Sendable {
    let name: String
    let url: String
    let editURL: String
    let moveURL: String
    let archiveURL: String
    let isArchived: Bool
    let isFirst: Bool
    let isLast: Bool
    let discussions: Int
}

/// `boards/form`: create or rename a board.
struct BoardFormPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let submitLabel: String
    var name = ""
    var slug = ""
    var description = ""
    var errors = BoardErrors()
    var hasErrors = false
}

struct BoardErrors: Sendable {
    var name: String?
    var slug: String?
    var description: String?
}
