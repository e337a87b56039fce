/// The watch control of a community, board or discussion page: the level that decides what the member hears of
/// there, and a form (radio buttons, a Save button) to choose another.
struct WatchControl: Sendable {
    let action: String
    /// "this community", "this board", "this discussion".
    let what: String
    /// The level that decides here ("Muted").
    let current: String
    /// When no level of its own is chosen and a wider one decides: which ("Your level for its community applies: Muted.").
    let note: String?
    let choices: [WatchChoice]
}

/// One level of a watch control.
struct WatchChoice: Sendable {
    /// The radio button's id ("watch-muted").
    let id: String
    let value: String
    let label: String
    /// What it means here ("nothing from here, not even its discussions, except when someone @mentions you").
    let explanation: String
    let checked: Bool
}

extension WatchControl {
    /// The control for a target of `type` whose levels for the member are `state`.
    init(_ type: Watch.TargetType, state: WatchState, action: String) {
        self.action = action
        let table = Self.table[type]!
        what = table.what
        current = state.effective.label
        note = state.own == nil ? state.inherited.map { "Your level for its \($0.type.rawValue) applies here: \($0.level.label)." } : nil
        // With no row of its own, Normal is checked: choosing it keeps following the wider level.
        choices = table.choices[state.own ?? .normal] ?? []
    }

    /// Each target type's wording and radio buttons with each level checked, built once (a discussion page shows the
    /// control to every signed-in member).
    private static let table: [Watch.TargetType: (what: String, choices: [Watch.Level: [WatchChoice]])] = Dictionary(
        uniqueKeysWithValues: Watch.TargetType.allCases.map { type in
            let levels = Watch.Level.choices(for: type)
            let byChosen = Dictionary(uniqueKeysWithValues: Watch.Level.allCases.map { chosen in
                (chosen, levels.map { level in
                    let value = level.rawValue
                    return WatchChoice(id: "watch-\(value.replacingOccurrences(of: "_", with: "-"))", value: value, label: level.label,
                                       explanation: level.explanation(for: type), checked: level == chosen)
                })
            })
            return (type, ("this \(type.rawValue)", byChosen))
        })
}

/// `account/watching`: everything the member watches or muted, by kind, each with a way to change it; and
/// "watch what I start or reply to".
struct WatchingSettingsPage: Sendable {
    let nav: SettingsNav
    let action = Paths.settingsWatching
    let watchOnParticipate: Bool
    /// The member may change these (not while suspended).
    let canChange: Bool
    let communities: [WatchedEntry]
    let boards: [WatchedEntry]
    let discussions: [WatchedEntry]
    /// Discussions are listed 50 a page.
    let pagination: Pagination?
    let levels: [WatchLevelHelp]
    let isEmpty: Bool
}

/// A level and what it means, for the page's explanation.
struct WatchLevelHelp: Sendable {
    let label: String
    let explanation: String
}

/// A community, board or discussion the member watches or muted.
struct WatchedEntry: Sendable {
    let name: String
    let url: String
    /// Where it is ("Privacy", "Questions in Privacy"); empty for a community.
    let context: String?
    let level: String
    let since: Day
    /// The inline form: the target's watch address, the select's id and its levels.
    let action: String
    let fieldID: String
    let options: [Option]
    /// Where the form comes back to: this page of the list.
    let next: String
}
