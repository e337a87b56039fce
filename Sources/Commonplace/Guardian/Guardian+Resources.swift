import GRDB

/// Resource libraries: who sees, shares and curates resources.
extension Guardian {
    /// A held resource is seen only by its author and the community's moderators; any other by whoever can
    /// see the community (archived ones too, by their own URL).
    public func canSee(_ resource: Resource, in community: Community) -> Bool {
        guard canSee(community) else { return false }
        return !resource.isHeld || isModerator(of: community) || isSelf(resource.authorId)
    }

    /// The SQL twin of `canSee(_:in:)` for the resources of one community the actor can see.
    func visibleResourceSQL(in community: Community) -> SQL {
        if isModerator(of: community) { return "1" }
        return "(held_at IS NULL OR author_id = \(user?.id ?? -1))"
    }

    /// Members share resources in an active community they may post in.
    public func canShareResource(in community: Community) -> Bool { canParticipate(in: community) }

    /// The author edits their own resource; moderators edit any in their community.
    public func canEdit(_ resource: Resource, in community: Community) -> Bool {
        guard canAct, community.status == .active else { return false }
        return isModerator(of: community) || (isSelf(resource.authorId) && canParticipate(in: community))
    }

    /// Featuring, collections, reviews, marking outdated, archiving, approving: the community's moderators.
    public func canCurate(_ community: Community) -> Bool {
        canReview(community) && community.status == .active
    }
}
