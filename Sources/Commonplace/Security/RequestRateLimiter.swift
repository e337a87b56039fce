import Foundation
import Synchronization

/// At most `limit` requests per key (a client address) in a sliding `window`, counted in memory: for links that work
/// without an account (unsubscribe), where nothing is stored per request. Bounded: past `maxKeys` clients it forgets
/// the oldest windows first by starting again empty (a restart forgets them too, which only ever lets more through).
final class RequestRateLimiter: Sendable {
    let limit: Int
    let window: TimeInterval
    static let maxKeys = 10_000
    private let recent = Mutex<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Counts a request from `key` at `now`; nil when it may go on, else when the oldest counted request leaves the
    /// window (the caller answers 429).
    func attempt(_ key: String, now: Date) -> Date? {
        recent.withLock { recent in
            let since = now.addingTimeInterval(-window)
            var times = (recent[key] ?? []).filter { $0 > since }
            if times.count >= limit { recent[key] = times; return times[0].addingTimeInterval(window) }
            if recent.count >= Self.maxKeys { recent.removeAll(keepingCapacity: true) }
            times.append(now)
            recent[key] = times
            return nil
        }
    }
}
