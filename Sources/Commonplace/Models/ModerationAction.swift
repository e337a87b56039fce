import Foundation
import GRDB

/// One row of the moderation log: who did what to which target, why, and when. Written in the same
/// transaction as the action itself, so the log can neither miss an action nor record one that failed.
public struct ModerationAction: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "moderation_action"

    /// Every kind of moderator and site-admin action.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case hidePost = "hide_post", restorePost = "restore_post", editPost = "edit_post"
        case approvePost = "approve_post", declinePost = "decline_post", autoHidePost = "auto_hide_post"
        case resolveFlag = "resolve_flag"
        case autoHideDiscussion = "auto_hide_discussion"
        case lockDiscussion = "lock_discussion", unlockDiscussion = "unlock_discussion"
        case pinDiscussion = "pin_discussion", unpinDiscussion = "unpin_discussion"
        case moveDiscussion = "move_discussion", mergeDiscussion = "merge_discussion", splitDiscussion = "split_discussion"
        case hideDiscussion = "hide_discussion", restoreDiscussion = "restore_discussion"
        case approveDiscussion = "approve_discussion", declineDiscussion = "decline_discussion"
        case approveResource = "approve_resource", declineResource = "decline_resource"
        case acceptAnswer = "accept_answer"
        case createBoard = "create_board", editBoard = "edit_board", moveBoard = "move_board"
        case archiveBoard = "archive_board", unarchiveBoard = "unarchive_board"
        case approveJoin = "approve_join", declineJoin = "decline_join", invite = "invite"
        case removeMember = "remove_member", appointModerator = "appoint_moderator", dismissModerator = "dismiss_moderator"
        case silenceMember = "silence_member", unsilenceMember = "unsilence_member"
        case setJoinQuestions = "set_join_questions", changeSettings = "change_settings"
        case createCommunity = "create_community", editCommunity = "edit_community"
        case archiveCommunity = "archive_community", reactivateCommunity = "reactivate_community"
        case mergeCommunity = "merge_community"
        case suspendAccount = "suspend_account", liftSuspension = "lift_suspension"
        // Curation of the resource library
        case featureResource = "feature_resource", unfeatureResource = "unfeature_resource"
        case reviewResource = "review_resource", markOutdated = "mark_outdated", markCurrent = "mark_current"
        case archiveResource = "archive_resource", unarchiveResource = "unarchive_resource"
        case createCollection = "create_collection", editCollection = "edit_collection", deleteCollection = "delete_collection"
        case addToCollection = "add_to_collection", removeFromCollection = "remove_from_collection"
        case reorderCollection = "reorder_collection"
        // Email
        case retryMail = "retry_mail"
        // Site settings: one row per setting changed, its old and new values in `reason`
        case changeSiteSetting = "change_site_setting"

        /// How the log page names it.
        public var label: String {
            rawValue.replacingOccurrences(of: "_", with: " ").capitalizedFirst
        }
    }

    /// What the action was done to.
    public enum TargetType: String, Codable, Sendable {
        case post, discussion, board, user, community, flag, joinRequest = "join_request", invitation
        case resource, collection
        case mail
        case site
    }

    public var id: Int64?
    /// The community it concerns; nil for site-wide actions (suspending an account).
    public var communityId: Int64?
    /// Who did it; nil for the system (a post hidden automatically after enough flags).
    public var actorId: Int64?
    public var action: Kind
    public var targetType: TargetType
    public var targetId: Int64?
    /// A readable name for the target as it was then (a title, a handle), kept if the target goes.
    public var targetLabel: String = ""
    public var reason: String = ""
    public var createdAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public init(communityId: Int64?, actorId: Int64?, action: Kind, targetType: TargetType, targetId: Int64?,
                targetLabel: String = "", reason: String = "", createdAt: Date) {
        self.communityId = communityId
        self.actorId = actorId
        self.action = action
        self.targetType = targetType
        self.targetId = targetId
        self.targetLabel = String(targetLabel.prefix(200))
        self.reason = reason
        self.createdAt = createdAt
    }
}

extension String {
    /// The string with its first letter in upper case ("hide post" → "Hide post").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

extension AppDatabase {
    /// Records a moderation action inside the caller's transaction.
    static func log(_ db: Database, _ entry: ModerationAction) throws {
        var entry = entry
        try entry.insert(db)
    }
}
