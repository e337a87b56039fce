/// `resources/form`: sharing a resource, or editing one.
struct ResourceFormPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let submitLabel: String
    let cancelURL: String
    var types: [Option]
    var title = ""
    var url = ""
    var description = ""
    var audience = ""
    var tags = ""
    var reviewBy = ""
    /// On edit: the current file ("guide.pdf, 1.2 MB"), kept unless another is chosen.
    var currentFile: String?
    let accept = UploadedFileType.acceptAttribute
    let allowedTypes = UploadedFileType.allowedList
    let maxUpload: String
    let maxTags = Resource.Limits.tags
    let maxTitle = Resource.Limits.title
    /// The community holds members' resources for approval: say so before they share.
    let willBeHeld: Bool
    var errors = ResourceErrors()
    var hasErrors = false
}

/// A message per field of the resource form.
struct ResourceErrors: Sendable, Equatable {
    var title: String?
    var link: String?
    var file: String?
    var description: String?
    var type: String?
    var audience: String?
    var tags: String?
    var reviewBy: String?

    var isEmpty: Bool { self == ResourceErrors() }
}

/// A tag linking to the library filtered by it.
struct TagLink: Sendable {
    let tag: String
    let url: String
}

/// An uploaded file as pages offer it.
struct ResourceFileEntry: Sendable {
    let name: String
    let url: String
    /// "PDF · 1.2 MB"
    let details: String
    let isImage: Bool
}

/// `resources/show`: one resource, with its discussion's link.
struct ResourcePage: Sendable {
    let community: CommunityHeader
    let libraryURL: String
    let title: String
    let type: String
    let audience: String?
    let tags: [TagLink]
    let link: String?
    let linkHost: String?
    let file: ResourceFileEntry?
    let descriptionHtml: String
    let sharedBy: String
    let sharedByURL: String?
    let shared: String
    let sharedISO: String
    let updated: String?
    let reviewBy: String?
    let lastReviewed: String?
    let isFeatured: Bool
    let isOutdated: Bool
    let outdatedNote: String?
    let isArchived: Bool
    let isHeld: Bool
    let declinedReason: String?
    let helpfulLabel: String
    let discussionURL: String?
    let discussionLabel: String
    let editURL: String?
    /// For moderators while it waits: the queue where it is approved or declined.
    let queueURL: String?
    /// For moderators: the resource's curation panel (feature, review, outdated, archive, collections).
    let curateURL: String?
    /// The helpful button and count (set by the controller, which loads the viewer's mark).
    var helpful: HelpfulControl? = nil
}

/// One resource in the library list.
struct ResourceListEntry: Sendable {
    let title: String
    let url: String
    let type: String
    let linkHost: String?
    let fileDetails: String?
    let summary: String?
    let tags: [TagLink]
    let audience: String?
    let authorName: String
    let shared: String
    let sharedISO: String
    let helpfulLabel: String
    let isFeatured: Bool
    let isOutdated: Bool
    let isArchived: Bool
    let isHeld: Bool
}

/// `resources/library`: a community's resource library with its filters.
struct ResourceLibraryPage: Sendable {
    let community: CommunityHeader
    let action: String
    let resources: [ResourceListEntry]
    let totalLabel: String
    let typeOptions: [Option]
    let tagOptions: [Option]
    let audienceOptions: [Option]
    let sortOptions: [Option]
    let sorts: [FilterLink]
    let tags: [FilterLink]
    let showArchivedOption: Bool
    let showArchived: Bool
    let isFiltered: Bool
    let clearURL: String
    let emptyMessage: String
    let canShare: Bool
    let shareURL: String
    let signInURL: String?
    let joinURL: String?
    let pagination: Pagination?
}

/// A held resource in the approval queue.
struct HeldResourceEntry: Sendable {
    let id: Int64
    let title: String
    let url: String
    let type: String
    let authorName: String
    let authorURL: String?
    let submitted: String
    let target: String
    let descriptionHtml: String
    let approveURL: String
    let declineURL: String
}

/// A resource among search results.
struct ResourceResultEntry: Sendable {
    let title: String
    let url: String
    let type: String
    let communityName: String
    let communityURL: String
    let isOutdated: Bool
    let snippetHtml: String
}
