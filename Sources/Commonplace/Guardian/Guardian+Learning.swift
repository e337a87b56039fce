import GRDB

/// "All teach, all learn": helpful marks, expertise, Who to ask and requests for help.
extension Guardian {
    // MARK: - Helpful marks

    /// Members who may take part in the community mark others' posts and resources helpful, never their own
    /// (a former member's post, `authorID` nil, may be marked).
    public func canMarkHelpful(authorID: Int64?, in community: Community) -> Bool {
        canParticipate(in: community) && !isSelf(authorID)
    }

    /// The 403 message when `canMarkHelpful` says no (nil when it says yes). `what` is "post" or "resource".
    public func helpfulRefusal(authorID: Int64?, in community: Community, what: String) -> String? {
        guard !canMarkHelpful(authorID: authorID, in: community) else { return nil }
        if isSuspended { return "Your account is suspended: you can read, but not mark anything helpful." }
        if community.status != .active { return "\(community.name) is inactive: it is kept for reading only." }
        if isSelf(authorID) { return "You cannot mark your own \(what) helpful." }
        if isSilenced(in: community) { return "A moderator has silenced you in \(community.name): you can read, but not mark anything helpful." }
        return "Only members of \(community.name) can mark its \(what)s helpful."
    }

    // MARK: - Expertise and vocabulary

    /// A member's expertise (topics, opt-ins) is edited only by the member, and not while suspended.
    public func canEditExpertise(ofUser userID: Int64?) -> Bool { isSelf(userID) && !isSuspended }

    /// A community's shared vocabulary of topics: its moderators, while it is active.
    public func canManageTopics(of community: Community) -> Bool {
        canAct && community.status == .active && isModerator(of: community)
    }

    // MARK: - Who to ask and requests for help

    /// Who to ask is part of the community's pages: whoever can see the community.
    public func canSeeWhoToAsk(in community: Community) -> Bool { canSee(community) }

    /// Asking a member to look at a question: those who may take part in the community.
    public func canAskForHelp(in community: Community) -> Bool { canParticipate(in: community) }

    /// One's own help requests, questions to answer and expertise page: anyone signed in (suspended too: it is reading).
    public var canSeeOwnLearning: Bool { isSignedIn }
}
