import Foundation
import Synchronization

/// The "people who could help" ranking of recently read questions, kept for `AppConfiguration.helperCacheSeconds`
/// so a busy question is ranked once a minute, not on every signed-in page view. The ranking is the same for every
/// reader who may see the question (what differs per reader, "(you)" and who was already asked, is added after).
final class HelperCache: Sendable {
    struct Entry: Sendable {
        let expires: Date
        let topics: [String]
        let people: [HelperSuggestion]
    }

    /// At most this many questions are kept; the oldest entries go first when it is full.
    static let capacity = 2_000
    private let entries = Mutex<[Int64: Entry]>([:])

    func get(_ discussionID: Int64, now: Date) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[discussionID] else { return nil }
            if entry.expires > now { return entry }
            entries[discussionID] = nil
            return nil
        }
    }

    func set(_ discussionID: Int64, topics: [String], people: [HelperSuggestion], expires: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity {
                let oldest = entries.sorted { $0.value.expires < $1.value.expires }.prefix(Self.capacity / 4).map(\.key)
                for key in oldest { entries[key] = nil }
            }
            entries[discussionID] = Entry(expires: expires, topics: topics, people: people)
        }
    }
}
