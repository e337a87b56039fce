/// `curation/panel`: one resource's curation state and every form a moderator needs for it.
struct CurationPanelPage: Sendable {
    let community: CommunityHeader
    let id: Int64
    let title: String
    let url: String
    let typeLabel: String
    let authorName: String
    let shared: String
    let isHeld: Bool
    let isArchived: Bool
    let archivedSince: String?
    let isFeatured: Bool
    let featuredSince: String?
    let lastReviewed: String?
    let reviewerName: String?
    let reviewBy: String?
    let reviewOverdue: Bool
    let isOutdated: Bool
    let outdatedSince: String?
    let outdatedNote: String?
    let featureURL: String
    let reviewURL: String
    let outdatedURL: String
    let currentURL: String
    let archiveURL: String
    let unarchiveURL: String
    /// The collections it is in (with the remove form), and the others (with the add form).
    let inCollections: [CollectionChoice]
    let otherCollections: [CollectionChoice]
    let reviewsURL: String
    let collectionsURL: String
    let newCollectionURL: String
    let logURL: String
    /// The earliest next review-by date the form accepts (tomorrow), YYYY-MM-DD.
    let minReviewBy: String
    var noteValue = ""
    var reviewByValue = ""
    var errors = CurationErrors()
    var hasErrors = false
}

struct CurationErrors: Sendable {
    var note: String?
    var reviewBy: String?
}

/// A collection on a resource's curation panel, with the form that adds the resource to it or removes it.
struct CollectionChoice: Sendable {
    let title: String
    let url: String
    let formURL: String
}

/// `curation/reviews`: resources due for review, and those marked outdated.
struct ReviewQueuePage: Sendable {
    let community: CommunityHeader
    let reviewMonths: Int
    let monthsLabel: String
    let settingsURL: String
    let total: Int
    let totalLabel: String
    /// False when the list stops before the total (the oldest come first).
    let shownAll: Bool
    let due: [ReviewEntry]
    let outdated: [ReviewEntry]
}

/// A resource in the review queue, with the forms that settle it.
struct ReviewEntry: Sendable {
    let id: Int64
    let title: String
    let url: String
    let typeLabel: String
    let curateURL: String
    let authorName: String
    let shared: String
    let lastReviewed: String?
    let reviewerName: String?
    let reasons: [String]
    let outdatedSince: String?
    let outdatedNote: String?
    let reviewURL: String
    let outdatedURL: String
    let currentURL: String
    let archiveURL: String
}
