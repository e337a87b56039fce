import Foundation

/// The refusals of membership writes (joining, leaving, requests, invitations, removing, silencing, roles, screening
/// questions), one function per action, asked by the controller before the write and by its `WriteCheck` inside it.
extension Guardian {
    // MARK: - Joining and leaving

    /// What every way in asks first: not yet a member (409), an active community (403), not by invitation only (403).
    public func ensureMayJoin(_ community: Community) throws {
        try ensureActing()
        if isMember(of: community) { throw AppError.conflict("You are already a member of \(community.name).") }
        try ensure(community.status == .active, "\(community.name) is inactive: it no longer takes new members.")
        if community.joinPolicy == .invite {
            throw AppError.forbidden("\(community.name) is by invitation only. Ask one of its moderators for an invitation.")
        }
    }

    /// Joining an open community directly.
    public func ensureCanJoin(_ community: Community) throws {
        try ensureMayJoin(community)
        try ensure(canJoin(community), "\(community.name) takes new members by request: ask to join instead.")
    }

    /// Asking to join a community that takes members by request.
    public func ensureCanRequestToJoin(_ community: Community) throws {
        try ensureMayJoin(community)
        try ensure(canRequestToJoin(community), "\(community.name) is open to everyone: join it directly, no request is needed.")
    }

    /// Joining through an invitation: not yet a member (409), the community active (403).
    public func ensureCanAcceptInvitation(to community: Community) throws {
        try ensureActing()
        if isMember(of: community) { throw AppError.conflict("You are already a member of \(community.name).") }
        try ensure(community.status == .active, "\(community.name) is inactive: it no longer takes new members.")
    }

    /// Leaving: a member (409 otherwise).
    public func ensureCanLeave(_ community: Community) throws {
        try ensureSignedIn()
        guard canLeave(community) else { throw AppError.conflict("You are not a member of \(community.name).") }
    }

    // MARK: - Managing members

    /// Requests, invitations, removals, silences and screening questions: a moderator of an active community.
    public func ensureCanManageMembers(of community: Community, _ message: String) throws {
        try ensureActing()
        try ensure(canManageMembers(of: community), message)
    }

    /// Removing `target`: a member by a moderator, a moderator only by a site admin, never oneself.
    public func ensureCanRemove(_ target: Membership, from community: Community) throws {
        try ensureCanManageMembers(of: community, "Only this community's moderators can remove members.")
        try ensure(canRemove(target, from: community),
                   "Removing a moderator takes a site admin, and you cannot remove yourself (leave instead).")
    }

    /// Silencing `target` (or, with `silencing` false, lifting it): a member by a moderator, a moderator only by a
    /// site admin, never oneself.
    public func ensureCanSilence(_ target: Membership, in community: Community, silencing: Bool) throws {
        try ensureCanManageMembers(of: community, silencing ? "Only this community's moderators can silence members."
                                                            : "Only this community's moderators can lift a silence.")
        try ensure(canSilence(target, in: community), silencing ? "Silencing a moderator takes a site admin, and you cannot silence yourself."
                                                                : "Only a site admin can lift a moderator's silence.")
    }

    /// Appointing and dismissing moderators: site admins.
    public func ensureCanAppointModerators(of community: Community) throws {
        try ensureActing()
        try ensure(canAppointModerators(of: community), "Only site admins appoint moderators.")
    }
}
