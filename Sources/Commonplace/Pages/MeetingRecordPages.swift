/// `meetings/record`: one date's record page: the record (notes, decisions, action items, recording, attached
/// resources, answered questions, discussion), its open questions, and for its editors the forms that keep it.
struct MeetingRecordPage: Sendable {
    let community: CommunityHeader
    let title: String
    let kindLabel: String
    /// "Tue 8 Dec, 12:00–13:00" in the viewer's zone, its zone, and the start as ISO 8601.
    let when: String
    let zone: String
    let startISO: String
    let eventURL: String
    let isCancelled: Bool
    let record: MeetingRecordSection
    let questions: MeetingQASection?
    /// The editors' forms (nil for readers).
    let form: MeetingRecordForm?
}

/// The record of a date as the event page and the record page show it (`partials/meeting-record`).
struct MeetingRecordSection: Sendable {
    let notesHtml: String?
    let decisionsHtml: String?
    let recordingURL: String?
    let actionItems: [MeetingActionItemEntry]
    let resources: [MeetingResourceEntry]
    /// Questions answered in the session, with the speaker's answer where noted.
    let answered: [MeetingQuestionEntry]
    let discussion: MeetingDiscussionLink?
    /// A button starting the date's discussion on a board of the community (when it has none yet).
    let startDiscussion: MeetingStartDiscussion?
    /// For its editors: where the record is kept.
    let editURL: String?
    let updated: String?
    let isEmpty: Bool
}

struct MeetingActionItemEntry: Sendable {
    let text: String
    let ownerName: String?
    let ownerURL: String?
    let isDone: Bool
    /// For editors: the form marking it done or not done, or removing it.
    let changeAction: String?
}

struct MeetingResourceEntry: Sendable {
    let title: String
    let url: String
    let type: String
    /// For editors: the form detaching it.
    let detachAction: String?
    let resourceId: String
}

struct MeetingDiscussionLink: Sendable {
    let title: String
    let url: String
}

struct MeetingStartDiscussion: Sendable {
    let action: String
    let boards: [Option]
}

/// The questions of a date (`partials/meeting-qa`): the form asking one, the open ones in order, and for moderators
/// the hidden ones.
struct MeetingQASection: Sendable {
    let askAction: String?
    let allowsAnonymous: Bool
    /// Why no question can be asked now ("This session is over …"), when that is so.
    let closedNote: String?
    let open: [MeetingQuestionEntry]
    let hidden: [MeetingQuestionEntry]
    let isModerator: Bool
    /// The date's questions page ("All 7 questions on their own page"); nil on that page, and with no question yet.
    let pageLink: QuestionOrderLink?
}

/// The questions of one date on a page of their own (`/e/{id}/questions?on=`): ask, vote, in the moderators' order
/// or newest first, and the answered ones with their answers.
struct MeetingQuestionsPage: Sendable {
    let community: CommunityHeader
    let title: String
    let when: String
    let zone: String
    let startISO: String
    let eventURL: String
    let recordURL: String
    /// "4 open · 3 answered".
    let summary: String
    let orders: [QuestionOrderLink]
    let questions: MeetingQASection
    let answered: [MeetingQuestionEntry]
    let hasAnswered: Bool
}

/// One way of ordering the questions page.
struct QuestionOrderLink: Sendable {
    let label: String
    let url: String
    let isCurrent: Bool
}

struct MeetingQuestionEntry: Sendable {
    let anchor: String
    let body: String
    /// The asker's name, or "A member" for an anonymous question (to all but moderators and the asker).
    let authorName: String
    let authorURL: String?
    /// For moderators and the asker: the question was asked anonymously.
    let askedAnonymously: Bool
    let votesLabel: String
    let voteAction: String?
    let viewerVoted: Bool
    let answerNote: String?
    let mergedLabel: String?
    let tools: MeetingQuestionTools?
}

/// A moderator's controls on one question.
struct MeetingQuestionTools: Sendable {
    let answerAction: String
    let isAnswered: Bool
    let answerNote: String
    let hideAction: String
    let isHidden: Bool
    let mergeAction: String?
    let mergeTargets: [Option]
    let moveAction: String?
    let canMoveUp: Bool
    let canMoveDown: Bool
}

/// The editors' forms of a record: notes, decisions, recording; a new action item; a resource to attach; whether
/// the event takes questions.
struct MeetingRecordForm: Sendable {
    let action: String
    let notes: String
    let decisions: String
    let recordingURL: String
    let actionItemsAction: String
    let resourcesAction: String
    let attachable: [Option]
    /// For events that are not a Q&A: the form turning questions on or off.
    let questionSettingsAction: String?
    let takesQuestions: Bool
    let errors: [String]
}
