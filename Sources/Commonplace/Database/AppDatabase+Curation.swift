import Foundation
import GRDB

/// A community's settings for its resource library.
public struct ResourceSettings: Sendable, Equatable {
    /// Resources not reviewed for this many months come up in the review queue.
    public var reviewMonths: Int
    /// Resources shared by members wait for a moderator's approval.
    public var requireApproval: Bool

    public static let reviewMonthsRange = 1...120
}

/// A resource as the curation pages show it: with its author and the moderator who last reviewed it.
public struct CurationRow: Sendable {
    public var resource: Resource
    public var author: User?
    public var reviewer: User?
}

extension AppDatabase {
    /// Applies one curation change to a resource with its log row, in one transaction. Throws 404 when the
    /// resource is gone and 409 (with the reason) when the change conflicts with its state.
    @discardableResult
    public func curate(resourceID: Int64, _ change: CurationChange, by stamp: ModeratorStamp, checking check: WriteCheck) async throws -> Resource {
        try await write(checking: check) { db in
            guard let resource = try Resource.fetchOne(db, key: resourceID) else { throw AppError.notFound }
            if let conflict = resource.conflict(with: change) { throw AppError.conflict(conflict) }
            let changed = resource.applying(change, by: stamp.moderatorID, at: stamp.at)
            try changed.update(db)
            var reason = ""
            if case .markOutdated(let note) = change { reason = note }
            if case .review(let next?) = change { reason = "next review by \(Formatting.day(next))" }
            try Self.log(db, ModerationAction(
                communityId: resource.communityId, actorId: stamp.moderatorID, action: change.action, targetType: .resource,
                targetId: resourceID, targetLabel: resource.title, reason: reason, createdAt: stamp.at))
            return changed
        }
    }

    // MARK: - Settings

    public func resourceSettings(communityID: Int64) async throws -> ResourceSettings {
        try await reader.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT resource_review_months, require_resource_approval FROM community WHERE id = ?",
                                             arguments: [communityID]) else { throw AppError.notFound }
            return ResourceSettings(reviewMonths: row[0], requireApproval: row[1])
        }
    }

    // MARK: - Review queue

    /// Resources last reviewed (or, never reviewed, created) at or before this moment are due for review.
    public static func reviewCutoff(now: Date, months: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }

    /// The condition for a resource of a community that is due for review at `now`: past its review-by date, or
    /// not reviewed for `months` months. Archived, held and outdated resources are not due: a moderator has
    /// already decided about them (or will in the approval queue).
    private static func dueSQL(now: Date, months: Int) -> SQL {
        let cutoff = reviewCutoff(now: now, months: months)
        return """
            (resource.archived_at IS NULL AND resource.held_at IS NULL AND resource.outdated_at IS NULL
             AND ((resource.review_by IS NOT NULL AND resource.review_by <= \(now))
                  OR COALESCE(resource.last_reviewed_at, resource.created_at) <= \(cutoff)))
            """
    }

    /// The community's resources due for review, the longest unreviewed first, with how many there are in all.
    public func resourcesDueForReview(communityID: Int64, now: Date, limit: Int = 100) async throws -> (rows: [CurationRow], total: Int) {
        try await reader.read { db in
            let months = try Int.fetchOne(db, sql: "SELECT resource_review_months FROM community WHERE id = ?", arguments: [communityID]) ?? 12
            let due = Self.dueSQL(now: now, months: months)
            let total = try Int.fetchOne(db, SQLRequest<Int>(literal: "SELECT COUNT(*) FROM resource WHERE community_id = \(communityID) AND \(due)")) ?? 0
            let resources = try Resource.fetchAll(db, SQLRequest<Resource>(literal: """
                SELECT resource.* FROM resource WHERE community_id = \(communityID) AND \(due)
                ORDER BY COALESCE(resource.last_reviewed_at, resource.created_at), resource.id LIMIT \(limit)
                """))
            return (try Self.curationRows(db, resources), total)
        }
    }

    /// The community's resources marked outdated (and not archived), the longest outdated first.
    public func outdatedResources(communityID: Int64) async throws -> [CurationRow] {
        try await reader.read { db in
            let resources = try Resource
                .filter(Column("community_id") == communityID && Column("outdated_at") != nil && Column("archived_at") == nil)
                .order(Column("outdated_at"), Column("id")).fetchAll(db)
            return try Self.curationRows(db, resources)
        }
    }

    /// One resource with its author and last reviewer.
    public func curationRow(resourceID: Int64) async throws -> CurationRow? {
        try await reader.read { db in
            guard let resource = try Resource.fetchOne(db, key: resourceID) else { return nil }
            return try Self.curationRows(db, [resource]).first
        }
    }

    private static func curationRows(_ db: Database, _ resources: [Resource]) throws -> [CurationRow] {
        let ids = Set(resources.flatMap { [$0.authorId, $0.lastReviewedBy].compactMap { $0 } })
        let users = Dictionary(uniqueKeysWithValues: try User.fetchAll(db, keys: Array(ids)).map { ($0.id!, $0) })
        return resources.map { CurationRow(resource: $0, author: $0.authorId.flatMap { users[$0] }, reviewer: $0.lastReviewedBy.flatMap { users[$0] }) }
    }

    // MARK: - Featured

    /// Up to `limit` featured resources of a community for the community page, the most recently featured first.
    /// `visible` is the Guardian's `featuredResourceSQL(in:)`.
    public func featuredResources(communityID: Int64, visible: SQL, limit: Int = 5) async throws -> [FeaturedResource] {
        try readNow { db in
            let (sql, arguments) = try SQL("""
                SELECT id, title, type, outdated_at IS NOT NULL FROM resource WHERE community_id = \(communityID) AND \(visible)
                ORDER BY featured_at DESC, id DESC LIMIT \(limit)
                """).build(db)
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
                FeaturedResource(id: try row.decode(atIndex: 0), title: try row.decode(atIndex: 1),
                                 type: Resource.Kind(rawValue: try row.decode(atIndex: 2)) ?? .other,
                                 isOutdated: try row.decode(atIndex: 3))
            }
        }
    }
}

/// A featured resource as a community page lists it: four columns, not the whole record.
public struct FeaturedResource: Sendable, Equatable {
    public let id: Int64
    public let title: String
    public let type: Resource.Kind
    public let isOutdated: Bool
}
