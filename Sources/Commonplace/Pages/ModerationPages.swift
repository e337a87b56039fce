/// `moderation/dashboard`: a community's moderation at a glance.
struct DashboardPage: Sendable {
    let community: CommunityHeader
    let openFlags: Int
    let flagsURL: String
    let heldPosts: Int
    let queueURL: String
    let pendingRequests: Int
    let requestsURL: String
    let unansweredAfterDays: Int
    let unansweredCount: Int
    let unanswered: [UnansweredEntry]
    let lastPost: String
    let membersURL: String
    let boardsURL: String
    let logURL: String
    let settingsURL: String
    /// Curation: resources due for review, and the community's collections.
    var resourcesToReview = 0
    var reviewsURL = ""
    var collectionsURL = ""
    var topicsURL = ""
}

/// A question still without an accepted answer.
struct UnansweredEntry: Sendable {
    let title: String
    let url: String
    let asked: String
    let age: String
    let replies: String
}

/// `moderation/queue`: posts waiting for approval.
struct QueuePage: Sendable {
    let community: CommunityHeader
    let holdFirstPosts: Int
    let settingsURL: String
    let posts: [HeldEntry]
    /// Resources waiting for approval (communities that require it).
    var resources: [HeldResourceEntry] = []
}

/// A held post, with the forms that approve or decline it.
struct HeldEntry: Sendable {
    let id: Int64
    let discussionTitle: String
    let url: String
    /// A new discussion (its opening post) rather than a reply.
    let isDiscussion: Bool
    let number: Int
    let authorName: String
    let authorURL: String?
    let submitted: String
    let bodyHtml: String
    let approveURL: String
    let declineURL: String
}

/// `moderation/log`: what moderators (and site admins) did, with filters.
struct ModerationLogPage: Sendable {
    let heading: String
    let community: CommunityHeader?
    let action: String
    let actions: [Option]
    let actor: String
    let entries: [LogEntry]
    let totalLabel: String
    let pagination: Pagination?
    let filtered: Bool
    let clearURL: String
}

/// One row of the moderation log.
struct LogEntry: Sendable {
    let when: String
    let whenISO: String
    let actorName: String
    let actorURL: String?
    let action: String
    let target: String
    let communityName: String?
    let communityURL: String?
    let reason: String?
}

/// `moderation/settings`: the approval queue, automatic hiding and the dashboard's threshold.
struct ModerationSettingsPage: Sendable {
    let community: CommunityHeader
    let action: String
    var holdFirstPosts: String
    var flagHideThreshold: String
    var unansweredAfterDays: String
    /// Curation: months before an unreviewed resource is due for review, and whether members' resources need approval.
    var resourceReviewMonths = ""
    var requireResourceApproval = false
    var error: String?
    let maxHold = Community.maxHoldFirstPosts
    let minThreshold = Community.flagHideThresholdRange.lowerBound
    let maxThreshold = Community.flagHideThresholdRange.upperBound
    let maxDays = Community.unansweredAfterDaysRange.upperBound
    let maxReviewMonths = ResourceSettings.reviewMonthsRange.upperBound
}
