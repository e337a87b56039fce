import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Counts discussion views in memory and adds them to the database in batches, so a page view costs
/// no write. Increments happen under a lock, and a batch that fails to save is merged back: no view is lost.
public final class ViewCounter: Sendable {
    private let pending = Mutex<[Int64: Int]>([:])
    /// How far signed-in members read, saved with the counts.
    public let reads = ReadMarks()

    public init() {}

    public func record(_ discussionID: Int64) {
        pending.withLock { $0[discussionID, default: 0] += 1 }
    }

    /// Views recorded but not yet saved, so pages can show an up-to-date count.
    public func unsaved(_ discussionID: Int64) -> Int {
        pending.withLock { $0[discussionID] ?? 0 }
    }

    /// Views counted in all, not yet saved (for `/metrics`).
    var pendingCount: Int {
        pending.withLock { $0.values.reduce(0, +) }
    }

    /// Hands a merged discussion's unsaved views to the discussion it was merged into.
    public func transfer(from sourceID: Int64, to targetID: Int64) {
        pending.withLock { views in
            if let count = views.removeValue(forKey: sourceID) { views[targetID, default: 0] += count }
        }
    }

    /// Saves what has been gathered (views, then read marks); on failure keeps it for the next flush.
    public func flush(to database: AppDatabase) async throws {
        try await flushViews(to: database)
        try await reads.flush(to: database)
    }

    private func flushViews(to database: AppDatabase) async throws {
        let batch = pending.withLock { views -> [Int64: Int] in
            defer { views = [:] }
            return views
        }
        do {
            try await database.addViews(batch)
        } catch {
            pending.withLock { views in views.merge(batch, uniquingKeysWith: +) }
            throw error
        }
    }
}

/// Flushes the view counter every `interval` and once more at shutdown.
struct ViewFlushService: Service {
    let counter: ViewCounter
    let database: AppDatabase
    let logger: Logger
    let interval: Duration
    static let defaultInterval: Duration = .seconds(10)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if !Task.isCancelled { await flush() }
            }
        }
        // The last batch is saved even though this task is being cancelled.
        let (counter, database, logger) = (counter, database, logger)
        await Task.detached {
            do { try await counter.flush(to: database) } catch { logger.error("saving view counts failed: \(error)") }
        }.value
    }

    private func flush() async {
        do { try await counter.flush(to: database) } catch { logger.error("saving view counts failed: \(error)") }
    }
}
