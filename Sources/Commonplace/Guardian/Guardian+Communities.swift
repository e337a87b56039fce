import GRDB

extension Guardian {
    /// Only site admins create communities.
    public var canCreateCommunity: Bool { isAdmin }

    /// Site admins edit a community's description and settings.
    public func canEdit(_ community: Community) -> Bool { isAdmin }

    /// The actor's role in `community`, if a member.
    public func role(in community: Community) -> Membership.Role? {
        community.id.flatMap { memberships[$0] }
    }

    public func isMember(of community: Community) -> Bool { role(in: community) != nil }

    /// Moderators of this community or of its parent (who moderate its sub-communities), and site admins.
    public func isModerator(of community: Community) -> Bool {
        if isAdmin || role(in: community) == .moderator { return true }
        return community.parentId.map { memberships[$0] == .moderator } ?? false
    }

    /// Ids of the communities the actor moderates directly (not counting sub-communities).
    var moderatedIDs: [Int64] { memberships.filter { $0.value == .moderator }.map(\.key) }

    /// Public communities are readable by all; members-only ones by their members, their moderators
    /// (including the parent's) and site admins.
    public func canSee(_ community: Community) -> Bool {
        community.visibility == .public || isMember(of: community) || isModerator(of: community)
    }

    /// The same rule as a parenthesised SQL condition on a query that names the community table `table`.
    func visibleCommunitySQL(table: String) -> SQL {
        if isAdmin { return "1" }
        let mine = Array(memberships.keys)
        let moderated = moderatedIDs
        return "(\(sql: table).visibility = 'public' OR \(sql: table).id IN \(mine.isEmpty ? [-1] : mine) OR \(sql: table).parent_id IN \(moderated.isEmpty ? [-1] : moderated))"
    }

    /// `visibleCommunitySQL(table:)` with a key naming the communities it admits (readers with the same memberships
    /// and moderated parents share lists read under it).
    func visibleCommunityFilter(table: String) -> SQLFilter {
        let guardian = self
        if isAdmin { return SQLFilter(key: "\(table)|admin") { guardian.visibleCommunitySQL(table: table) } }
        let mine = memberships.keys.sorted().map(String.init).joined(separator: ",")
        let moderated = moderatedIDs.sorted().map(String.init).joined(separator: ",")
        return SQLFilter(key: "\(table)|m:\(mine)|p:\(moderated)") { guardian.visibleCommunitySQL(table: table) }
    }

    /// The SQL twin of `canSee`: communities whose pages this actor may open.
    func visibleCommunities(_ request: QueryInterfaceRequest<Community>) -> QueryInterfaceRequest<Community> {
        guard let condition = visibleCommunityCondition() else { return request }
        return request.filter(condition)
    }

    /// The same rule as a condition on the `community` table, for lists that join to it (nil: no restriction).
    func visibleCommunityCondition() -> SQLExpression? {
        if isAdmin { return nil }
        let mine = Array(memberships.keys)
        return Column("visibility") == Community.Visibility.public.rawValue || mine.contains(Column("id"))
            || moderatedIDs.contains(Column("parent_id"))
    }

    /// Members post, reply and edit in an active community they belong to (site admins anywhere active),
    /// unless a moderator has silenced them there.
    public func canParticipate(in community: Community) -> Bool {
        canAct && community.status == .active && (isMember(of: community) || isModerator(of: community))
            && !isSilenced(in: community)
    }

    /// Whether a moderator has silenced the actor in this community (they may read, not post).
    public func isSilenced(in community: Community) -> Bool {
        guard let id = community.id, let until = silences[id] else { return false }
        return until > now
    }

    // MARK: - Joining and leaving

    /// The Join button: an open, active community the actor is not yet in.
    public func canJoin(_ community: Community) -> Bool {
        canAct && community.status == .active && community.joinPolicy == .open && !isMember(of: community)
    }

    /// A join request: a by-request, active community the actor is not yet in.
    public func canRequestToJoin(_ community: Community) -> Bool {
        canAct && community.status == .active && community.joinPolicy == .request && !isMember(of: community)
    }

    /// Members may leave (site admins are not members unless they joined).
    public func canLeave(_ community: Community) -> Bool {
        isSignedIn && isMember(of: community)
    }

    /// Approve and decline requests, invite, remove members, set screening questions: the community's moderators.
    public func canManageMembers(of community: Community) -> Bool {
        canAct && community.status == .active && isModerator(of: community)
    }

    /// Who is in a community: visible to whoever can see the community.
    public func canSeeMembers(of community: Community) -> Bool { canSee(community) }

    /// Appointing and removing moderators is for site admins.
    public func canAppointModerators(of community: Community) -> Bool { isAdmin && !isSuspended }

    /// A moderator may remove members; removing another moderator takes a site admin.
    public func canRemove(_ target: Membership, from community: Community) -> Bool {
        guard canManageMembers(of: community), !isSelf(target.userId) else { return false }
        return target.role == .member || isAdmin
    }
}
