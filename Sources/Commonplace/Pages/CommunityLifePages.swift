/// The "Life of this community" section of the admin edit page: archive, reactivate, merge.
struct CommunityLifeLinks: Sendable {
    let isInactive: Bool
    let isMerged: Bool
    let inactiveSince: String?
    let archiveURL: String
    let reactivateURL: String
    let mergeURL: String
}

/// `admin/archive`: making a community inactive, optionally naming the community that carries on its work.
struct ArchivePage: Sendable {
    let name: String
    let communityURL: String
    let editURL: String
    let action: String
    let successorOptions: [Option]
    var error: String?
    let nav = AdminNav(.communities)
}

/// `admin/merge`: merging a community into another: what moves, the rule for people in both, the choice of target.
struct MergePage: Sendable {
    let name: String
    let slug: String
    let communityURL: String
    let editURL: String
    let action: String
    let boards: Int
    let discussions: Int
    let members: Int
    let pendingRequests: Int
    let openInvitations: Int
    let hasChildren: Bool
    let targetOptions: [Option]
    var error: String?
    let nav = AdminNav(.communities)
}
