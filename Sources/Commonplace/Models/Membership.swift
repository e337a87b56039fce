import Foundation
import GRDB

/// A user's membership of a community, as member or moderator.
public struct Membership: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "membership"

    /// What a member may do inside the community.
    public enum Role: String, Codable, Sendable, CaseIterable {
        case member, moderator
    }

    public var id: Int64?
    public var communityId: Int64
    public var userId: Int64
    public var role: Role
    public var createdAt: Date
    /// While set and in the future, the member may read the community but not post in it.
    public var silencedUntil: Date? = nil
    public var silenceReason: String = ""

    public func isSilenced(at now: Date) -> Bool { silencedUntil.map { $0 > now } ?? false }

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A screening question a community asks people who request to join.
public struct JoinQuestion: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "join_question"
    /// A community asks at most this many questions.
    public static let maxCount = 5
    public static let maxLength = 300

    public var id: Int64?
    public var communityId: Int64
    public var position: Int
    public var text: String

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A request to join a by-request community, decided by its moderators.
public struct JoinRequest: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "join_request"
    public static let maxMessageLength = 2_000
    public static let maxAnswerLength = 1_000
    public static let maxReasonLength = 1_000

    public enum Status: String, Codable, Sendable { case pending, approved, declined, withdrawn }

    public var id: Int64?
    public var communityId: Int64
    public var userId: Int64
    public var message: String
    /// The answers as a JSON array of strings, in question order.
    public var answers: String = "[]"
    public var status: Status = .pending
    public var reason: String = ""
    public var decidedBy: Int64? = nil
    public var decidedAt: Date? = nil
    public var createdAt: Date

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The answers decoded (empty when none).
    public var answerList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(answers.utf8))) ?? []
    }

    static func encode(_ answers: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(answers), as: UTF8.self)) ?? "[]"
    }
}

/// A single-use, expiring invitation to join a community; only the SHA-256 of its token is stored.
public struct Invitation: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "invitation"
    /// How long an invitation link stays valid.
    public static let lifetime: TimeInterval = 14 * 24 * 3600

    public var id: Int64?
    public var communityId: Int64
    public var invitedBy: Int64?
    public var inviteeUserId: Int64?
    public var inviteeEmail: String = ""
    public var tokenHash: String
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date? = nil
    public var usedBy: Int64? = nil

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Membership {
    /// Read by column name, not through `Codable` (see `User.init(row:)`): every signed-in request reads these.
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        communityId = try row.decode(forColumn: "community_id")
        userId = try row.decode(forColumn: "user_id")
        role = try row.decode(forColumn: "role")
        createdAt = try row.storedDate("created_at")
        silencedUntil = try row.storedDateIfPresent("silenced_until")
        silenceReason = try row.decode(forColumn: "silence_reason")
    }
}

extension Membership.Role: DatabaseValueConvertible {}
