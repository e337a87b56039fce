import GRDB
import Logging
import ServiceLifecycle

/// The loop of a background service that works after commits: it runs `pass` once at start (what a restart left
/// pending), whenever a committed transaction touched `table` (a GRDB region observation, so no write path can forget
/// to signal it), and on the backstop timer, until graceful shutdown. Each wake-up waits `settle` first, so the
/// request whose commit woke it answers first and a burst is taken in one pass; wake-ups meanwhile coalesce into one.
/// A failed pass is logged and tried again on the next signal.
func runAfterCommits(to table: String, in writer: any DatabaseWriter, interval: Duration?, settle: Duration,
                     logger: Logger, failure: String, pass: @escaping @Sendable () async throws -> Void) async {
    let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    let observation = DatabaseRegionObservation(tracking: Table(table))
        .start(in: writer, onError: { _ in wake.yield() }, onChange: { _ in wake.yield() })
    wake.yield()
    let timer = interval.map { interval in
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                wake.yield()
            }
        }
    }
    await cancelWhenGracefulShutdown {
        for await _ in wakeups {
            try? await Task.sleep(for: settle)
            do {
                try await pass()
            } catch is CancellationError {
                break
            } catch {
                logger.error("\(failure), retrying on the next signal: \(error)")
            }
        }
    }
    timer?.cancel()
    observation.cancel()
    wake.finish()
}
