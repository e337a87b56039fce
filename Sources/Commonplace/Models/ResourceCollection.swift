import Foundation
import GRDB

/// A collection: an ordered list of a community's resources with a Markdown introduction, made by its moderators
/// ("Start here", "Templates for year-end"). Named `ResourceCollection` in code so it never shadows Swift's `Collection`.
public struct ResourceCollection: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "collection"

    public var id: Int64?
    public var communityId: Int64
    public var slug: String
    public var title: String
    public var introductionMarkdown: String = ""
    public var introductionHtml: String = ""
    public var createdBy: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(communityId: Int64, slug: String, title: String, introduction: RenderedText = .empty,
                createdBy: Int64?, createdAt: Date) {
        self.communityId = communityId
        self.slug = slug
        self.title = title
        introductionMarkdown = introduction.markdown
        introductionHtml = introduction.html
        self.createdBy = createdBy
        self.createdAt = createdAt
        updatedAt = createdAt
    }
}

extension ResourceCollection {
    /// Length limits, in characters (and the most resources one collection holds).
    public enum Limits {
        public static let title = 120
        public static let slug = 40
        public static let introduction = 10_000
        public static let items = 200
    }

    /// Slugs a collection cannot take because a page of the collections area already lives there.
    public static let reservedSlugs: Set<String> = ["new"]
}

/// One resource's place in a collection.
public struct CollectionItem: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "collection_item"

    public var collectionId: Int64
    public var resourceId: Int64
    /// 1, 2, 3 … without gaps.
    public var position: Int
    public var addedBy: Int64?
    public var addedAt: Date
}
