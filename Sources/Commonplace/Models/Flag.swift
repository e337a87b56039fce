import Foundation
import GRDB

/// A member's report of a post or a whole discussion to the community's moderators.
public struct Flag: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "flag"
    public static let maxNoteLength = 1_000

    /// Why it was flagged.
    public enum Reason: String, Codable, Sendable, CaseIterable {
        case spam, offTopic = "off_topic", disrespectful, privateData = "private_data", other

        public var label: String {
            switch self {
            case .spam: "Spam or advertising"
            case .offTopic: "Off-topic for this community"
            case .disrespectful: "Disrespectful or abusive"
            case .privateData: "Contains personal health information or other private data"
            case .other: "Something else (say what)"
            }
        }
    }

    /// Open until a moderator resolves it by hiding, editing, or dismissing.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case open, hidden, edited, dismissed

        /// How the outcome reads to the member who flagged.
        public var outcome: String {
            switch self {
            case .open: "Waiting for a moderator"
            case .hidden: "A moderator hid it"
            case .edited: "A moderator edited it"
            case .dismissed: "A moderator reviewed it and left it as it was"
            }
        }
    }

    public var id: Int64?
    public var communityId: Int64
    public var discussionId: Int64
    /// The flagged post; nil when the discussion as a whole was flagged.
    public var postId: Int64?
    public var flaggerId: Int64
    public var reason: Reason
    public var note: String = ""
    public var status: Status = .open
    public var resolutionNote: String = ""
    public var resolvedBy: Int64? = nil
    public var resolvedAt: Date? = nil
    public var createdAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
