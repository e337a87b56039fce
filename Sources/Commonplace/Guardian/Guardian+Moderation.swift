import GRDB

/// Moderation rules: discussions that are held or hidden, flags, the approval queue, discussion tools,
/// silencing, the moderation log and dashboard. Site-level rules (suspending, archiving, merging) are
/// at the end.
extension Guardian {
    // MARK: - Seeing held and hidden discussions

    /// A held or hidden discussion is seen only by its author and the community's moderators;
    /// any other discussion by whoever can see the community.
    public func canSee(_ discussion: Discussion, in community: Community) -> Bool {
        guard canSee(community) else { return false }
        return discussion.isListed || isModerator(of: community) || isSelf(discussion.authorId)
    }

    /// The SQL twin of `canSee(_:in:)` for the discussions of one community the actor can see.
    func listedDiscussionSQL(in community: Community) -> SQL {
        if isModerator(of: community) { return "1" }
        return "((held_at IS NULL AND hidden_at IS NULL) OR author_id = \(userID ?? -1))"
    }

    /// `listedDiscussionSQL(in:)` with a key naming what it admits.
    func listedDiscussionFilter(in community: Community) -> SQLFilter {
        let guardian = self
        let key = isModerator(of: community) ? "all" : "listed|\(userID ?? -1)"
        return SQLFilter(key: key) { guardian.listedDiscussionSQL(in: community) }
    }

    /// Lists that span communities (recent activity) show only listed discussions, to everyone:
    /// moderators find held and hidden ones in their community's queues.
    static let listedEverywhereSQL: SQL = "(held_at IS NULL AND hidden_at IS NULL)"

    // MARK: - Flags

    /// Members flag posts and discussions of an active community they belong to, but not their own.
    public func canFlag(authorID: Int64?, in community: Community) -> Bool {
        canAct && community.status == .active && (isMember(of: community) || isModerator(of: community)) && !isSelf(authorID)
    }

    /// The flag queue, the approval queue, the dashboard and the moderation tools: the community's moderators.
    public func canReview(_ community: Community) -> Bool {
        canAct && isModerator(of: community)
    }

    // MARK: - Discussion tools

    /// Moving a discussion needs moderating both the community it is in and the one it goes to.
    public func canMove(_ discussion: Discussion, from source: Community, to target: Community) -> Bool {
        canReview(source) && canReview(target) && target.status == .active && !target.isMerged
    }

    /// Merging one discussion into another, or splitting posts out: moderators of the (active) community.
    public func canRestructure(in community: Community) -> Bool {
        canReview(community) && community.status == .active
    }

    // MARK: - People

    /// Silencing a member in a community: its moderators, never themselves, and another moderator only as a site admin.
    public func canSilence(_ target: Membership, in community: Community) -> Bool {
        guard canManageMembers(of: community), !isSelf(target.userId) else { return false }
        return target.role == .member || isAdmin
    }

    /// The moderation log of a community: its moderators and site admins.
    public func canReadLog(of community: Community) -> Bool { isSignedIn && isModerator(of: community) }

    // MARK: - Site administration

    /// Site admins suspend accounts, but not their own.
    public func canSuspend(_ target: User) -> Bool { isAdmin && !isSuspended && !isSelf(target.id) }

    /// Site admins archive and reactivate communities, and merge one into another.
    public var canAdministerCommunities: Bool { isAdmin && !isSuspended }

    /// The site-wide moderation log and the accounts list: site admins.
    public var canReadSiteLog: Bool { isAdmin }

    // MARK: - Flag queue and own flags

    /// A member's own flags page (what they flagged and how it ended): anyone signed in, suspended too, since it is reading.
    public var canSeeOwnFlags: Bool { isSignedIn }

    /// Whether the flag form should open for this member: the 403 message when `canFlag` says no (nil when it says yes).
    public func flagRefusal(authorID: Int64?, in community: Community, what: String) -> String? {
        guard !canFlag(authorID: authorID, in: community) else { return nil }
        if community.status != .active { return "\(community.name) is inactive: it is kept for reading only." }
        if isSelf(authorID) { return "You cannot flag your own \(what)." }
        return "Only members of \(community.name) can flag its \(what)s."
    }
}

// MARK: - Discussion tools: move, merge, split, hide

extension Guardian {
    /// Hiding and restoring a whole discussion: the community's moderators (its author still sees it, with the reason).
    public func canHide(_ discussion: Discussion, in community: Community) -> Bool {
        canReview(community)
    }

    /// Where a discussion may be moved: the communities among `communities` that pass `canMove` (one rule for the form and the check).
    func moveTargets(of discussion: Discussion, from source: Community, among communities: [Community]) -> [Community] {
        communities.filter { canMove(discussion, from: source, to: $0) }
    }

    /// Accepting an answer is a moderation action (logged) when a moderator does it for someone else's question.
    func acceptsAsModerator(_ discussion: Discussion, in community: Community) -> Bool {
        !isSelf(discussion.authorId) && isModerator(of: community)
    }
}

// MARK: - Life of a community and accounts

extension Guardian {
    /// Lifting a suspension: site admins who may act (a suspended admin cannot lift their own).
    public func canLiftSuspension(of target: User) -> Bool { isAdmin && !isSuspended }
}
