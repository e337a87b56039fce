/// `search/results`: the search form, how the query was understood, and the results.
struct SearchPage: Sendable {
    let q: String
    let action: String
    let hasQuery: Bool
    let understood: Understood?
    let results: [SearchResultEntry]
    let noResults: Bool
    let suggestions: [String]
    let communities: [Option]
    let kinds: [Option]
    let answeredOptions: [Option]
    let sorts: [FilterLink]
    let after: String
    let before: String
    let pagination: Pagination?
    let scopeName: String?
    /// Matching resources (first page only), above the discussions.
    var resources: [ResourceResultEntry] = []
    var moreResources = false
    /// Matching events and meeting records (first page only, or every page with `kind:meeting`).
    var meetings: [MeetingResultEntry] = []
    var moreMeetings = false
    /// "23 discussions" or "More than 400 discussions" (nil when none were found), under the Discussions heading.
    var count: String?
    /// Everything found, near the top: "23 discussions, 2 meetings and 1 resource".
    var summary: String?
    /// The Filters control starts open: a filter is set, or nothing was asked yet.
    var filtersOpen = false
    /// "2 set" beside the Filters control when filters are chosen in the form.
    var filtersSet: String?
    /// The relevance and newest tabs (not for filters alone: those list newest first).
    var showSorts = false
    /// "Did you mean …?" with the corrected search's link.
    var suggestion: SearchSuggestion?
    /// Nothing matched what was typed: the results are the correction's.
    var correction: CorrectionNote?
    /// Some results match only most of the words.
    var relaxedWords: RelaxedNote?
    /// Filters alone: the discussions they allow, newest first.
    var filtersOnly = false
    /// The community searched in's synonyms, for its moderators.
    var synonymsURL: String?
}

/// One clause of a query: what was typed and what it also finds ("mfa" or "multi-factor authentication" …).
struct TermReading: Sendable {
    let alternatives: [TermAlternative]
}

/// One reading of a clause; every one after the first is introduced by "or".
struct TermAlternative: Sendable {
    let text: String
    let isAlternative: Bool
}

/// A corrected search to offer, and its link.
struct SearchSuggestion: Sendable {
    let text: String
    let url: String
}

/// What was typed, and the corrected search whose results are shown instead.
struct CorrectionNote: Sendable {
    let typed: String
    let corrected: String
}

/// The words a "most of your words" search left out as carrying no meaning.
struct RelaxedNote: Sendable {
    /// "“about” and “a”", or nil when no word was left out.
    let ignored: String?
}

/// An event or a date's record found by a search, linking to the event or to that date.
struct MeetingResultEntry: Sendable {
    let title: String
    let url: String
    let kind: String
    let communityName: String
    let communityURL: String
    let date: String
    let dateISO: String
    let snippetHtml: String
}

/// The query as the parser read it.
struct Understood: Sendable {
    /// Each word or phrase with what it also finds, each reading its own chip.
    let terms: [TermReading]
    let excluded: [String]
    let filters: [String]
    let notes: [String]
    /// What the words also find: synonyms, words written as one or two.
    let readings: [String]
}

struct SearchResultEntry: Sendable {
    let title: String
    let url: String
    let postURL: String
    let communityName: String
    let communityURL: String
    let boardName: String
    let boardURL: String
    let kind: String
    let isQuestion: Bool
    let isAnswered: Bool
    let authorName: String
    let date: String
    let dateISO: String
    let postNumber: Int
    /// Escaped text with `<mark>` around the matched words.
    let snippetHtml: String
}

/// The JSON form of a search (`Accept: application/json`).
struct SearchJSON: Encodable {
    struct Query: Encodable {
        let terms: [String]
        let excluded: [String]
        let filters: [String]
        let notes: [String]
        let readings: [String]
    }
    struct Result: Encodable {
        let discussionId: Int64
        let title: String
        let url: String
        let postUrl: String
        let postNumber: Int
        let community: String
        let board: String
        let kind: String
        let answered: Bool
        let author: String
        let date: String
        let snippetHtml: String
    }
    /// A matching resource (first page only).
    struct ResourceResult: Encodable {
        let resourceId: Int64
        let title: String
        let url: String
        let community: String
        let type: String
        let outdated: Bool
        let snippetHtml: String
    }
    let query: Query
    let resources: [ResourceResult]
    let results: [Result]
    let page: Int
    let hasMore: Bool
    /// Discussions found (`totalIsLowerBound`: at least that many).
    let total: Int
    let totalIsLowerBound: Bool
    /// The corrected search ("did you mean"), when there is one that finds something.
    let suggestion: String?
    /// The results are the suggestion's: what was typed found nothing.
    let corrected: Bool
    /// Some results match only most of the words.
    let relaxed: Bool
    /// A matching event (`isRecord` false) or date's record (`date` is its `?on=`).
    struct MeetingResult: Encodable {
        let meetingId: Int64
        let date: String?
        let title: String
        let url: String
        let community: String
        let kind: String
        let isRecord: Bool
        let snippetHtml: String
    }
    var meetings: [MeetingResult] = []
}

/// `search/synonyms`: a community's own search synonyms, as its moderators edit them.
struct SearchSynonymsPage: Sendable {
    let community: CommunityHeader
    let action: String
    let synonyms: String
    let problems: [String]
    let siteWide: [String]
    let maxLines: Int
    let saved: Bool
    let searchURL: String
}
