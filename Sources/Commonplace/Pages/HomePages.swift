/// `home/show`: a signed-in member's own front page (`/`).
struct HomePage: Sendable {
    let displayName: String
    /// Their communities, each with what is new since their last visit.
    let communities: [HomeCommunity]
    /// Discussions they took part in, those with unread posts first.
    let takingPart: [HomeDiscussion]
    /// Questions they asked, answered or not.
    let questions: [HomeDiscussion]
    /// Unanswered questions matching what they said they can help with.
    let forYou: [HomeDiscussion]
    let hasExpertise: Bool
    /// Events to come in their communities.
    let meetings: [MeetingEntry]
    /// Their join requests waiting or recently decided.
    let requests: [HomeRequest]
    let directoryURL = Paths.communities
    let eventsURL = Paths.myEvents
    let questionsForYouURL = Paths.questionsForYou
    let expertiseURL = Paths.settingsExpertise
    let welcomeURL = Paths.welcome
    /// Nothing written yet (no discussion taken part in, no question asked): greeted "Welcome", not "Welcome back".
    let isNewcomer: Bool

    init(displayName: String, communities: [HomeCommunity], takingPart: [HomeDiscussion], questions: [HomeDiscussion],
         forYou: [HomeDiscussion], hasExpertise: Bool, meetings: [MeetingEntry], requests: [HomeRequest]) {
        self.displayName = displayName
        self.communities = communities
        self.takingPart = takingPart
        self.questions = questions
        self.forYou = forYou
        self.hasExpertise = hasExpertise
        self.meetings = meetings
        self.requests = requests
        isNewcomer = takingPart.isEmpty && questions.isEmpty
    }
}

/// One of the member's communities on their home.
struct HomeCommunity: Sendable {
    let name: String
    let url: String
    /// "4 discussions with new posts", nil when nothing is new.
    let newLabel: String?
    let markReadAction: String?
    let isModerator: Bool
}

/// A discussion on the home page, with its "N new" badge for the member.
struct HomeDiscussion: Sendable {
    let title: String
    let url: String
    let communityName: String
    let communityURL: String
    let kind: String
    let isQuestion: Bool
    let isAnswered: Bool
    let isHeld: Bool
    let isHidden: Bool
    let repliesLabel: String
    let lastActivity: Day
    let unread: UnreadBadge?
    /// Why it is suggested (questions for you).
    let why: String?
}

/// A join request as its applicant sees it on their home.
struct HomeRequest: Sendable {
    let communityName: String
    let url: String
    let status: String
    let reason: String?
}

/// `account/welcome`: after sign-up, what communities of practice are and which to join.
struct WelcomePage: Sendable {
    let displayName: String
    let kinds: [Option]
    let work: String
    let next: String
    let suggestions: [WelcomeSuggestion]
    /// A type or words were given (the list is "suggested for you").
    let isFiltered: Bool
    /// Where the newcomer was going before signing up.
    let continueURL: String?
    let action = Paths.welcome
    let maxWork = WelcomeController.maxWorkCharacters
    let directoryURL = Paths.communities
    let homeURL = Paths.home
}

/// A community suggested on the welcome page, with the way in its policy allows.
struct WelcomeSuggestion: Sendable {
    let name: String
    let summary: String
    let kinds: String
    /// Its page, or its front door when the newcomer cannot open it.
    let url: String
    let joinLabel: String
    let membersOnly: Bool
    /// Open communities: a Join button posting here.
    let joinAction: String?
    /// By request: the join page with the form.
    let requestURL: String?
}
