import Foundation
import GRDB

/// A resource shared in a community's library: a link or an uploaded file, described in Markdown.
public struct Resource: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "resource"

    /// What kind of resource it is.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case guide, template, policy, toolkit, recording, article, dataset, course, other

        public var label: String { rawValue.capitalizedFirst }
    }

    public var id: Int64?
    public var communityId: Int64
    /// Its own discussion, for questions and comments.
    public var discussionId: Int64?
    public var authorId: Int64?
    public var title: String
    public var type: Kind
    /// A link (http or https only); nil for an uploaded file.
    public var url: String?
    /// The generated name the uploaded file is stored under (never the user's file name).
    public var fileStorageName: String?
    /// The file name the member uploaded, shown and offered on download.
    public var fileName: String?
    public var fileContentType: String?
    public var fileSize: Int?
    public var descriptionMarkdown: String = ""
    public var descriptionHtml: String = ""
    /// Who it is for ("finance leads", "new privacy officers" …).
    public var audience: String = ""
    /// The author's or a moderator's date by which it should be checked again.
    public var reviewBy: Date?
    /// When a moderator last confirmed it is current.
    public var lastReviewedAt: Date?
    public var lastReviewedBy: Int64?
    /// Featured by a moderator: first in the library and on the community page.
    public var featuredAt: Date?
    /// Marked outdated by a moderator: a warning, and it ranks below current resources.
    public var outdatedAt: Date?
    public var outdatedNote: String = ""
    /// Archived by a moderator: kept, but out of the library's lists.
    public var archivedAt: Date?
    /// Waiting for a moderator's approval (communities that require it): only its author and moderators see it.
    public var heldAt: Date?
    public var helpfulCount: Int = 0
    public var createdAt: Date
    public var updatedAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public var isFile: Bool { fileStorageName != nil }
    public var isFeatured: Bool { featuredAt != nil }
    public var isOutdated: Bool { outdatedAt != nil }
    public var isArchived: Bool { archivedAt != nil }
    public var isHeld: Bool { heldAt != nil }
}

extension Resource {
    /// Length limits, in characters.
    public enum Limits {
        public static let title = 200
        public static let url = 2_000
        public static let audience = 120
        public static let tags = 10
        public static let tag = 40
        public static let description = 20_000
    }
}
