import Foundation
import GRDB

/// What members have read: the marks saved after page views, and "mark all read" per community.
extension AppDatabase {
    /// Saves a batch of read marks (by member, then discussion: the last post number seen), in one transaction.
    /// A mark only moves forward; a discussion deleted meanwhile is skipped.
    func saveReadMarks(_ batch: [Int64: [Int64: Int]]) async throws {
        try await writer.write { db in
            for (userID, discussions) in batch {
                for (discussionID, number) in discussions {
                    try db.cachedStatement(sql: """
                        INSERT INTO discussion_read(user_id, discussion_id, last_read_number)
                        SELECT ?, id, ? FROM discussion WHERE id = ?
                        ON CONFLICT(user_id, discussion_id) DO UPDATE
                        SET last_read_number = max(last_read_number, excluded.last_read_number)
                        """).execute(arguments: [userID, number, discussionID])
                }
            }
            // WITHOUT ROWID: SQLite tells no one of its changes, so `readingCache` is told here.
            try db.notifyChanges(in: Table("discussion_read"))
        }
    }

    /// "?,?,?": `count` bound parameters for an `IN (…)` list.
    static func placeholders(_ count: Int) -> String {
        count <= placeholderLists.count ? placeholderLists[count - 1] : Array(repeating: "?", count: count).joined(separator: ",")
    }

    private static let placeholderLists = (1...64).map { Array(repeating: "?", count: $0).joined(separator: ",") }


    /// `readingState` and, with `watching` (a community and maybe a board), the member's watch levels there, in the
    /// same snapshot: a board page signed in reads its member's rows in one transaction (each costs its locks), kept in
    /// `readingCache` until a table they come from changes (marks not saved yet are merged by the caller).
    public func readingState(userID: Int64, discussionIDs: [Int64], communityIDs: [Int64], watching: (community: Int64, board: Int64?)?)
        throws -> (marks: [Int64: Int], baselines: [Int64: Date], watch: WatchState?) {
        if discussionIDs.isEmpty && watching == nil { return ([:], [:], nil) }
        let key = ReadingKey(userID: userID, discussionIDs: discussionIDs, communityIDs: communityIDs,
                             watchCommunity: watching?.community, watchBoard: watching?.board)
        let rows = try readingCache.value(for: key) {
            try readNow { db in
                ReadingRows(
                    marks: try Self.readMarks(db, userID: userID, discussionIDs: discussionIDs),
                    baselines: try Self.readingBaselines(db, userID: userID, communityIDs: discussionIDs.isEmpty ? [] : communityIDs),
                    watch: try watching.map { try Self.watchState(db, userID: userID, communityID: $0.community, boardID: $0.board) })
            }
        }!
        return (rows.marks, rows.baselines, rows.watch)
    }

    /// The saved marks of `userID` for these discussions (one query for a whole list).

    /// The ids as bound placeholders (`IN (?, ?, …)`: one cached statement per list length, no JSON to parse; a page
    /// lists at most a few dozen).
    static func readMarks(_ db: Database, userID: Int64, discussionIDs: [Int64]) throws -> [Int64: Int] {
        guard !discussionIDs.isEmpty else { return [:] }
        var marks: [Int64: Int] = [:]
        // Built by hand: GRDB's SQL literal spent more building `IN (?, …)` from an array than SQLite ran the query.
        // Existential values: GRDB's init for a sequence of Int64 maps them through a key path, slow unspecialised.
        var values: [(any DatabaseValueConvertible)?] = [userID]
        values.reserveCapacity(discussionIDs.count + 1)
        for id in discussionIDs { values.append(id) }
        let arguments = StatementArguments(values)
        let statement = try db.cachedStatement(sql: "SELECT discussion_id, last_read_number FROM discussion_read WHERE user_id = ? AND discussion_id IN ("
                                               + Self.placeholders(discussionIDs.count) + ")")
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() { marks[row[0]] = row[1] }
        return marks
    }

    /// For each of these communities, the moment before which everything counts as read for `userID`: the later of
    /// when they joined and when they last marked it all read (absent: neither, so only discussions they opened count).

    static func readingBaselines(_ db: Database, userID: Int64, communityIDs: [Int64]) throws -> [Int64: Date] {
        guard !communityIDs.isEmpty else { return [:] }
        var baselines: [Int64: Date] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT c.value,
                   (SELECT created_at FROM membership WHERE community_id = c.value AND user_id = :user),
                   (SELECT read_at FROM community_read WHERE community_id = c.value AND user_id = :user)
            FROM json_each(:ids) c
            """), arguments: ["user": userID, "ids": "[" + communityIDs.map(String.init).joined(separator: ",") + "]"])
        while let row = try rows.next() {
            let dates = [try row.storedDateIfPresent(atIndex: 1), try row.storedDateIfPresent(atIndex: 2)].compactMap { $0 }
            if let latest = dates.max() { baselines[row[0]] = latest }
        }
        return baselines
    }

    /// Everything in the community posted until `now` counts as read for `userID`: one row, however many discussions.
    public func markCommunityRead(userID: Int64, communityID: Int64, now: Date, checking check: WriteCheck) async throws {
        try await writer.write { db in
            try check.run(db)
            try db.execute(sql: """
                INSERT INTO community_read(user_id, community_id, read_at) VALUES (?, ?, ?)
                ON CONFLICT(user_id, community_id) DO UPDATE SET read_at = excluded.read_at
                """, arguments: [userID, communityID, now])
            try db.notifyChanges(in: Table("community_read"))  // WITHOUT ROWID: see `saveReadMarks`
        }
    }
}

/// What one member's list asks of `readingState` (`AppDatabase.readingCache`'s key).
struct ReadingKey: Hashable, Sendable {
    let userID: Int64
    let discussionIDs: [Int64]
    let communityIDs: [Int64]
    let watchCommunity: Int64?
    let watchBoard: Int64?
}

/// A member's saved read marks, baselines and watch levels for one list.
struct ReadingRows: Sendable {
    let marks: [Int64: Int]
    let baselines: [Int64: Date]
    let watch: WatchState?
}
