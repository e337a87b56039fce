import Foundation

/// Search rules: a community's own synonyms (`SearchSynonyms`, on top of the site's list).
extension Guardian {
    /// Changing a community's search synonyms: its moderators (and the parent's) and site admins, not suspended.
    public func canEditSearchSynonyms(of community: Community) -> Bool {
        canModerate(community)
    }

    /// A community's synonyms widen a search, and are shown in how it was read, only for those who may see the community.
    public func canUseSearchSynonyms(of community: Community) -> Bool {
        canSee(community)
    }

    /// 404 for a community the actor may not see, 403 (with the reason) for one they do not moderate.
    public func ensureCanEditSearchSynonyms(of community: Community) throws {
        try ensureVisible(canSee(community))
        try ensureActing()
        try ensure(canEditSearchSynonyms(of: community), "Only \(community.name)'s moderators can change its search synonyms.")
    }

    /// The same decision, taken again inside the write with the community and the actor as they are then.
    public func searchSynonymsCheck(_ community: Community) -> WriteCheck {
        communityCheck(community) { guardian, community in try guardian.ensureCanEditSearchSynonyms(of: community) }
    }
}
