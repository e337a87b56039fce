import GRDB

/// Watching: a member chooses how much they hear of a community, a board or a discussion they can see. Choosing is
/// acting (signed in, not suspended); what they then hear of is decided again per notification at delivery.
extension Guardian {
    /// A community the actor can see (members-only ones: its members and moderators).
    public func canWatch(_ community: Community) -> Bool {
        canAct && canSee(community)
    }

    /// A board of a community the actor can see (archived boards too: a member may mute or keep one).
    public func canWatch(_ board: Board, in community: Community) -> Bool {
        canAct && canSee(community) && board.communityId == community.id
    }

    /// A discussion the actor can see (a held or hidden one: its author and the moderators).
    public func canWatch(_ discussion: Discussion, in community: Community) -> Bool {
        canAct && canSee(discussion, in: community)
    }

    /// "Watch what I start or reply to", and the list of what one watches: the member's own, not while suspended.
    public func canEditWatchSettings(ofUser userID: Int64?) -> Bool { isSelf(userID) && !isSuspended }

    // MARK: - Decisions

    /// Choosing a level for a community: 404 when it cannot be seen, 403 anonymous or suspended.
    public func ensureCanWatch(_ community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community))
        try ensure(canWatch(community))
    }

    /// Choosing a level for a board: 404 when its community cannot be seen, 403 anonymous or suspended.
    public func ensureCanWatch(_ board: Board, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(community) && board.communityId == community.id)
        try ensure(canWatch(board, in: community))
    }

    /// Choosing a level for a discussion: 404 when it cannot be seen, 403 anonymous or suspended.
    public func ensureCanWatch(_ discussion: Discussion, in community: Community) throws {
        try ensureActing()
        try ensureVisible(canSee(discussion, in: community))
        try ensure(canWatch(discussion, in: community))
    }

    /// Changing one's own watch settings.
    public func ensureCanEditWatchSettings(ofUser userID: Int64?) throws {
        try ensureActing()
        try ensure(canEditWatchSettings(ofUser: userID))
    }

    /// The check of a level chosen for target `id` of `type`, taken again inside its write on the target as it is then
    /// (a discussion hidden, moved to a members-only community, a member removed or suspended since: refused alike).
    public func watchCheck(_ type: Watch.TargetType, id: Int64) -> WriteCheck {
        writeCheck { guardian, db in
            switch type {
            case .community:
                try guardian.ensureCanWatch(CheckedRows.community(db, id: id))
            case .board:
                let (board, community) = try CheckedRows.board(db, id: id)
                try guardian.ensureCanWatch(board, in: community)
            case .discussion:
                let found = try CheckedRows.discussion(db, id: id)
                try guardian.ensureCanWatch(found.discussion, in: found.community)
            }
        }
    }
}

extension Guardian {
    /// The SQL twin of `canSee(_:in:)` for discussions of any community: a query naming the discussion table `d` and
    /// its community `c` keeps the discussions this actor may see (held and hidden ones: their authors and the
    /// community's moderators, the parent's included). `/settings/watching` lists only these.
    func visibleDiscussionSQL(discussion d: String, community c: String) -> SQL {
        if isAdmin { return "1" }
        let moderated = moderatedIDs.isEmpty ? [-1] : moderatedIDs
        return """
            (\(visibleCommunitySQL(table: c)) AND ((\(sql: d).held_at IS NULL AND \(sql: d).hidden_at IS NULL)
             OR \(sql: d).author_id = \(userID ?? -1) OR \(sql: c).id IN \(moderated) OR \(sql: c).parent_id IN \(moderated)))
            """
    }
}
