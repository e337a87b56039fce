import GRDB

extension AppDatabase {
    /// A community's moderators (its own, not its parent's), by name: who an applicant may turn to.
    public func moderators(communityID: Int64) throws -> [User] {
        try readNow { db in
            try User.fetchAll(db, cached: """
                SELECT user.* FROM membership JOIN user ON user.id = membership.user_id
                WHERE membership.community_id = ? AND membership.role = 'moderator'
                ORDER BY user.display_name COLLATE NOCASE
                """, [communityID])
        }
    }
}
