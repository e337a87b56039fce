import Foundation

/// Links of a date's record and its guest-speaker Q&A (issue 14). Dates are keyed by their original local date
/// (`?on=YYYY-MM-DD`, as on the event page).
extension Paths {
    /// The record of a date: read by those who may see it, kept (notes, decisions, recording) by its editors.
    public static func meetingRecord(_ id: Int64, on date: String) -> String { "/e/\(id)/record?on=\(date)" }
    public static func meetingActionItems(_ id: Int64, on date: String) -> String { "/e/\(id)/record/actions?on=\(date)" }
    public static func meetingActionItem(_ id: Int64, item: Int64, on date: String) -> String { "/e/\(id)/record/actions/\(item)?on=\(date)" }
    public static func meetingResources(_ id: Int64, on date: String) -> String { "/e/\(id)/record/resources?on=\(date)" }
    public static func meetingRecordDiscussion(_ id: Int64, on date: String) -> String { "/e/\(id)/record/discussion?on=\(date)" }

    /// Asking a question on a date (POST), and the Q&A section of the record page.
    public static func meetingQuestions(_ id: Int64, on date: String) -> String { "/e/\(id)/questions?on=\(date)" }
    /// Turning questions on or off for an event that is not a guest-speaker Q&A.
    public static func meetingQuestionSettings(_ id: Int64) -> String { "/e/\(id)/questions/settings" }
    public static func meetingQuestionVote(_ id: Int64, question: Int64) -> String { "/e/\(id)/questions/\(question)/vote" }
    public static func meetingQuestionAnswer(_ id: Int64, question: Int64) -> String { "/e/\(id)/questions/\(question)/answer" }
    public static func meetingQuestionHide(_ id: Int64, question: Int64) -> String { "/e/\(id)/questions/\(question)/hide" }
    public static func meetingQuestionMerge(_ id: Int64, question: Int64) -> String { "/e/\(id)/questions/\(question)/merge" }
    public static func meetingQuestionMove(_ id: Int64, question: Int64) -> String { "/e/\(id)/questions/\(question)/move" }

    /// A date's questions on their own page, in the moderators' order (then by votes), or `newest` first.
    public static func meetingQuestionsPage(_ id: Int64, on date: String, newest: Bool = false) -> String {
        meetingQuestions(id, on: date) + (newest ? "&order=newest" : "")
    }

    /// Where a date's questions are shown, after a Q&A form.
    static func meetingQuestionsSection(_ id: Int64, on date: String) -> String { meetingRecord(id, on: date) + "#questions" }
}
