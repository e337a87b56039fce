import Foundation
import GRDB

/// A question submitted before a guest-speaker Q&A. An anonymous one shows as "a member" to everyone but the
/// community's moderators; a duplicate is merged into another (its votes count there).
public struct MeetingQuestion: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "meeting_question"

    public var id: Int64?
    public var occurrenceId: Int64
    public var authorId: Int64?
    public var body: String
    public var isAnonymous: Bool = false
    public var mergedIntoId: Int64? = nil
    /// The moderators' order (nil: by votes).
    public var position: Int? = nil
    public var answeredAt: Date? = nil
    public var answerNote: String = ""
    public var hiddenAt: Date? = nil
    public var createdAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    public enum Limits {
        public static let body = 1_000
        public static let answerNote = 5_000
    }
}

/// One member's upvote of a question (one each).
public struct MeetingQuestionVote: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "meeting_question_vote"

    public var questionId: Int64
    public var userId: Int64
    public var createdAt: Date
}

/// An action item of an occurrence's record, with an optional owner (a member).
public struct MeetingActionItem: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "meeting_action_item"

    public var id: Int64?
    public var occurrenceId: Int64
    public var text: String
    public var ownerId: Int64? = nil
    public var doneAt: Date? = nil
    public var position: Int = 0

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A resource of the community library attached to an occurrence (slides, documents).
public struct MeetingResource: SnakeCaseRecord, Sendable, Equatable {
    public static let databaseTableName = "meeting_resource"

    public var occurrenceId: Int64
    public var resourceId: Int64
}
