import GRDB

extension Guardian {
    /// Only site admins create communities.
    public var canCreateCommunity: Bool { isAdmin }

    /// Site admins edit any community (moderators' rights come with memberships).
    public func canEdit(_ community: Community) -> Bool { isAdmin }

    /// Public communities are readable by all; members-only ones by their members and site admins.
    public func canSee(_ community: Community) -> Bool {
        if community.visibility == .public { return true }
        return isAdmin
    }

    /// The SQL twin of `canSee`: communities whose pages this actor may open.
    func visibleCommunities(_ request: QueryInterfaceRequest<Community>) -> QueryInterfaceRequest<Community> {
        if isAdmin { return request }
        return request.filter(Column("visibility") == Community.Visibility.public.rawValue)
    }
}
