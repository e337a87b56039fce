/// `collections/list`: a community's collections.
struct CollectionsPage: Sendable {
    let community: CommunityHeader
    let collections: [CollectionListEntry]
    let canCurate: Bool
    let newURL: String
}

struct CollectionListEntry: Sendable {
    let title: String
    let url: String
    /// The start of the introduction, on one line.
    let excerpt: String?
    let countLabel: String
}

/// `collections/show`: a collection's introduction and resources in order; for moderators, the controls that reorder,
/// remove and add resources.
struct CollectionPage: Sendable {
    let community: CommunityHeader
    let title: String
    let introductionHtml: String
    let resources: [CollectionResourceEntry]
    let canCurate: Bool
    let editURL: String
    let addURL: String
    let collectionsURL: String
    var resourceValue = ""
    var addError: String?
    var hasErrors = false
}

/// A resource in a collection. Archived and held ones reach moderators only, marked as such.
struct CollectionResourceEntry: Sendable {
    let id: Int64
    let title: String
    let url: String
    let typeLabel: String
    /// The warning of a resource marked outdated.
    let outdatedNote: String?
    let isArchived: Bool
    let isHeld: Bool
    let isFirst: Bool
    let isLast: Bool
    let moveURL: String
    let removeURL: String
}

/// `collections/form`: create or edit a collection.
struct CollectionFormPage: Sendable {
    let community: CommunityHeader
    let heading: String
    let action: String
    let submitLabel: String
    /// Set when editing: the delete form's address.
    let deleteURL: String?
    let cancelURL: String
    var title = ""
    var slug = ""
    var introduction = ""
    var errors = CollectionErrors()
    var hasErrors = false
    let maxIntroduction = ResourceCollection.Limits.introduction
}

struct CollectionErrors: Sendable {
    var title: String?
    var slug: String?
    var introduction: String?

    var isEmpty: Bool { title == nil && slug == nil && introduction == nil }
}
