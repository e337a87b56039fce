import Foundation
import GRDB

/// A community of practice.
public struct Community: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "community"

    /// Who may read it: everyone, or only its members.
    public enum Visibility: String, Codable, Sendable, CaseIterable { case `public`, members }
    /// How people join.
    public enum JoinPolicy: String, Codable, Sendable, CaseIterable { case open, request, invite }
    /// Active, or inactive (archived: kept for reading).
    public enum Status: String, Codable, Sendable, CaseIterable { case active, inactive }
    /// Who runs it: the alliance itself, or a system partner.
    public enum Steward: String, Codable, Sendable, CaseIterable { case alliance, partner }

    /// The three types of community of practice; a community may be several at once.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case exchange, strategy, change

        /// The wording used in the directory.
        public var label: String {
            switch self {
            case .exchange: "Link people for information exchange and learning"
            case .strategy: "Help people share ideas, goals, and strategies"
            case .change: "Enable members to work together for change"
            }
        }

        /// A short form for badges.
        public var shortLabel: String {
            switch self {
            case .exchange: "Information exchange"
            case .strategy: "Ideas, goals and strategies"
            case .change: "Working together for change"
            }
        }
    }

    public var id: Int64?
    public var slug: String
    public var name: String
    public var summary: String
    public var description: String
    public var visibility: Visibility
    public var joinPolicy: JoinPolicy
    public var howToJoin: String = ""
    public var status: Status = .active
    public var inactiveSince: String?
    public var steward: Steward = .alliance
    public var partnerName: String = ""
    public var meetingRhythm: String = ""
    public var founded: String = ""
    public var typeExchange: Bool = false
    public var typeStrategy: Bool = false
    public var typeChange: Bool = false
    public var parentId: Int64?
    public var position: Int = 0
    public var createdAt: Date
    public var updatedAt: Date
    /// The approval queue: a member's first this-many posts wait for a moderator (0: none are held).
    public var holdFirstPosts: Int = 0
    /// A post flagged by this many members is hidden automatically until a moderator reviews it.
    public var flagHideThreshold: Int = Community.defaultFlagHideThreshold
    /// The dashboard lists questions left unanswered for more than this many days.
    public var unansweredAfterDays: Int = Community.defaultUnansweredAfterDays
    /// When a site admin archived it (made it inactive).
    public var archivedAt: Date? = nil
    /// The community that carries on its work, shown on the inactive banner.
    public var successorId: Int64? = nil
    /// Set when the community was merged into another: its pages redirect there.
    public var mergedIntoId: Int64? = nil

    mutating public func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The types this community has, in the canonical order.
    public var kinds: [Kind] {
        get {
            Kind.allCases.filter { kind in
                switch kind {
                case .exchange: typeExchange
                case .strategy: typeStrategy
                case .change: typeChange
                }
            }
        }
        set {
            typeExchange = newValue.contains(.exchange)
            typeStrategy = newValue.contains(.strategy)
            typeChange = newValue.contains(.change)
        }
    }

    /// The column that records `kind`, for filtering in SQL.
    static func column(for kind: Kind) -> Column {
        switch kind {
        case .exchange: Column("type_exchange")
        case .strategy: Column("type_strategy")
        case .change: Column("type_change")
        }
    }
}

extension Community {
    public static let defaultFlagHideThreshold = 3
    public static let defaultUnansweredAfterDays = 7
    /// Bounds of the moderation settings a moderator may choose.
    public static let maxHoldFirstPosts = 20
    public static let flagHideThresholdRange = 2...20
    public static let unansweredAfterDaysRange = 1...365

    public var isMerged: Bool { mergedIntoId != nil }

    /// Length limits for community fields, in characters.
    public enum Limits {
        public static let slug = 40
        public static let name = 100
        public static let summary = 200
        public static let description = 10_000
        public static let howToJoin = 500
        public static let partnerName = 120
        public static let meetingRhythm = 60
    }
}

extension Community {
    /// Read by column name, not through `Codable` (see `User.init(row:)`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        slug = try row.decode(forColumn: "slug")
        name = try row.decode(forColumn: "name")
        summary = try row.decode(forColumn: "summary")
        description = try row.decode(forColumn: "description")
        visibility = try row.decode(forColumn: "visibility")
        joinPolicy = try row.decode(forColumn: "join_policy")
        howToJoin = try row.decode(forColumn: "how_to_join")
        status = try row.decode(forColumn: "status")
        inactiveSince = try row.decode(forColumn: "inactive_since")
        steward = try row.decode(forColumn: "steward")
        partnerName = try row.decode(forColumn: "partner_name")
        meetingRhythm = try row.decode(forColumn: "meeting_rhythm")
        founded = try row.decode(forColumn: "founded")
        typeExchange = try row.decode(forColumn: "type_exchange")
        typeStrategy = try row.decode(forColumn: "type_strategy")
        typeChange = try row.decode(forColumn: "type_change")
        parentId = try row.decode(forColumn: "parent_id")
        position = try row.decode(forColumn: "position")
        createdAt = try row.storedDate("created_at")
        updatedAt = try row.storedDate("updated_at")
        holdFirstPosts = try row.decode(forColumn: "hold_first_posts")
        flagHideThreshold = try row.decode(forColumn: "flag_hide_threshold")
        unansweredAfterDays = try row.decode(forColumn: "unanswered_after_days")
        archivedAt = try row.storedDateIfPresent("archived_at")
        successorId = try row.decode(forColumn: "successor_id")
        mergedIntoId = try row.decode(forColumn: "merged_into_id")
    }
}

extension Community.Visibility: DatabaseValueConvertible {}
extension Community.JoinPolicy: DatabaseValueConvertible {}
extension Community.Status: DatabaseValueConvertible {}
extension Community.Steward: DatabaseValueConvertible {}
