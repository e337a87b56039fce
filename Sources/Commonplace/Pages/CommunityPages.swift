/// `communities/directory`: the home page.
struct DirectoryPage: Sendable {
    /// The site's name and description (`/admin/settings`).
    var siteName = "Commonplace"
    var siteDescription: String?
    let active: [CommunityCard]
    let inactive: [CommunityCard]
    let showActive: Bool
    let showInactive: Bool
    let kindFilters: [FilterLink]
    let statusFilters: [FilterLink]
    let isFiltered: Bool
    let clearFiltersURL = Paths.communities
    let aboutURL = Paths.about
    let resultSummary: String
    let canCreate: Bool
    let newCommunityURL = Paths.adminNewCommunity
    let recent: [RecentEntry]
}

/// A recently active discussion on the home page.
struct RecentEntry: Sendable {
    let title: String
    let url: String
    let communityName: String
    let communityURL: String
    let kind: String
    let lastPosterName: String
    let lastActivity: Day
}

/// One option of a directory filter, marked when chosen.
struct FilterLink: Sendable {
    let label: String
    let url: String
    let isCurrent: Bool
}

/// A community as the directory shows it. Members-only communities a visitor cannot open show name and description only;
/// a merged one shows where it went. A parent carries its sub-communities, shown nested under it.
struct CommunityCard: Sendable {
    let name: String
    let slug: String
    let url: String
    let linked: Bool
    let summary: String
    let kinds: [String]
    let stewardLabel: String
    /// "Meets monthly — next: Tue 9 Dec, 12:00–13:00" when it has events to come (filled per request), else the
    /// rhythm as written ("Meets monthly").
    var meetingRhythm: String?
    let joinLabel: String
    let howToJoin: String?
    let membersOnly: Bool
    let showDetails: Bool
    let isChild: Bool
    let inactiveSince: String?
    /// "Merged into B": the community it was merged into, linked when the visitor may open it.
    let mergedInto: SuccessorLink?
    /// A community the visitor cannot open: its front door, where they learn how to join.
    let joinURL: String?
    var children: [CommunityCard] = []

    init(_ community: Community, guardian: Guardian, parentIDs: Set<Int64>, mergedInto: SuccessorLink? = nil) {
        let visible = guardian.canSee(community) && !community.isMerged
        name = community.name
        slug = community.slug
        url = Paths.community(community)
        linked = visible
        summary = community.summary
        kinds = community.kinds.map(\.shortLabel)
        stewardLabel = CommunityLabels.steward(community)
        meetingRhythm = CommunityLabels.rhythm(community).nonEmpty
        joinLabel = CommunityLabels.join(community.joinPolicy)
        howToJoin = community.howToJoin.nonEmpty
        membersOnly = community.visibility == .members
        showDetails = visible
        isChild = community.parentId.map(parentIDs.contains) ?? false
        inactiveSince = community.inactiveSince.map(Formatting.month)
        self.mergedInto = community.isMerged ? mergedInto : nil
        joinURL = visible || community.isMerged ? nil : Paths.join(community)
    }
}

/// Another community named on a page (a successor, the community one was merged into): linked only for those who may open it.
struct SuccessorLink: Sendable {
    let name: String
    let url: String?

    init(_ community: Community, guardian: Guardian) {
        name = community.name
        url = guardian.canSee(community) && !community.isMerged ? Paths.community(community) : nil
    }
}

/// The banner of an inactive community: since when, and where its work continues.
struct InactiveBanner: Sendable {
    let since: String?
    let successor: SuccessorLink?

    /// nil for an active community.
    init?(_ community: Community, successor: SuccessorLink?) {
        guard community.status == .inactive else { return nil }
        since = community.inactiveSince.map(Formatting.month)
        self.successor = successor
    }
}

/// Words used for a community's attributes on every page.
enum CommunityLabels {
    static func steward(_ c: Community) -> String {
        switch c.steward {
        case .alliance: "The Alliance"
        case .partner: c.partnerName.isEmpty ? "A system partner" : "A system partner: \(c.partnerName)"
        }
    }

    static func rhythm(_ c: Community) -> String {
        c.meetingRhythm.isEmpty ? "" : "Meets \(c.meetingRhythm)"
    }

    static func join(_ policy: Community.JoinPolicy) -> String {
        switch policy {
        case .open: "Open: anyone can join"
        case .request: "By request: moderators approve"
        case .invite: "By invitation only"
        }
    }
}

/// `communities/show`: a community's own page.
struct CommunityPage: Sendable {
    let searchURL = Paths.search
    let slug: String
    let name: String
    let summary: String
    let paragraphs: [String]
    let kinds: [KindLabel]
    let stewardLabel: String
    var meetingRhythm: String?
    let joinLabel: String
    let howToJoin: String?
    let membersOnly: Bool
    let isInactive: Bool
    let inactive: InactiveBanner?
    let founded: String?
    let parentName: String
    let parentURL: String
    let hasParent: Bool
    let children: [CommunityLink]
    let canEdit: Bool
    let editURL: String
    let boards: [BoardLink]
    let archivedBoards: [BoardLink]
    let membership: MembershipPanel
    let tools: ModeratorTools?
    /// The community's resource library.
    let resourcesURL: String
    /// Members who can help, by topic.
    var whoToAskURL = ""
    /// Up to five featured resources (curation), and the way to the collections.
    var featured: [FeaturedResourceLink] = []
    var collectionsURL = ""
    var collectionCount = 0
    /// The Notifications control (signed-in visitors who may watch it).
    var watch: WatchControl? = nil
    /// The next few events, and the way to all of them (and to schedule one, for moderators).
    var upcomingMeetings: [MeetingEntry] = []
    var eventsURL = ""
    var newEventURL: String? = nil
    /// The latest discussions across its boards ("3 new" for a signed-in member).
    var latest: [DiscussionListEntry] = []
    /// "Ask a question" and "Start a discussion" (members who may start one; the board is chosen in the form).
    var askURL: String? = nil
    var startURL: String? = nil
    /// "Mark all read" (signed-in visitors who can see it).
    var markReadAction: String? = nil
    /// Site admins, on a community without moderators or boards: finish setting it up.
    var setupURL: String? = nil
}

/// A featured resource on its community's page.
struct FeaturedResourceLink: Sendable {
    let title: String
    let url: String
    let typeLabel: String
    let outdated: Bool
}

/// A board on its community's page.
struct BoardLink: Sendable {
    let name: String
    let url: String
    let description: String?
    let discussions: Int
}

/// What the visitor can do about membership, on the community page.
struct MembershipPanel: Sendable {
    let memberCount: Int
    let membersURL: String
    let isMember: Bool
    let isModerator: Bool
    let canJoin: Bool
    let canRequest: Bool
    let requestPending: Bool
    let joinURL: String
    let canLeave: Bool
    let leaveURL: String
    let signInURL: String?
    let inviteOnly: Bool
}

/// Links for the community's moderators.
struct ModeratorTools: Sendable {
    let dashboardURL: String
    let requestsURL: String
    let pendingRequests: Int
    let invitationsURL: String
    let boardsURL: String
    let questionsURL: String
}

struct KindLabel: Sendable {
    let label: String
    let url: String
}

struct CommunityLink: Sendable {
    let name: String
    let url: String
    let summary: String
}

/// `pages/about`: what a community of practice is.
struct AboutPage: Sendable {
    let kinds: [KindLabel]
    let directoryURL = Paths.communities
}
