import Foundation

/// The refusals of the writes, each with its message, as one function per action. A controller calls one before the
/// write, on the rows it loaded; the write calls the same one again inside its transaction, on the rows as they are
/// then (`WriteCheck`), so a lock, hide, archive or silence that commits in between is refused the same way.
extension Guardian {
    /// Signed in and not suspended (a redirect to sign in, or 403 with the suspension's reason).
    public func ensureActing() throws {
        try ensureSignedIn()
        try ensureNotSuspended()
    }

    /// 403 with the date for a member a moderator has silenced in this community.
    public func ensureNotSilenced(in community: Community) throws {
        guard isSilenced(in: community), let id = community.id, let until = silences[id] else { return }
        throw AppError.forbidden("A moderator has silenced you in \(community.name) until \(Formatting.day(until)): you can read, but not post.")
    }

    /// 403 for an inactive community: kept for reading only.
    public func ensureActive(_ community: Community) throws {
        try ensure(community.status == .active, "\(community.name) is inactive: it is kept for reading only.")
    }

    /// Replying: the discussion can be seen (404 otherwise), the community is active, the board open, the discussion
    /// unlocked (moderators may still reply), the member not silenced, and a member.
    public func ensureCanReply(to discussion: Discussion, in board: Board, of community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && canSee(discussion, in: community))
        try ensureActive(community)
        try ensure(!board.isArchived, "This board is archived: it is kept for reading only.")
        try ensure(!discussion.isLocked || isModerator(of: community),
                   "This discussion is locked\(discussion.lockReason.isEmpty ? "" : ": \(discussion.lockReason)").")
        try ensureNotSilenced(in: community)
        try ensure(canReply(to: discussion, in: board, of: community),
                   "Only members of \(community.name) can reply. Join the community first.")
    }

    /// Starting a discussion of `kind` on a board: active community, open board, not silenced, a member
    /// (a moderator for announcements).
    public func ensureCanStartDiscussion(in board: Board, of community: Community, kind: Discussion.Kind) throws {
        try ensureActing()
        try ensureVisible(canSee(community))
        try ensureActive(community)
        try ensure(!board.isArchived, "This board is archived: it is kept for reading only.")
        try ensureNotSilenced(in: community)
        try ensure(canStartDiscussion(in: board, of: community, kind: .question),
                   "Only members of \(community.name) can start discussions here. Join the community first.")
        try ensure(canStartDiscussion(in: board, of: community, kind: kind), "Only moderators of \(community.name) can post announcements.")
    }

    /// Editing a post: its author (a member, not silenced, the post not deleted) or a moderator, in an active community.
    public func ensureCanEdit(_ post: Post, in discussion: Discussion, of community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && canSee(discussion, in: community) && canSeeContent(of: post, in: community))
        try ensureActive(community)
        if !isModerator(of: community) { try ensureNotSilenced(in: community) }
        try ensure(canEdit(post, in: community), "You can only edit your own posts.")
    }

    /// Deleting one's own post (409 when it already is).
    public func ensureCanDelete(_ post: Post, in discussion: Discussion, of community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && canSee(discussion, in: community))
        if post.isDeleted { throw AppError.conflict("This post was already deleted.") }
        try ensure(canDelete(post, in: community), "You can only delete your own posts.")
    }

    /// A moderator's action in `community` (hide, restore, lock, pin, approve …): still a moderator, not suspended.
    public func ensureModerates(_ community: Community, _ message: String) throws {
        try ensureActing()
        try ensure(canModerate(community), message)
    }

    /// Marking the accepted answer: the asker or a moderator, on a question of an active community.
    public func ensureCanAcceptAnswer(of discussion: Discussion, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && canSee(discussion, in: community))
        guard discussion.kind == .question else {
            throw AppError.conflict("Only questions have an accepted answer; this is a \(discussion.kind.label.lowercased()).")
        }
        try ensure(canAcceptAnswer(of: discussion, in: community), "Only the person who asked, or a moderator, can accept an answer.")
    }
}

extension Guardian {
    /// Sharing a resource: a member of an active community, not silenced there.
    public func ensureCanShareResource(in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community))
        try ensureActive(community)
        try ensureNotSilenced(in: community)
        try ensure(canShareResource(in: community), "Only members of \(community.name) can share resources. Join the community first.")
    }

    /// Editing a resource: the member who shared it (still a member, not silenced) or a moderator.
    public func ensureCanEdit(_ resource: Resource, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(resource, in: community))
        try ensure(canEdit(resource, in: community), "Only the member who shared this resource, or a moderator, can edit it.")
    }
}
