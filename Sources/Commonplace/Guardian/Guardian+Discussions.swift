extension Guardian {
    /// Boards are created, renamed, reordered and archived by the community's moderators.
    public func canManageBoards(of community: Community) -> Bool {
        canAct && community.status == .active && isModerator(of: community)
    }

    /// A new discussion needs an open board; announcements are for moderators only.
    public func canStartDiscussion(in board: Board, of community: Community, kind: Discussion.Kind) -> Bool {
        guard canParticipate(in: community), !board.isArchived else { return false }
        return kind != .announcement || isModerator(of: community)
    }

    /// Replies: open board, unlocked discussion (moderators may still reply to a locked one).
    public func canReply(to discussion: Discussion, in board: Board, of community: Community) -> Bool {
        guard canParticipate(in: community), !board.isArchived else { return false }
        return !discussion.isLocked || isModerator(of: community)
    }

    /// The asker or a moderator marks the accepted answer of a question.
    public func canAcceptAnswer(of discussion: Discussion, in community: Community) -> Bool {
        guard discussion.kind == .question, canAct, community.status == .active else { return false }
        return isSelf(discussion.authorId) || isModerator(of: community)
    }

    /// Moderators lock and unlock discussions, and pin them.
    public func canModerate(_ community: Community) -> Bool {
        canAct && isModerator(of: community)
    }
}
