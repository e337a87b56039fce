/// A new community's first steps: appointing its first moderator and creating its first boards.
extension Guardian {
    /// Site admins (not suspended), on an active community that was not merged away.
    public func canSetUp(_ community: Community) -> Bool {
        isAdmin && !isSuspended && community.status == .active && !community.isMerged
    }

    /// The same, as a refusal: 403 with the reason.
    public func ensureCanSetUp(_ community: Community) throws {
        try ensureActing()
        try ensure(isAdmin, "Only site admins set up communities.")
        try ensure(canSetUp(community), "\(community.name) is inactive: it is kept as it was.")
    }
}
