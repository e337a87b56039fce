import Foundation

/// The refusals of moderators' writes (boards, curation and collections, discussion tools, topics), one function per
/// action: the controller calls it on the rows it loaded, and the write's `WriteCheck` calls it again inside the
/// transaction, so a demotion, suspension or archive that commits in between is refused with the same status and message.
extension Guardian {
    // MARK: - Boards

    /// Creating, renaming, reordering and archiving boards: a moderator of an active community.
    public func ensureCanManageBoards(of community: Community) throws {
        try ensureActing()
        try ensure(community.status == .active, "\(community.name) is inactive: its boards are kept as they were.")
        try ensure(canManageBoards(of: community), "Only this community's moderators manage its boards.")
    }

    // MARK: - Curation and collections

    /// Featuring, reviewing, archiving resources and editing collections: a moderator of an active community.
    public func ensureCanCurate(_ community: Community) throws {
        try ensureActing()
        try ensure(canCurate(community), curationRefusal(community) ?? "")
    }

    // MARK: - Discussion tools

    /// Opening the move form, and the first half of moving: a moderator of the discussion's community.
    public func ensureCanMoveDiscussions(from community: Community) throws {
        try ensureActing()
        try ensure(canReview(community), "Only this community's moderators move discussions.")
    }

    /// Moving a discussion to `board` of `target`: moderating both communities, an open board of an active community,
    /// and not the board it is on (409 for the board's and the target's state).
    public func ensureCanMove(_ found: DiscussionContext, to board: Board, of target: Community) throws {
        try ensureCanMoveDiscussions(from: found.community)
        try ensure(canReview(target), "You can only move discussions to communities you moderate.")
        guard target.status == .active, !target.isMerged else {
            throw AppError.conflict("\(target.name) is inactive: it takes no new discussions.")
        }
        guard !board.isArchived else { throw AppError.conflict("\(board.name) is archived: it takes no new discussions.") }
        guard board.id != found.board.id else { throw AppError.conflict("The discussion is already in \(board.name).") }
        try ensure(canMove(found.discussion, from: found.community, to: target))
    }

    /// Merging and splitting: a moderator of the discussion's community, while it is active.
    public func ensureCanRestructure(_ community: Community, _ message: String) throws {
        try ensureActing()
        try ensure(community.status == .active, "\(community.name) is inactive: it is kept for reading only.")
        try ensure(canRestructure(in: community), message)
    }

    /// Merging `source` into `target`: restructuring both (the target's community active), neither awaiting approval.
    public func ensureCanMerge(_ source: DiscussionContext, into target: DiscussionContext) throws {
        try ensureCanRestructure(source.community, "Only this community's moderators merge discussions.")
        try ensure(canReview(target.community), "You can only merge into discussions of communities you moderate.")
        guard target.community.status == .active else {
            throw AppError.conflict("\(target.community.name) is inactive: its discussions are kept for reading only.")
        }
        try ensure(canRestructure(in: target.community))
        guard !source.discussion.isHeld, !target.discussion.isHeld else {
            throw AppError.conflict("A discussion awaiting approval cannot be merged: approve or decline it first.")
        }
    }

    // MARK: - Topics

    /// A community's shared vocabulary of topics: its moderators, while it is active.
    public func ensureCanManageTopics(of community: Community) throws {
        try ensureActing()
        try ensure(canManageTopics(of: community), "Only moderators of \(community.name) manage its topics.")
    }
}
