import Foundation
import GRDB

/// What a helpful mark is on.
public enum HelpfulTarget: Sendable, Equatable {
    case post(Int64)
    case resource(Int64)

    var column: String {
        switch self {
        case .post: "post_id"
        case .resource: "resource_id"
        }
    }

    var table: String {
        switch self {
        case .post: "post"
        case .resource: "resource"
        }
    }

    var id: Int64 {
        switch self {
        case .post(let id), .resource(let id): id
        }
    }

    /// "post" or "resource", for messages.
    var noun: String { table }
}

extension AppDatabase {
    static func alreadyHelpful(_ target: HelpfulTarget) -> String {
        "You have already marked this \(target.noun) helpful: one mark per member."
    }

    static func notMarkedHelpful(_ target: HelpfulTarget) -> String {
        "You have not marked this \(target.noun) helpful, so there is no mark to take back."
    }

    static func notMarkable(_ target: HelpfulTarget) -> String {
        switch target {
        case .post: "Only visible posts can be marked helpful: this one is deleted, hidden or awaiting approval."
        case .resource: "This resource is awaiting a moderator's approval: it can be marked helpful once it is approved."
        }
    }

    /// Adds a member's helpful mark (or with `marked` false takes it back) and updates the item's counter, in one
    /// transaction. 409 when the mark is already there (or not there to take back), or the item cannot be marked now.
    public func setHelpful(_ target: HelpfulTarget, userID: Int64, marked: Bool, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM helpful_mark WHERE user_id = ? AND \(target.column) = ?)",
                                           arguments: [userID, target.id]) ?? false
            if marked {
                guard !exists else { throw AppError.conflict(Self.alreadyHelpful(target)) }
                guard try Self.isMarkable(db, target) else { throw AppError.conflict(Self.notMarkable(target)) }
                try db.execute(sql: "INSERT INTO helpful_mark(user_id, \(target.column), created_at) VALUES (?, ?, ?)",
                               arguments: [userID, target.id, now])
                try db.execute(sql: "UPDATE \(target.table) SET helpful_count = helpful_count + 1 WHERE id = ?", arguments: [target.id])
                if case .post(let postID) = target { try Self.recordHelpful(db, postID: postID, userID: userID, now: now) }
            } else {
                guard exists else { throw AppError.conflict(Self.notMarkedHelpful(target)) }
                try db.execute(sql: "DELETE FROM helpful_mark WHERE user_id = ? AND \(target.column) = ?", arguments: [userID, target.id])
                try db.execute(sql: "UPDATE \(target.table) SET helpful_count = MAX(0, helpful_count - 1) WHERE id = ?",
                               arguments: [target.id])
            }
        }
    }

    /// Records a helpful mark on a post for its author (grouped by the fan-out: "3 people found your post helpful").
    static func recordHelpful(_ db: Database, postID: Int64, userID: Int64, now: Date) throws {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT p.author_id, p.discussion_id, d.community_id, d.board_id FROM post p JOIN discussion d ON d.id = p.discussion_id
            WHERE p.id = ?
            """, arguments: [postID]) else { return }
        try record(db, Event(kind: .helpfulMarked, actorID: userID, communityID: row[2], boardID: row[3], discussionID: row[1],
                             postID: postID, subjectID: row[0], createdAt: now))
    }

    /// A post can be marked while it is visible in a listed discussion; a resource once it is approved.
    static func isMarkable(_ db: Database, _ target: HelpfulTarget) throws -> Bool {
        switch target {
        case .post(let id):
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM post p JOIN discussion d ON d.id = p.discussion_id
                  WHERE p.id = ? AND p.deleted_at IS NULL AND p.hidden_at IS NULL AND p.held_at IS NULL
                    AND d.held_at IS NULL AND d.hidden_at IS NULL)
                """, arguments: [id]) ?? false
        case .resource(let id):
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM resource WHERE id = ? AND held_at IS NULL)", arguments: [id]) ?? false
        }
    }

    /// A resource's helpful count and whether `userID` marked it (for the resource page's helpful control).
    public func helpfulState(resourceID: Int64, userID: Int64?) async throws -> (count: Int, marked: Bool) {
        try await reader.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT helpful_count FROM resource WHERE id = ?", arguments: [resourceID]) ?? 0
            guard let userID else { return (count, false) }
            let marked = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM helpful_mark WHERE user_id = ? AND resource_id = ?)",
                                           arguments: [userID, resourceID]) ?? false
            return (count, marked)
        }
    }

    /// How many helpful marks the item has, counted from the marks themselves (tests compare it with the counter).
    public func helpfulMarkCount(_ target: HelpfulTarget) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM helpful_mark WHERE \(target.column) = ?", arguments: [target.id]) ?? 0
        }
    }

    /// The item's stored counter.
    public func helpfulCounter(_ target: HelpfulTarget) async throws -> Int {
        try await reader.read { db in
            try Int.fetchOne(db, sql: "SELECT helpful_count FROM \(target.table) WHERE id = ?", arguments: [target.id]) ?? 0
        }
    }

    /// Ids as a JSON array, bound as one parameter and read with `json_each` (no limit on the number of ids).
    static func jsonArray<T: CustomStringConvertible>(_ values: [T]) -> String {
        "[" + values.map(\.description).joined(separator: ",") + "]"
    }

    /// Strings as a JSON array, for `json_each`.
    static func jsonStrings(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}
