import GRDB
import Synchronization

/// Writes that arrive together commit together: each runs in a savepoint of its own inside one transaction, and
/// hears its result only once that transaction has committed. Under load, a reply's commit (the WAL frames of the
/// post, its search index entries and the discussion row, written and synced as one) is shared by every reply
/// that queued meanwhile, instead of paid by each; an idle server commits each write alone, as before.
///
/// A write that throws rolls back its own savepoint and gets its error; the others are unaffected. If the
/// transaction itself fails (a full disk at commit), every write of the batch gets the error: none was
/// acknowledged, so none is lost.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the write in its savepoint and returns how to tell its caller (called after the commit).
        let run: @Sendable (Database) -> @Sendable () -> Void
        /// Tells the caller the batch failed.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var queue: [Job] = []
        var draining = false
    }

    private let writer: any DatabaseWriter
    private let state = Mutex(State())
    /// The most writes one transaction takes (the rest wait for the next).
    let maxBatch: Int

    init(writer: any DatabaseWriter, maxBatch: Int = 64) {
        self.writer = writer
        self.maxBatch = maxBatch
    }

    /// Runs `body` in the next batch and returns its value once the batch has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        let value = try Self.inSavepoint(db, body)
                        return { continuation.resume(returning: value) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) })
            let leads = state.withLock { state in
                state.queue.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if leads { Task { await self.drain() } }
        }
    }

    private static func inSavepoint<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var value: T?
        try db.inSavepoint {
            value = try body(db)
            return .commit
        }
        return value!
    }

    /// Commits batches until the queue is empty.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Job] in
                if state.queue.isEmpty {
                    state.draining = false
                    return []
                }
                let batch = Array(state.queue.prefix(maxBatch))
                state.queue.removeFirst(batch.count)
                return batch
            }
            if batch.isEmpty { return }
            do {
                let asked = ContinuousClock.now
                let answers = try await writer.write { db in
                    let started = ContinuousClock.now
                    AppMetrics.shared.writeWait.record(asked.duration(to: started))
                    defer { AppMetrics.shared.writeTransaction.record(started.duration(to: .now)) }
                    return batch.map { $0.run(db) }
                }
                for answer in answers { answer() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}
