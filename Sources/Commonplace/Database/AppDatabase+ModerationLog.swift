import Foundation
import GRDB

/// A moderation log row with its actor and community, for the log pages.
public struct ModerationLogRow: Decodable, FetchableRecord, Sendable {
    public var moderationAction: ModerationAction
    public var actor: User?
    public var community: Community?
}

/// Which log rows to show.
public struct ModerationLogFilter: Sendable, Equatable {
    /// Only this community's rows (nil: every row, for site admins).
    public var communityID: Int64?
    public var action: ModerationAction.Kind?
    /// Only rows by this account (nil: anyone, including the system).
    public var actorID: Int64?

    public init(communityID: Int64? = nil, action: ModerationAction.Kind? = nil, actorID: Int64? = nil) {
        self.communityID = communityID
        self.action = action
        self.actorID = actorID
    }
}

extension ModerationAction {
    static let actor = belongsTo(User.self, key: "actor", using: ForeignKey(["actor_id"]))
    static let community = belongsTo(Community.self, key: "community", using: ForeignKey(["community_id"]))
}

extension AppDatabase {
    /// Log rows per page.
    public static let logPerPage = 50

    /// A page of the moderation log, newest first, and the number of matching rows.
    public func moderationLog(_ filter: ModerationLogFilter, page: Int) async throws -> (rows: [ModerationLogRow], total: Int) {
        try await reader.read { db in
            var request = ModerationAction.all()
            if let id = filter.communityID { request = request.filter(Column("community_id") == id) }
            if let action = filter.action { request = request.filter(Column("action") == action.rawValue) }
            if let actor = filter.actorID { request = request.filter(Column("actor_id") == actor) }
            let total = try request.fetchCount(db)
            let rows = try request
                .including(optional: ModerationAction.actor)
                .including(optional: ModerationAction.community)
                .order(Column("created_at").desc, Column("id").desc)
                .limit(Self.logPerPage, offset: (page - 1) * Self.logPerPage)
                .asRequest(of: ModerationLogRow.self)
                .fetchAll(db)
            return (rows, total)
        }
    }
}
