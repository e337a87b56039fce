import Foundation

/// The refusals of site admins' writes (communities and their life, accounts), asked by the controller before the
/// write and by its `WriteCheck` inside it: an admin whose flag is removed in between is refused the same way.
extension Guardian {
    // MARK: - Communities

    /// Creating a community: site admins.
    public func ensureCanCreateCommunity() throws {
        try ensureSignedIn()
        try ensure(canCreateCommunity, "Only site admins can create communities.")
    }

    /// Editing a community's description and settings: site admins (404 for what they cannot see).
    public func ensureCanEdit(_ community: Community) throws {
        try ensureSignedIn()
        try ensureVisible(canSee(community))
        try ensure(canEdit(community), "Only site admins can edit this community.")
    }

    /// A merged community's address redirects to the one it was merged into, so it is no longer edited (409).
    public func ensureEditable(_ community: Community) throws {
        if community.isMerged { throw AppError.conflict("\(community.name) was merged into another community: edit that one instead.") }
    }

    /// Archiving, reactivating and merging a community: site admins who are not suspended.
    public func ensureCanAdminister(_ community: Community) throws {
        try ensureSignedIn()
        try ensureVisible(canSee(community))
        try ensure(canAdministerCommunities, "Only site admins archive, reactivate and merge communities.")
    }

    // MARK: - Accounts

    /// Seeing and managing accounts: site admins; `message` says what was refused.
    public func ensureManagesAccounts(_ message: String) throws {
        try ensureSignedIn()
        try ensure(canReadSiteLog, message)
    }

    /// Suspending `target`: a site admin who is not suspended, never their own account.
    public func ensureCanSuspend(_ target: User) throws {
        try ensureManagesAccounts("Only site admins suspend accounts.")
        try ensure(canSuspend(target), "You cannot suspend your own account.")
    }

    /// Lifting `target`'s suspension: a site admin who is not suspended.
    public func ensureCanLiftSuspension(of target: User) throws {
        try ensureManagesAccounts("Only site admins lift suspensions.")
        try ensure(canLiftSuspension(of: target), "Only site admins lift suspensions.")
    }

    /// Making an account a site admin or not: a site admin who is not suspended, never about their own account.
    public func ensureCanSetAdmin(of target: User) throws {
        try ensureManagesAccounts("Only site admins appoint site admins.")
        try ensure(!isSuspended && !isSelf(target.id), "You cannot change your own account's admin role.")
    }
}
