import Foundation

/// `partials/helpful`: a post's or resource's helpful count, and the button to mark it (or take one's mark back).
/// The resource page includes it as `{{#page.helpful}}{{>partials.helpful}}{{/page.helpful}}`, built with
/// `HelpfulControl.resource(…)`.
struct HelpfulControl: Sendable {
    /// "3 members found this helpful"; nil when there are no marks yet.
    let countLabel: String?
    let action: String
    /// The button is shown: the viewer may mark it (or take their mark back).
    let canMark: Bool
    /// The viewer has marked it: the button takes the mark back.
    let marked: Bool
    /// What the button is about, for screen readers ("post 3", "this resource").
    let what: String

    init(count: Int, marked: Bool, canMark: Bool, action: String, what: String) {
        countLabel = count == 0 ? nil : count == 1 ? "1 member found this helpful" : "\(count) members found this helpful"
        self.marked = marked
        self.canMark = canMark
        self.action = action
        self.what = what
    }

    /// The control for a resource page: `state` from `AppDatabase.helpfulState(resourceID:userID:)`.
    static func resource(_ resource: Resource, in community: Community, state: (count: Int, marked: Bool), guardian: Guardian) -> HelpfulControl {
        HelpfulControl(count: state.count, marked: state.marked,
                       canMark: !resource.isHeld && guardian.canMarkHelpful(authorID: resource.authorId, in: community),
                       action: Paths.helpfulResource(resource.id!), what: "this resource")
    }
}

/// The "people who could help" box under a question.
struct HelpersBox: Sendable {
    /// The question's topics the people were found for ("privacy impact assessments, breach response"); nil when none.
    let topics: String?
    let people: [HelperEntry]
    /// The form to ask one of them to look (members who may take part, when someone other than themselves is listed).
    let canAsk: Bool
    let askAction: String
    let askOptions: [Option]
    let whoToAskURL: String
    let maxMessage = HelpRequest.maxMessageLength
}

/// A member suggested for a topic, with why.
struct HelperEntry: Sendable {
    let displayName: String
    let handle: String
    let profileURL: String
    let mentor: Bool
    /// "says they can help with privacy impact assessments; 3 accepted answers on it; 5 helpful marks on it"
    let why: String
    let score: Int
    let isYou: Bool
    /// Already asked to look at this question (under a question only).
    let asked: Bool

    init(_ suggestion: HelperSuggestion, topicCount: Int, viewerID: Int64?, asked: Bool = false) {
        let user = suggestion.user
        displayName = user.displayName
        handle = user.handle
        profileURL = Paths.user(user.handle)
        mentor = suggestion.mentor
        score = suggestion.score
        isYou = viewerID == user.id
        self.asked = asked
        let on = topicCount > 1 ? "on these topics" : "on it"
        var reasons: [String] = []
        if !suggestion.declared.isEmpty {
            reasons.append("says they can help with \(suggestion.declared.joined(separator: " and "))")
        }
        if suggestion.accepted > 0 {
            reasons.append("\(suggestion.accepted) accepted answer\(suggestion.accepted == 1 ? "" : "s") \(on)")
        }
        if suggestion.helpful > 0 {
            reasons.append("\(suggestion.helpful) helpful mark\(suggestion.helpful == 1 ? "" : "s") \(on)")
        }
        why = reasons.joined(separator: "; ")
    }
}

/// `learning/who-to-ask`: members who can help, for a topic.
struct WhoToAskPage: Sendable {
    let community: CommunityHeader
    let action: String
    let topic: String
    let hasTopic: Bool
    let vocabulary: [TopicLink]
    /// Every topic people could be suggested for, for the input's datalist.
    let suggestions: [String]
    let people: [HelperEntry]
    /// Before a topic is chosen: everyone who opted in, with what they can help with.
    let optedIn: [OptedInEntry]
    let canManageTopics: Bool
    let topicsURL: String
    let expertiseURL: String
    let weights = WeightsNote()
}

/// The scoring rule, as the page explains it.
struct WeightsNote: Sendable {
    let declared = WhoToAsk.declaredWeight
    let accepted = WhoToAsk.acceptedWeight
    let helpful = WhoToAsk.helpfulWeight
}

struct TopicLink: Sendable {
    let topic: String
    let url: String
    let current: Bool
}

struct OptedInEntry: Sendable {
    let displayName: String
    let profileURL: String
    let mentor: Bool
    let topics: String?
}

/// `account/expertise`: topics a member can help with and wants to learn, and the opt-ins.
struct ExpertisePage: Sendable {
    let nav: SettingsNav
    let action = Paths.settingsExpertise
    /// The vocabulary of the member's communities, each checked when it is in the list.
    var helpChoices: [TopicChoice]
    var learnChoices: [TopicChoice]
    /// Topics not in the vocabulary, one per line.
    var helpOther: String
    var learnOther: String
    var suggestable: Bool
    var mentor: Bool
    var errors = ExpertiseErrors()
    var hasErrors = false
    let maxTopics = Topics.maxPerKind
    let maxLength = Topics.maxLength
}

struct ExpertiseErrors: Sendable {
    var help: String?
    var learn: String?
}

/// A vocabulary checkbox.
struct TopicChoice: Sendable {
    let id: String
    let topic: String
    let checked: Bool
}

/// `learning/topics`: a community's shared vocabulary, for its moderators.
struct TopicsPage: Sendable {
    let community: CommunityHeader
    let action: String
    var topics: String
    var error: String?
    let whoToAskURL: String
    let maxTopics = Topics.maxVocabulary
    let maxLength = Topics.maxLength
}

/// `learning/help-requests`: requests to look at a question, received and sent.
struct HelpRequestsPage: Sendable {
    let received: [HelpRequestEntry]
    let sent: [HelpRequestEntry]
    let hasUnseen: Bool
    let seenAction = Paths.helpRequestsSeen
    let questionsForYouURL = Paths.questionsForYou
    let expertiseURL = Paths.settingsExpertise
    let nav: SettingsNav
}

struct HelpRequestEntry: Sendable {
    /// The other person: who asked (received) or who was asked (sent).
    let personName: String
    let personURL: String?
    let questionTitle: String
    /// nil when the question is no longer visible to the viewer.
    let questionURL: String?
    let communityName: String
    let message: String?
    let created: String
    let createdISO: String
    let isNew: Bool
}

/// `learning/questions-for-you`: unanswered questions matching what the member can help with.
struct QuestionsForYouPage: Sendable {
    let questions: [QuestionForYouEntry]
    let hasTopics: Bool
    let topics: String?
    let expertiseURL = Paths.settingsExpertise
    let limit: Int
    let nav: SettingsNav
}

struct QuestionForYouEntry: Sendable {
    let title: String
    let url: String
    let communityName: String
    let communityURL: String
    let created: String
    let createdISO: String
    let replies: String
    /// "matches privacy impact assessments and breach response, which you said you can help with"
    let why: String
}

/// The contributions block of a profile.
struct ContributionFigures: Sendable {
    let figures: [Figure]
    let communities: [ProfileCommunity]
    let helpTopics: String?
    let learnTopics: String?
    let mentor: Bool
}

/// One labelled number ("Questions asked: 3").
struct Figure: Sendable {
    let label: String
    let value: Int
}

struct ProfileCommunity: Sendable {
    let name: String
    let url: String
    let isModerator: Bool
}
