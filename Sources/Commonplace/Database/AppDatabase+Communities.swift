import Foundation
import GRDB

/// The slug is already used by another community.
public struct SlugTaken: Error, Equatable {}

/// What the directory can be narrowed to.
public struct DirectoryFilter: Sendable, Equatable {
    public var kind: Community.Kind?
    public var status: Community.Status?

    public init(kind: Community.Kind? = nil, status: Community.Status? = nil) {
        self.kind = kind
        self.status = status
    }
}

extension AppDatabase {
    /// Directory entries matching `filter`, sub-communities right after their parent.
    public func communities(_ filter: DirectoryFilter = .init()) async throws -> [Community] {
        let rows = try allCommunities().filter { community in
            (filter.kind.map { community.kinds.contains($0) } ?? true) && (filter.status.map { community.status == $0 } ?? true)
        }
        return Self.parentsThenChildren(rows)
    }

    /// Every community by position and name, from the cache (see `CommunityCache`).
    func allCommunities() throws -> [Community] {
        try communityCache.all {
            try readNow { db in try Community.fetchAll(db, cached: "SELECT * FROM community ORDER BY position, name") }
        }
    }

    /// Orders communities so that each parent is followed by its children (a child whose parent is absent stays in place).
    static func parentsThenChildren(_ rows: [Community]) -> [Community] {
        let present = Set(rows.compactMap(\.id))
        let children = Dictionary(grouping: rows.filter { $0.parentId.map(present.contains) ?? false }, by: { $0.parentId! })
        var ordered: [Community] = []
        for row in rows where !(row.parentId.map(present.contains) ?? false) {
            ordered.append(row)
            ordered.append(contentsOf: children[row.id!] ?? [])
        }
        return ordered
    }

    public func community(slug: String) async throws -> Community? {
        try allCommunities().first { $0.slug == slug }
    }

    public func community(id: Int64) async throws -> Community? {
        try allCommunities().first { $0.id == id }
    }

    /// The sub-communities of `communityID`.
    public func children(of communityID: Int64) async throws -> [Community] {
        try allCommunities().filter { $0.parentId == communityID }
    }

    /// Creates a community; throws `SlugTaken` if the slug is used. A site admin's creation (`actorID`) is logged.
    public func createCommunity(_ community: Community, actorID: Int64? = nil, checking check: WriteCheck) async throws -> Community {
        try await write(checking: check) { db in
            if try Community.filter(Column("slug") == community.slug).fetchCount(db) > 0 { throw SlugTaken() }
            var community = community
            if community.position == 0 {
                community.position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM community") ?? 0) + 1
            }
            // A site admin's new community starts with the site's moderation settings for new communities.
            let defaults = try actorID.map { _ in try siteSettingsNow(db).newCommunity }
            if let defaults {
                community.holdFirstPosts = defaults.holdFirstPosts
                community.flagHideThreshold = defaults.flagHideThreshold
                community.unansweredAfterDays = defaults.unansweredAfterDays
            }
            try community.insert(db)
            if let defaults {
                try db.execute(sql: "UPDATE community SET resource_review_months = ?, require_resource_approval = ? WHERE id = ?",
                               arguments: [defaults.resourceReviewMonths, defaults.requireResourceApproval, community.id])
            }
            if let actorID {
                try Self.log(db, ModerationAction(
                    communityId: community.id, actorId: actorID, action: .createCommunity, targetType: .community,
                    targetId: community.id, targetLabel: community.name, createdAt: community.createdAt))
            }
            return community
        }
    }

    /// Saves an edited community; throws `SlugTaken` if its new slug belongs to another. A site admin's edit (`actorID`) is logged.
    public func updateCommunity(_ community: Community, actorID: Int64? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let clash = try Community
                .filter(Column("slug") == community.slug && Column("id") != community.id)
                .fetchCount(db)
            if clash > 0 { throw SlugTaken() }
            try community.update(db)
            if let actorID {
                try Self.log(db, ModerationAction(
                    communityId: community.id, actorId: actorID, action: .editCommunity, targetType: .community,
                    targetId: community.id, targetLabel: community.name, createdAt: community.updatedAt))
            }
        }
    }
}
