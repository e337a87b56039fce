import Foundation
import GRDB

/// A board of a community: where its discussions live.
public struct Board: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "board"

    public enum Limits {
        public static let name = 60
        public static let slug = 40
        public static let description = 300
    }

    public var id: Int64?
    public var communityId: Int64
    public var slug: String
    public var name: String
    public var description: String = ""
    public var position: Int
    public var archivedAt: Date? = nil
    public var createdAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isArchived: Bool { archivedAt != nil }
}

extension Board {
    /// Read by column name, not through `Codable` (see `User.init(row:)`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        communityId = try row.decode(forColumn: "community_id")
        slug = try row.decode(forColumn: "slug")
        name = try row.decode(forColumn: "name")
        description = try row.decode(forColumn: "description")
        position = try row.decode(forColumn: "position")
        archivedAt = try row.storedDateIfPresent("archived_at")
        createdAt = try row.storedDate("created_at")
    }
}
