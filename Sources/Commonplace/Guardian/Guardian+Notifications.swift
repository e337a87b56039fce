import GRDB

/// Who may see a notification: the rule asked at delivery (by the fan-out, for each recipient) and at display (the
/// list and the header's count use its SQL twin), so a notification about something its recipient may no longer see
/// (they left a members-only community, the post was hidden, the discussion moved, their account was suspended) is
/// neither delivered nor shown nor counted.
extension Guardian {
    /// Whether the actor may see a notification of `kind` about `community`, `discussion` and `post` as they are now.
    /// - Moderators' kinds: while they moderate the community.
    /// - A decided join request: always (it is about the member's own request).
    /// - A resolved flag: while they may see the community (the outcome may be that the post is hidden).
    /// - Every other kind: the community, the discussion and the post's text must be visible to them.
    public func canSeeNotification(_ kind: NotificationKind, community: Community, discussion: Discussion?, post: Post?) -> Bool {
        guard isSignedIn, !isSuspended else { return false }
        if kind.isForModerators { return isModerator(of: community) }
        if kind == .joinDecided { return true }
        guard canSee(community) else { return false }
        if kind == .flagResolved { return true }
        if let discussion, !canSee(discussion, in: community) { return false }
        if let post, !canSeeContent(of: post, in: community) { return false }
        return true
    }

    /// The SQL twin of `canSeeNotification` on a query naming the notification `n`, its post `p` (LEFT JOIN), its
    /// discussion `d` (LEFT JOIN, the post's own when there is a post) and their community `c`.
    func notificationVisibleSQL() -> SQL {
        guard let me = userID, !isSuspended else { return "0" }
        let moderated = moderatedIDs.isEmpty ? [-1] : moderatedIDs
        let moderates: SQL = isAdmin ? "1" : "(c.id IN \(moderated) OR c.parent_id IN \(moderated))"
        let community = visibleCommunitySQL(table: "c")
        let discussion: SQL = "(d.id IS NULL OR (d.held_at IS NULL AND d.hidden_at IS NULL) OR d.author_id = \(me) OR \(moderates))"
        let post: SQL = """
            (p.id IS NULL OR (p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL) OR \(moderates)
             OR ((p.hidden_at IS NOT NULL OR p.held_at IS NOT NULL) AND p.deleted_at IS NULL AND p.author_id = \(me)))
            """
        return """
            (CASE WHEN n.kind IN ('mod_flag', 'mod_queue', 'mod_join') THEN \(moderates)
                  WHEN n.kind = 'join_decided' THEN 1
                  WHEN n.kind = 'flag_resolved' THEN \(community)
                  ELSE \(community) AND \(discussion) AND \(post) END)
            """
    }

    /// Notifications and their settings are the member's own: anyone signed in (suspended too: it is reading).
    public var canSeeOwnNotifications: Bool { isSignedIn }

    /// Changing which kinds notify: the member, not while suspended.
    public var canChangeNotificationSettings: Bool { canAct }

    /// Whether the settings page offers the moderators' kinds: to members who moderate a community (or site admins).
    public var seesModeratorNotificationSettings: Bool { isAdmin || !moderatedIDs.isEmpty }
}
