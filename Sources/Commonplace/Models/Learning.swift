import Foundation
import GRDB

/// Topics members can help with or want to learn, and the shared vocabulary of a community: short free
/// phrases ("privacy impact assessments"), stored normalised (trimmed, single spaces, lowercase, no '#').
public enum Topics {
    /// A member lists at most this many topics they can help with, and as many they want to learn.
    public static let maxPerKind = 20
    /// The longest topic, in characters.
    public static let maxLength = 40
    /// A community's vocabulary holds at most this many topics.
    public static let maxVocabulary = 100

    /// Which list a member's topic is in.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Topics they can help with.
        case help
        /// Topics they want to learn.
        case learn
    }

    /// The stored form of a topic ("  Privacy   Impact #Assessments " → "privacy impact #assessments"; a leading '#' goes).
    public static func normalize(_ raw: String) -> String {
        var topic = InputText.removingReserved(raw).split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        while topic.hasPrefix("#") { topic = String(topic.dropFirst()).trimmingCharacters(in: .whitespaces) }
        return topic
    }

    /// Topics typed one per line or separated by commas, normalised, without empties or repeats, in order.
    public static func parse(_ text: String?) -> [String] {
        let pieces = (text ?? "").split(whereSeparator: { $0.isNewline || $0 == "," }).map(String.init)
        return unique(pieces)
    }

    /// Normalised, without empties or repeats, in the order given.
    public static func unique(_ topics: [String]) -> [String] {
        var seen = Set<String>()
        return topics.map(normalize).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// What is wrong with a list of topics (too many, one too long), or nil. `label` names the list in the message.
    public static func problem(_ topics: [String], label: String, limit: Int = maxPerKind) -> String? {
        if topics.count > limit {
            return "\(label): at most \(limit) topics (you gave \(topics.count)). Keep the ones that matter most."
        }
        if let long = topics.first(where: { $0.count > maxLength }) {
            return "\(label): each topic can be at most \(maxLength) characters; “\(long.prefix(maxLength))…” has \(long.count)."
        }
        return nil
    }
}

/// What a member said about their expertise: the topics and the two opt-ins.
public struct Expertise: Sendable, Equatable {
    public var help: [String]
    public var learn: [String]
    /// Opted in to appearing on Who to ask and under "people who could help", and to being asked to look at questions.
    public var suggestable: Bool
    /// Opted in as a mentor (shown beside their name).
    public var mentor: Bool

    public init(help: [String] = [], learn: [String] = [], suggestable: Bool = false, mentor: Bool = false) {
        self.help = help
        self.learn = learn
        self.suggestable = suggestable
        self.mentor = mentor
    }
}

/// A member's request to another to look at a question, shown to the other on their help requests page.
public struct HelpRequest: SnakeCaseRecord, Identifiable, Sendable, Equatable {
    public static let databaseTableName = "help_request"
    /// A member sends at most this many requests in any `rateWindow`.
    public static let maxPerWindow = 5
    public static let rateWindow: TimeInterval = 24 * 3600
    /// The longest optional message, in characters.
    public static let maxMessageLength = 500

    public var id: Int64?
    public var communityId: Int64
    public var discussionId: Int64
    public var requesterId: Int64
    public var helperId: Int64
    public var message: String = ""
    public var createdAt: Date
    /// When the helper marked it read (from their help requests page).
    public var seenAt: Date? = nil

    mutating public func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
