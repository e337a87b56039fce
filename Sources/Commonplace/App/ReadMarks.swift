import Synchronization

/// How far each member has read each discussion, gathered in memory after page views and saved in batches with the view
/// counts (`ViewCounter.flush`), so reading a discussion costs no write on its request. Only signed-in members are
/// recorded; a mark only moves forward, and a batch that fails to save is merged back.
public final class ReadMarks: Sendable {
    /// By member, then by discussion: the last post number seen.
    private let pending = Mutex<[Int64: [Int64: Int]]>([:])

    public init() {}

    /// Member `userID` has seen discussion `discussionID` up to post `number`.
    public func record(userID: Int64, discussionID: Int64, number: Int) {
        pending.withLock { marks in
            if marks[userID]?[discussionID] ?? 0 < number { marks[userID, default: [:]][discussionID] = number }
        }
    }

    /// The unsaved marks of one member (merged over what the database holds, so a list reflects a page just read).
    public func unsaved(userID: Int64) -> [Int64: Int] {
        pending.withLock { $0[userID] ?? [:] }
    }


    /// Marks gathered, not yet saved (for `/metrics` and tests).
    var pendingCount: Int {
        pending.withLock { $0.values.reduce(0) { $0 + $1.count } }
    }

    /// Saves what has been gathered; on failure keeps it for the next flush.
    func flush(to database: AppDatabase) async throws {
        let batch = pending.withLock { marks -> [Int64: [Int64: Int]] in
            defer { marks = [:] }
            return marks
        }
        guard !batch.isEmpty else { return }
        do {
            try await database.saveReadMarks(batch)
        } catch {
            pending.withLock { marks in
                for (user, discussions) in batch {
                    marks[user, default: [:]].merge(discussions, uniquingKeysWith: max)
                }
            }
            throw error
        }
    }
}
