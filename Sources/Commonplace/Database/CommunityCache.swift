import GRDB
import Synchronization

/// Every community, kept in memory: there are dozens, and almost every page names some (the directory, a
/// discussion's breadcrumb, a board, the recent-activity list). Any committed transaction that changes the
/// `community` table drops it (a GRDB region observation on the writer, so no write path can forget to), before
/// the write returns: a visitor who just saved a change sees it on the next page.
final class CommunityCache: Sendable {
    private struct State {
        /// Bumped by every change, so a load that raced a change is not kept.
        var generation = 0
        var all: [Community]?
    }

    private let state = Mutex(State())
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    /// Starts watching `writer`'s `community` table.
    func observe(_ writer: any DatabaseWriter) {
        let cancellable = DatabaseRegionObservation(tracking: Table("community"))
            .start(in: writer, onError: { [weak self] _ in self?.invalidate() }, onChange: { [weak self] _ in self?.invalidate() })
        observation.withLock { $0 = cancellable }
    }

    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.all = nil
        }
    }

    /// Every community ordered by position and name: from memory, or loaded by `load` and kept unless a change
    /// happened meanwhile.
    func all(load: () throws -> [Community]) rethrows -> [Community] {
        let (cached, generation) = state.withLock { ($0.all, $0.generation) }
        if let cached { return cached }
        let loaded = try load()
        state.withLock { state in
            if state.generation == generation { state.all = loaded }
        }
        return loaded
    }
}
