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
