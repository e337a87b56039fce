extension Guardian {
    /// A user's list of active sessions is theirs alone (not even site admins see it).
    public func canSeeSessions(ofUser userID: Int64?) -> Bool { isSelf(userID) }

    /// A session may be ended only by the account it belongs to.
    public func canEnd(_ session: Session) -> Bool { isSelf(session.userId) }

    /// Profiles are edited only by their owner.
    public func canEditProfile(ofUser userID: Int64?) -> Bool { isSelf(userID) }

    /// Profiles are public pages, except the email, which only the owner and site admins see.
    public func canSeeEmail(ofUser userID: Int64?) -> Bool { isSelf(userID) || isAdmin }
}

extension Guardian {
    /// An account's email address is changed only by its owner, and not while the account is suspended (a suspended
    /// member may read, not edit; the address is where the site reaches them about the suspension).
    public func canChangeEmail(ofUser userID: Int64?) -> Bool { isSelf(userID) && !isSuspended }

    /// Changing one's address: signed in (a redirect to sign in otherwise), not suspended (403 with the reason), one's own.
    public func ensureCanChangeEmail(ofUser userID: Int64?) throws {
        try ensureActing()
        try ensure(canChangeEmail(ofUser: userID), "Only the account's owner can change its email address.")
    }
}
