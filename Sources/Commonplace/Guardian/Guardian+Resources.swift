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
        return "(held_at IS NULL OR author_id = \(userID ?? -1))"
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

// MARK: - Curation

extension Guardian {
    /// Why `canCurate` says no, as the 403 page puts it (nil when it says yes).
    public func curationRefusal(_ community: Community) -> String? {
        guard !canCurate(community) else { return nil }
        if canReview(community), community.status != .active { return "\(community.name) is inactive: its library is kept for reading only." }
        return "Only \(community.name)'s moderators curate its library."
    }

    /// A collection is as visible as its community: anyone who sees the community reads its collections.
    public func canSee(_ collection: ResourceCollection, in community: Community) -> Bool {
        canSee(community) && collection.communityId == community.id
    }

    /// In a collection, archived and held resources show to the community's moderators only (marked as such);
    /// everyone else who sees the community sees the rest.
    public func canSeeInCollection(_ resource: Resource, in community: Community) -> Bool {
        guard canSee(community) else { return false }
        return isModerator(of: community) || (!resource.isArchived && !resource.isHeld)
    }

    /// The SQL twin of `canSeeInCollection(_:in:)`, on a query that names the resource table `resource`.
    func collectionResourceSQL(in community: Community) -> SQL {
        if isModerator(of: community) { return "1" }
        return "(resource.archived_at IS NULL AND resource.held_at IS NULL)"
    }

    /// The community page's featured resources: featured, not archived, not held, and visible to the actor.
    public func showsAsFeatured(_ resource: Resource, in community: Community) -> Bool {
        canSee(resource, in: community) && resource.isFeatured && !resource.isArchived && !resource.isHeld
    }

    /// The SQL twin of `showsAsFeatured(_:in:)` for the resources of one community the actor can see.
    func featuredResourceSQL(in community: Community) -> SQL {
        "(featured_at IS NOT NULL AND archived_at IS NULL AND held_at IS NULL AND \(visibleResourceSQL(in: community)))"
    }
}
