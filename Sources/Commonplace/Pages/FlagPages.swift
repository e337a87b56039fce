/// `flags/new`: flag a post or a discussion for the community's moderators.
struct FlagFormPage: Sendable {
    /// "Flag post #3" or "Flag this discussion".
    let heading: String
    let community: CommunityHeader
    /// What is being flagged: the discussion's title, the post's author and an excerpt of its text.
    let discussionTitle: String
    let targetURL: String
    let authorName: String
    let excerpt: String?
    let action: String
    var reasons: [ReasonOption]
    var note = ""
    var errors = FlagErrors()
    var hasErrors = false
    let maxNote = Flag.maxNoteLength
}

struct ReasonOption: Sendable {
    let value: String
    let label: String
    let id: String
    var checked: Bool

    static func all(checked: String?) -> [ReasonOption] {
        Flag.Reason.allCases.map { ReasonOption(value: $0.rawValue, label: $0.label, id: "reason-\($0.rawValue)", checked: $0.rawValue == checked) }
    }
}

struct FlagErrors: Sendable {
    var reason: String?
    var note: String?
}

/// `flags/mine`: the signed-in member's flags and how each ended.
struct MyFlagsPage: Sendable {
    let flags: [MyFlagEntry]
    let limit: Int
}

struct MyFlagEntry: Sendable {
    let targetLabel: String
    /// nil when the target is no longer visible to the member.
    let targetURL: String?
    let reason: String
    let note: String?
    let created: String
    let createdISO: String
    let outcome: String
    let isOpen: Bool
    /// What the moderator wrote when resolving it.
    let resolutionNote: String?
    let resolved: String?
}

/// `flags/queue`: a community's open flags grouped by target, each group with one resolve form; recent resolutions.
struct FlagQueuePage: Sendable {
    let community: CommunityHeader
    let groups: [FlagGroupEntry]
    let resolved: [ResolvedFlagEntry]
    let maxNote = Flag.maxNoteLength
}

/// Everything flagged about one post or discussion.
struct FlagGroupEntry: Sendable {
    let id: Int64
    let kind: String
    let targetLabel: String
    let targetURL: String
    let editURL: String?
    let excerpt: String?
    let authorName: String
    let authorURL: String?
    let countLabel: String
    let isAutoHidden: Bool
    /// Why it is hidden, when a moderator (not the flags) hid it.
    let hiddenReason: String?
    let flags: [FlagLine]
    let resolveAction: String
    var outcomes: [OutcomeOption]
    /// The note typed before a refused resolve (named apart from `FlagLine.note`: Mustache looks up the stack).
    var draftNote = ""
    var error: String?
}

struct FlagLine: Sendable {
    let reason: String
    let note: String?
    let flaggerName: String
    let flaggerURL: String?
    let created: String
}

struct OutcomeOption: Sendable {
    let value: String
    let label: String
    let id: String
    var checked: Bool

    static func all(group: Int64, checked: String? = nil) -> [OutcomeOption] {
        Flag.Resolution.allCases.map {
            OutcomeOption(value: $0.rawValue, label: $0.label, id: "outcome-\(group)-\($0.rawValue)", checked: $0.rawValue == checked)
        }
    }
}

/// One recent resolution: the target, the outcome, who resolved it, their note, and the reasons given.
struct ResolvedFlagEntry: Sendable {
    let targetLabel: String
    let targetURL: String
    let outcome: String
    let resolverName: String
    let note: String
    let resolved: String
    let countLabel: String
    let reasons: String
}
