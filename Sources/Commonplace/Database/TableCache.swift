import GRDB
import Synchronization

/// Rows kept in memory until a committed transaction changes one of their tables: the communities (dozens, named
/// on almost every page), the boards, the visitor behind a session cookie, the names of post authors. A GRDB region
/// observation on the writer drops everything on any change to the tracked tables (so no write path can forget
/// to), before the write returns: a visitor who just saved a change sees it on the next page. It is sound because
/// the server is the only writer of its file while it runs (the CLI's writing commands run with it stopped).
final class TableCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        /// Bumped by every change, so a load that raced a change is not kept.
        var generation = 0
        var values: [Key: Value] = [:]
    }

    private let regions: @Sendable () -> [any DatabaseRegionConvertible]
    private let capacity: Int
    private let state = Mutex(State())
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    /// A cache of rows of `tables`, holding at most `capacity` values (past it, it starts again empty).
    convenience init(tables: [String], capacity: Int = 10_000) {
        self.init(regions: { tables.map { Table($0) } }, capacity: capacity)
    }

    /// A cache dropped when `regions` change: whole tables, or some columns of one (`Table("post").select(…)`: an
    /// UPDATE of other columns, such as a view count, leaves it alone; an INSERT or DELETE changes every column).
    init(regions: @escaping @Sendable () -> [any DatabaseRegionConvertible], capacity: Int = 10_000) {
        self.regions = regions
        self.capacity = capacity
    }

    /// Starts watching `writer`'s tables.
    func observe(_ writer: any DatabaseWriter) {
        let region = DatabaseRegionObservation(tracking: regions())
        let cancellable = region.start(in: writer, onError: { [weak self] _ in self?.invalidate() },
                                       onChange: { [weak self] _ in self?.invalidate() })
        observation.withLock { $0 = cancellable }
    }

    func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.values.removeAll(keepingCapacity: true)
        }
    }

    /// The value for `key`: from memory, or loaded by `load` and kept unless a change happened meanwhile. A nil
    /// load (no such row) is not kept, so unknown keys cannot fill the cache.
    func value(for key: Key, load: () throws -> Value?) rethrows -> Value? {
        let (cached, generation) = state.withLock { ($0.values[key], $0.generation) }
        if let cached { return cached }
        guard let loaded = try load() else { return nil }
        keep(loaded, for: key, loadedAt: generation)
        return loaded
    }

    /// As `value(for:load:)`, loading again when the value in memory is no longer `fresh` (for values that also
    /// depend on the time they were read at).
    func value(for key: Key, keepIf fresh: (Value) -> Bool, load: () throws -> Value?) rethrows -> Value? {
        let (cached, generation) = state.withLock { ($0.values[key], $0.generation) }
        if let cached, fresh(cached) { return cached }
        guard let loaded = try load() else { return nil }
        keep(loaded, for: key, loadedAt: generation)
        return loaded
    }

    /// As `value(for:load:)`, or only `load` when there is no key (what is read cannot be named, so it is not kept).
    func value(for key: Key?, load: () throws -> Value?) rethrows -> Value? {
        guard let key else { return try load() }
        return try value(for: key, load: load)
    }

    /// The values for `keys`: those in memory, and the rest loaded together by `load` (which answers those it
    /// found), kept unless a change happened meanwhile.
    func values(for keys: Set<Key>, load: (Set<Key>) throws -> [Key: Value]) rethrows -> [Key: Value] {
        let (found, generation) = state.withLock { state in
            (keys.reduce(into: [Key: Value]()) { found, key in found[key] = state.values[key] }, state.generation)
        }
        if found.count == keys.count { return found }
        let loaded = try load(keys.subtracting(found.keys))
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.values.count + loaded.count > capacity { state.values.removeAll(keepingCapacity: true) }
            state.values.merge(loaded) { _, new in new }
        }
        return found.merging(loaded) { _, new in new }
    }

    private func keep(_ value: Value, for key: Key, loadedAt generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.values.count >= capacity { state.values.removeAll(keepingCapacity: true) }
            state.values[key] = value
        }
    }
}

/// Every community, ordered by position and name, under one key.
typealias CommunityCache = TableCache<Bool, [Community]>

extension TableCache where Key == Bool, Value == [Community] {
    convenience init() { self.init(tables: ["community"], capacity: 1) }

    func all(load: () throws -> [Community]) rethrows -> [Community] {
        try value(for: true, load: load) ?? []
    }
}
