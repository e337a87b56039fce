import Foundation
import GRDB

/// A collection with how many of its resources the viewer sees.
public struct CollectionSummary: Sendable {
    public var collection: ResourceCollection
    public var resourceCount: Int
}

/// A resource in a collection, in its place.
public struct CollectionEntry: Sendable {
    public var position: Int
    public var resource: Resource
}

extension AppDatabase {
    // MARK: - Reading

    /// The community's collections, oldest first, each with the number of resources `visible` lets through
    /// (the Guardian's `collectionResourceSQL(in:)`).
    public func collections(communityID: Int64, visible: SQL) async throws -> [CollectionSummary] {
        try await reader.read { db in
            let rows = try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT collection.*, (SELECT COUNT(*) FROM collection_item JOIN resource ON resource.id = collection_item.resource_id
                                     WHERE collection_item.collection_id = collection.id AND \(visible)) AS resource_count
                FROM collection WHERE community_id = \(communityID) ORDER BY created_at, id
                """))
            return try rows.map { CollectionSummary(collection: try ResourceCollection(row: $0), resourceCount: $0["resource_count"]) }
        }
    }

    public func collection(communityID: Int64, slug: String) async throws -> ResourceCollection? {
        try await reader.read { db in
            try ResourceCollection.filter(Column("community_id") == communityID && Column("slug") == slug).fetchOne(db)
        }
    }

    /// A collection's resources in order, those `visible` lets through (the Guardian's `collectionResourceSQL(in:)`).
    public func collectionEntries(collectionID: Int64, visible: SQL) async throws -> [CollectionEntry] {
        try await reader.read { db in
            try Row.fetchAll(db, SQLRequest<Row>(literal: """
                SELECT collection_item.position AS item_position, resource.* FROM collection_item
                JOIN resource ON resource.id = collection_item.resource_id
                WHERE collection_item.collection_id = \(collectionID) AND \(visible)
                ORDER BY collection_item.position
                """)).map { CollectionEntry(position: $0["item_position"], resource: try Resource(row: $0)) }
        }
    }

    /// The community's collections that hold `resourceID`, and those that do not (for the curation panel).
    public func collections(communityID: Int64, aroundResource resourceID: Int64) async throws -> (holding: [ResourceCollection], others: [ResourceCollection]) {
        try await reader.read { db in
            let all = try ResourceCollection.filter(Column("community_id") == communityID).order(Column("created_at"), Column("id")).fetchAll(db)
            let holding = Set(try Int64.fetchAll(db, sql: "SELECT collection_id FROM collection_item WHERE resource_id = ?", arguments: [resourceID]))
            return (all.filter { holding.contains($0.id!) }, all.filter { !holding.contains($0.id!) })
        }
    }

    // MARK: - Writing

    /// Creates a collection holding `resourceIDs` in that order, with its log row, in one transaction. Throws
    /// `SlugTaken` when the community already has that slug, and 400 when a resource is not in its community.
    /// Seeders call it too (without a log row): `createCollection(ResourceCollection(…), resourceIDs: [3, 1, 2])`.
    @discardableResult
    public func createCollection(_ collection: ResourceCollection, resourceIDs: [Int64] = [], log: ModerationAction? = nil,
                                 checking check: WriteCheck) async throws -> ResourceCollection {
        try await write(checking: check) { db in
            try Self.ensureFreeSlug(db, collection)
            var collection = collection
            try collection.insert(db)
            for id in resourceIDs {
                try Self.append(db, resourceID: id, to: collection, by: collection.createdBy, at: collection.createdAt)
            }
            if var log { log.targetId = collection.id; try Self.log(db, log) }
            return collection
        }
    }

    /// Saves a collection's title, slug and introduction; throws `SlugTaken` on a clash within the community.
    public func updateCollection(_ collection: ResourceCollection, log: ModerationAction, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard try ResourceCollection.exists(db, key: collection.id!) else { throw AppError.notFound }
            try Self.ensureFreeSlug(db, collection)
            try collection.update(db)
            try Self.log(db, log)
        }
    }

    public func deleteCollection(id: Int64, log: ModerationAction, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard try ResourceCollection.deleteOne(db, key: id) else { throw AppError.notFound }
            try Self.log(db, log)
        }
    }

    /// Adds a resource at the end of a collection, with its log row. 404 when either is gone; 400 when the
    /// resource is in another community; 409 when it is already there, archived, held, or the collection is full.
    public func addToCollection(collectionID: Int64, resourceID: Int64, by stamp: ModeratorStamp, log: ModerationAction,
                                checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let collection = try ResourceCollection.fetchOne(db, key: collectionID) else { throw AppError.notFound }
            try Self.append(db, resourceID: resourceID, to: collection, by: stamp.moderatorID, at: stamp.at)
            try Self.log(db, log)
        }
    }

    /// Takes a resource out of a collection and closes the gap, with its log row (404 when it is not there).
    public func removeFromCollection(collectionID: Int64, resourceID: Int64, log: ModerationAction, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard try CollectionItem.deleteOne(db, key: ["collection_id": collectionID, "resource_id": resourceID]) else {
                throw AppError.notFound
            }
            try Self.renumber(db, collectionID: collectionID, order: try Self.itemIDs(db, collectionID))
            try Self.log(db, log)
        }
    }

    /// Swaps a resource with its neighbour above (`-1`) or below (`+1`), with its log row. 404 when it is not in
    /// the collection, 409 when it is already first (or last).
    public func moveInCollection(collectionID: Int64, resourceID: Int64, by offset: Int, log: ModerationAction,
                                 checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            var order = try Self.itemIDs(db, collectionID)
            guard let index = order.firstIndex(of: resourceID) else { throw AppError.notFound }
            let target = index + offset
            guard order.indices.contains(target) else {
                throw AppError.conflict("This resource is already \(offset < 0 ? "first" : "last") in the collection.")
            }
            order.swapAt(index, target)
            try Self.renumber(db, collectionID: collectionID, order: order)
            try Self.log(db, log)
        }
    }

    // MARK: - Helpers (inside a transaction)

    private static func ensureFreeSlug(_ db: Database, _ collection: ResourceCollection) throws {
        var clash = ResourceCollection.filter(Column("community_id") == collection.communityId && Column("slug") == collection.slug)
        if let id = collection.id { clash = clash.filter(Column("id") != id) }
        if try clash.fetchCount(db) > 0 { throw SlugTaken() }
    }

    /// Appends one resource after checking it may go into the collection.
    private static func append(_ db: Database, resourceID: Int64, to collection: ResourceCollection, by userID: Int64?, at now: Date) throws {
        guard let resource = try Resource.fetchOne(db, key: resourceID) else { throw AppError.notFound }
        if let refusal = addRefusal(resource, to: collection) { throw refusal }
        let ids = try itemIDs(db, collection.id!)
        if ids.contains(resourceID) { throw AppError.conflict("“\(resource.title)” is already in this collection.") }
        if ids.count >= ResourceCollection.Limits.items {
            throw AppError.conflict("A collection holds at most \(ResourceCollection.Limits.items) resources.")
        }
        var item = CollectionItem(collectionId: collection.id!, resourceId: resourceID, position: ids.count + 1, addedBy: userID, addedAt: now)
        try item.insert(db)
    }

    /// Why `resource` may not go into `collection` (400 for another community, 409 for its state), or nil.
    static func addRefusal(_ resource: Resource, to collection: ResourceCollection) -> AppError? {
        if resource.communityId != collection.communityId { return .badRequest(CollectionMessages.otherCommunity) }
        if resource.isHeld { return .conflict("“\(resource.title)” is awaiting approval: approve it before adding it to a collection.") }
        if resource.isArchived { return .conflict("“\(resource.title)” is archived: unarchive it before adding it to a collection.") }
        return nil
    }

    private static func itemIDs(_ db: Database, _ collectionID: Int64) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT resource_id FROM collection_item WHERE collection_id = ? ORDER BY position, added_at",
                           arguments: [collectionID])
    }

    /// Positions 1, 2, 3 … in `order`.
    private static func renumber(_ db: Database, collectionID: Int64, order: [Int64]) throws {
        for (index, id) in order.enumerated() {
            try db.execute(sql: "UPDATE collection_item SET position = ? WHERE collection_id = ? AND resource_id = ? AND position <> ?",
                           arguments: [index + 1, collectionID, id, index + 1])
        }
    }
}

/// Messages shared by the collection pages and the database's own checks.
enum CollectionMessages {
    static let otherCommunity = "That resource is not in this community."
}

extension AppDatabase {
    /// How many collections a community has (every one is visible to whoever sees the community).
    public func collectionCount(communityID: Int64) async throws -> Int {
        try readNow { db in try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM collection WHERE community_id = ?", [communityID]) ?? 0 }
    }
}
