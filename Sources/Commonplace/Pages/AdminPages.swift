/// `admin/communities`: every community, with edit links (site admins only).
struct AdminCommunitiesPage: Sendable {
    let communities: [AdminCommunityRow]
    let newURL = Paths.adminNewCommunity
    let nav = AdminNav(.communities)
}

/// Links between the site administration pages, the current one marked.
struct AdminNav: Sendable {
    enum Section { case communities, users, log, mail, settings }
    let communitiesURL = Paths.adminCommunities
    let usersURL = Paths.adminUsers
    let logURL = Paths.adminLog
    let mailURL = Paths.adminMail
    let settingsURL = Paths.adminSettings
    let onCommunities: Bool
    let onUsers: Bool
    let onLog: Bool
    let onMail: Bool
    let onSettings: Bool

    init(_ section: Section) {
        onCommunities = section == .communities
        onUsers = section == .users
        onLog = section == .log
        onMail = section == .mail
        onSettings = section == .settings
    }
}

struct AdminCommunityRow: Sendable {
    let name: String
    let slug: String
    let url: String
    let editURL: String
    let status: String
    let visibility: String
}

/// `admin/community-form`: create or edit a community, input kept and messages beside fields.
struct CommunityFormPage: Sendable {
    let heading: String
    let action: String
    let submitLabel: String
    var name = ""
    var slug = ""
    var summary = ""
    var description = ""
    var howToJoin = ""
    var partnerName = ""
    var meetingRhythm = ""
    var founded = ""
    var inactiveSince = ""
    /// Only an inactive community's form shows (and keeps) its "inactive since" date.
    var isInactive = false
    var visibilityOptions: [Option] = []
    var joinPolicyOptions: [Option] = []
    var stewardOptions: [Option] = []
    var parentOptions: [Option] = []
    var kindOptions: [Checkbox] = []
    var errors = CommunityErrors()
    var hasErrors = false
    let limits = CommunityLimitsView()
    /// On the edit page: archive, reactivate, merge.
    var life: CommunityLifeLinks?
    let nav = AdminNav(.communities)
}

/// A `<select>` option.
struct Option: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A checkbox with its form field name.
struct Checkbox: Sendable {
    let name: String
    let id: String
    let label: String
    let checked: Bool
}

struct CommunityErrors: Sendable {
    var name: String?
    var slug: String?
    var summary: String?
    var description: String?
    var howToJoin: String?
    var partnerName: String?
    var meetingRhythm: String?
    var founded: String?
    var inactiveSince: String?
    var parent: String?
    var kinds: String?
    var choice: String?
}

struct CommunityLimitsView: Sendable {
    let name = Community.Limits.name
    let slug = Community.Limits.slug
    let summary = Community.Limits.summary
    let description = Community.Limits.description
    let howToJoin = Community.Limits.howToJoin
    let partnerName = Community.Limits.partnerName
    let meetingRhythm = Community.Limits.meetingRhythm
}

/// `admin/setup`: a new community's first moderator and boards.
struct CommunitySetupPage: Sendable {
    let community: CommunityHeader
    let moderators: [ModeratorLink]
    let moderatorAction: String
    let handle: String
    let error: String?
    let boards: [SetupBoardOption]
    let boardsAction: String
    let boardsURL: String
    let communityURL: String
}

/// A default board offered to a new community (already there: shown as done).
struct SetupBoardOption: Sendable {
    let slug: String
    let name: String
    let description: String
    let exists: Bool
}
