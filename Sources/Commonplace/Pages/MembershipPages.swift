/// `communities/members`: moderators and members of a community.
struct MembersPage: Sendable {
    let community: CommunityHeader
    let moderators: [MemberEntry]
    let members: [MemberEntry]
    let count: Int
}

/// The community's name and link, at the top of its sub-pages, with the inactive banner when it is inactive.
struct CommunityHeader: Sendable {
    let name: String
    let url: String
    let inactive: InactiveBanner?
    /// False on a members-only community's front door for an outsider: its page would be 404 to them.
    var linked = true

    init(_ community: Community, successor: SuccessorLink? = nil) {
        name = community.name
        url = Paths.community(community)
        inactive = InactiveBanner(community, successor: successor)
    }
}

struct MemberEntry: Sendable {
    let displayName: String
    let handle: String
    let profileURL: String
    let organisation: String?
    let since: String
    let canRemove: Bool
    let removeURL: String
    let canChangeRole: Bool
    let roleURL: String
    let makeModerator: Bool
    /// Shown to moderators only: until when the member is silenced here, and why.
    let silencedUntil: String?
    let silenceReason: String
    let canSilence: Bool
    let silenceURL: String
    let unsilenceURL: String
    let silenceOptions: [Option]
}

/// `communities/join`: how to join, the request form (message and screening questions) and the request's status.
struct JoinPage: Sendable {
    let community: CommunityHeader
    /// The front door, shown to everyone: what the community is.
    let summary: String
    let paragraphs: [String]
    let membersOnly: Bool
    /// How to join and who moderates: for everyone signed in (and whoever can open the community).
    let showDetails: Bool
    let joinLabel: String
    let howToJoin: String?
    let moderators: [ModeratorLink]
    /// Anonymous visitors: sign in (or sign up) to ask to join, coming back here.
    let signInURL: String?
    let signUpURL: String?
    /// The applicant's last request was approved: they are in, with a link to the community.
    let wasApproved: Bool
    let action: String
    let isOpen: Bool
    let isRequest: Bool
    let isInvite: Bool
    let canRequest: Bool
    let isMember: Bool
    let pending: Bool
    let declinedReason: String?
    let wasDeclined: Bool
    let questions: [QuestionField]
    var message = ""
    var error: String?
    let maxMessage = JoinRequest.maxMessageLength
}

/// A moderator of a community, linked to their profile.
struct ModeratorLink: Sendable {
    let name: String
    let url: String
}

struct QuestionField: Sendable {
    let name: String
    let label: String
    let value: String
}

/// `communities/requests`: pending join requests, for moderators.
struct RequestsPage: Sendable {
    let community: CommunityHeader
    let requests: [RequestEntry]
}

struct RequestEntry: Sendable {
    let displayName: String
    let handle: String
    let profileURL: String
    let organisation: String?
    let message: String
    let answers: [QuestionAnswer]
    let submitted: String
    let action: String
    let id: Int64
}

struct QuestionAnswer: Sendable {
    let question: String
    let answer: String
}

/// `communities/questions`: the screening questions, for moderators.
struct QuestionsPage: Sendable {
    let community: CommunityHeader
    let action: String
    let fields: [QuestionField]
    var error: String?
}

/// `communities/invitations`: invite by handle or email; open invitations; the link just created.
struct InvitationsPage: Sendable {
    let community: CommunityHeader
    let action: String
    var invitee = ""
    var error: String?
    var newLink: String?
    let open: [InvitationEntry]
}

struct InvitationEntry: Sendable {
    let invitee: String
    let created: String
    let expires: String
}

/// `invitations/show`: accept an invitation.
struct InvitationPage: Sendable {
    let communityName: String
    let communityURL: String
    let summary: String
    let action: String
    let signedIn: Bool
    let signInURL: String
    let signUpURL: String
}
