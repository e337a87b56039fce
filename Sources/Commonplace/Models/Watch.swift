import Foundation
import GRDB

/// A member's chosen level for a community, a board or a discussion: how much of what happens there they hear of.
/// No row means Normal; the most specific row wins (discussion over board over community).
public struct Watch: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "watch"

    /// How much a member hears of what happens in a community, board or discussion.
    public enum Level: String, Codable, Sendable, CaseIterable {
        /// Every new post.
        case watching
        /// The first post of each new discussion (communities and boards only).
        case newDiscussions = "new_discussions"
        /// Only what is addressed to the member (mentions, replies to their posts …): the default, stored as no row.
        case normal
        /// Nothing, not even from the discussions inside, except direct mentions.
        case muted

        /// The name a control shows.
        public var label: String {
            switch self {
            case .watching: "Watching"
            case .newDiscussions: "New discussions"
            case .normal: "Normal"
            case .muted: "Muted"
            }
        }

        /// What the level means for a target of `type`, as the control says it.
        public func explanation(for type: TargetType) -> String {
            switch self {
            case .watching: "every new post"
            case .newDiscussions: "the first post of each new discussion"
            case .normal: "only what is addressed to you"
            case .muted: type == .discussion
                ? "nothing from here, except when someone @mentions you"
                : "nothing from here, not even its discussions, except when someone @mentions you"
            }
        }

        /// Whether a member may choose this level for a target of `type` (New discussions is for communities and
        /// boards: a discussion has only one first post).
        public func applies(to type: TargetType) -> Bool {
            self != .newDiscussions || type != .discussion
        }

        /// The levels a control offers for a target of `type`, from most to least.
        public static func choices(for type: TargetType) -> [Level] {
            allCases.filter { $0.applies(to: type) }
        }
    }

    /// What is watched.
    public enum TargetType: String, Codable, Sendable, CaseIterable {
        case community, board, discussion

        /// How the most specific row is found: a discussion's row decides over its board's, a board's over its community's.
        var specificity: Int {
            switch self {
            case .community: 1
            case .board: 2
            case .discussion: 3
            }
        }
    }

    public var userId: Int64
    public var targetType: TargetType
    public var targetId: Int64
    public var level: Level
    public var updatedAt: Date

    public init(userId: Int64, targetType: TargetType, targetId: Int64, level: Level, updatedAt: Date) {
        self.userId = userId
        self.targetType = targetType
        self.targetId = targetId
        self.level = level
        self.updatedAt = updatedAt
    }
}

extension Watch.Level: DatabaseValueConvertible {}
extension Watch.TargetType: DatabaseValueConvertible {}
