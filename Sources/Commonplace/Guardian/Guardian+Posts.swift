extension Guardian {
    /// Whether the post's text may be shown: visible posts to all who see the community;
    /// hidden and deleted ones only to moderators, and a hidden one to its author too.
    public func canSeeContent(of post: Post, in community: Community) -> Bool {
        if post.isVisible { return true }
        if isModerator(of: community) { return true }
        return (post.isHidden || post.isHeld) && !post.isDeleted && isSelf(post.authorId)
    }

    /// An author edits their own post (not once deleted); moderators edit any post in their community.
    public func canEdit(_ post: Post, in community: Community) -> Bool {
        guard canAct, community.status == .active else { return false }
        if isModerator(of: community) { return true }
        return isSelf(post.authorId) && !post.isDeleted && isMember(of: community) && !isSilenced(in: community)
    }

    /// Authors delete their own posts (kept as "deleted by author").
    public func canDelete(_ post: Post, in community: Community) -> Bool {
        canAct && community.status == .active && isSelf(post.authorId) && !post.isDeleted
    }

    /// Moderators hide (with a reason) and restore posts in their community.
    public func canHide(_ post: Post, in community: Community) -> Bool {
        canAct && isModerator(of: community) && !post.isHidden
    }

    public func canRestore(_ post: Post, in community: Community) -> Bool {
        canAct && isModerator(of: community) && (post.isHidden || post.isDeleted)
    }

    /// A post's edit history is visible to whoever may see its content.
    public func canSeeHistory(of post: Post, in community: Community) -> Bool {
        canSeeContent(of: post, in: community)
    }
}
