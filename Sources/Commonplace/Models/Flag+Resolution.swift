import Foundation

extension Flag {
    /// How a moderator resolves every open flag on a post or discussion at once (the `outcome` field).
    public enum Resolution: String, Sendable, CaseIterable {
        case hide, edited, dismiss

        /// The status the resolved flags take.
        public var status: Status {
            switch self {
            case .hide: .hidden
            case .edited: .edited
            case .dismiss: .dismissed
            }
        }

        /// How the resolve form names it.
        public var label: String {
            switch self {
            case .hide: "Hide it"
            case .edited: "I edited it (through its edit link)"
            case .dismiss: "Dismiss: leave it as it is"
            }
        }
    }

    /// A flag on a post, or on the discussion as a whole.
    public var isOnDiscussion: Bool { postId == nil }

    /// The reason the system gives when enough members flagged something.
    public static func autoHideReason(count: Int) -> String {
        "Hidden automatically after \(count == 1 ? "1 member" : "\(count) members") flagged it; a moderator will review it."
    }
}
