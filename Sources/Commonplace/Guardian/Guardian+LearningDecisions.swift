import Foundation

/// The refusals of the learning writes (requests for help, one's expertise), asked by the controller before the write
/// and by its `WriteCheck` inside it.
extension Guardian {
    /// Asking someone to look at a question: the asker may take part in the community (a member, not silenced, the
    /// community active) and see the question.
    public func ensureCanAskForHelp(on discussion: Discussion, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && canSee(discussion, in: community))
        try ensure(canAskForHelp(in: community), isSilenced(in: community)
            ? "A moderator has silenced you in \(community.name): you can read, but not ask others for help."
            : community.status != .active ? "\(community.name) is inactive: it is kept for reading only."
            : "Only members of \(community.name) can ask others for help.")
    }

    /// Whom one may ask: someone else, a member of the community, opted in to being asked, not suspended (400, or 403
    /// for one who did not opt in).
    public func ensureCanBeAsked(_ helper: User, isMember: Bool, suggestable: Bool, in community: Community) throws {
        guard !isSelf(helper.id) else { throw AppError.badRequest("You cannot ask yourself for help.") }
        guard isMember else {
            throw AppError.badRequest("\(helper.displayName) is not a member of \(community.name), so they cannot be asked here.")
        }
        try ensure(suggestable,
                   "\(helper.displayName) has not opted in to being asked for help. Ask in a reply instead, or choose someone from Who to ask.")
        guard !helper.isSuspended(at: now) else {
            throw AppError.badRequest("\(helper.displayName) cannot be asked for help at the moment.")
        }
    }

    /// A question others can be asked about: listed (409 while held or hidden).
    public func ensureAskable(_ discussion: Discussion) throws {
        guard discussion.isListed else {
            throw AppError.conflict("This question is held or hidden: others cannot see it, so no one can be asked to look at it.")
        }
    }

    /// Saving one's expertise: one's own, and not while suspended.
    public func ensureCanEditExpertise(ofUser userID: Int64?) throws {
        try ensureActing()
        try ensure(canEditExpertise(ofUser: userID))
    }
}
