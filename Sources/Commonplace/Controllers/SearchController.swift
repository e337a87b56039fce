import Foundation
import Hummingbird

/// Search over everything the visitor may see.
///
///     GET /search   ?q=… &in= &kind= &is= &after= &before= &sort=relevance|newest &page=N
///                   (Accept: application/json for the same results as JSON; matching resources on page 1, above)
struct SearchController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("search", use: search)
    }

    /// The query typed in `q` with the filters chosen in the form applied on top.
    static func query(from parameters: [String: String]) -> SearchQuery {
        SearchQuery.make(typed: parameters["q"] ?? "", filters: parameters)
    }

    /// The site's synonyms, and those of the community searched in (`in:`) when the searcher may see it.
    private func synonyms(for query: SearchQuery, guardian: Guardian) async throws -> SearchSynonyms {
        guard let slug = query.community, let community = try await services.database.community(slug: slug),
              guardian.canUseSearchSynonyms(of: community) else { return .siteWide }
        return SearchSynonyms.siteWide.adding(try await services.database.searchSynonyms(communityID: community.id!))
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = FormBody.queryParameters(request)
        let q = parameters["q"] ?? ""
        let typedQuery = Self.query(from: parameters)
        let sortParam = parameters["sort"] ?? "relevance"
        guard let sort = SearchSort(rawValue: sortParam.isEmpty ? "relevance" : sortParam) else {
            throw AppError.badRequest("Sort by relevance or newest.")
        }
        guard let page = Int(parameters["page"] ?? "1"), (1...500).contains(page) else {
            throw AppError.badRequest("The page number must be a whole number from 1 to 500.")
        }
        let guardian = context.guardian
        let found = try await services.database.forgivingSearch(
            typed: q, filters: parameters, synonyms: try await synonyms(for: typedQuery, guardian: guardian),
            visible: guardian.visibleCommunitySQL(table: "community"), sort: sort, page: page)
        let query = found.query
        var resourceHits = page == 1
            ? try await services.database.searchResources(query, visible: guardian.visibleCommunitySQL(table: "community"),
                                                          limit: SearchEngine.resourceResults)
            : (hits: [], hasMore: false)
        // A sentence-like query that found few discussions with every word reads resources and meetings the same
        // relaxed way: those holding most (or the rarest) of its meaningful words.
        var relaxedElsewhere = false
        if page == 1, resourceHits.hits.isEmpty, let clauses = found.relaxedClauses {
            resourceHits = try await services.database.searchResources(
                query, visible: guardian.visibleCommunitySQL(table: "community"), limit: SearchEngine.resourceResults, anyOf: clauses)
            relaxedElsewhere = !resourceHits.hits.isEmpty
        }
        let resourceEntries = resourceHits.hits.map(ResourceResultEntry.init)
        // A resource listed above is not listed again as its discussion.
        let resourceDiscussions = Set(resourceHits.hits.compactMap(\.resource.discussionId))
        let hits = found.results.hits.filter { !resourceDiscussions.contains($0.discussion.id!) }
        let results = SearchResults(hits: hits, hasMore: found.results.hasMore,
                                    total: found.results.total - (found.results.hits.count - hits.count),
                                    totalIsLowerBound: found.results.totalIsLowerBound)
        let entries = results.hits.map(SearchResultEntry.init)
        let suggestion = found.suggestion.map { text in
            var corrected = parameters
            corrected["q"] = text
            return SearchSuggestion(text: text, url: Paths.search(parameters: corrected, sort: sort, page: 1))
        }
        let count = Self.count(results, page: page)
        // Events and meeting records: a few above the discussions on page 1, or every page of them with kind:meeting.
        let meetingsVisible = guardian.visibleRecordSQL(isRecord: "doc.occurrence_id IS NOT NULL")
        var meetingHits = page == 1 || query.meetingsOnly
            ? try await services.database.searchMeetings(
                query, visible: meetingsVisible,
                limit: query.meetingsOnly ? SearchEngine.perPage : SearchEngine.meetingResults,
                offset: query.meetingsOnly ? (page - 1) * SearchEngine.perPage : 0)
            : (hits: [], hasMore: false)
        if page == 1, meetingHits.hits.isEmpty, let clauses = found.relaxedClauses {
            meetingHits = try await services.database.searchMeetings(
                query, visible: meetingsVisible, limit: SearchEngine.meetingResults, anyOf: clauses)
            relaxedElsewhere = relaxedElsewhere || !meetingHits.hits.isEmpty
        }
        let meetingEntries = meetingHits.hits.map(MeetingResultEntry.init)
        let hasMore = results.hasMore || (query.meetingsOnly && meetingHits.hasMore)

        if ErrorPageMiddleware.wantsJSON(request) {
            let json = SearchJSON(
                query: .init(terms: Self.terms(query), excluded: query.excluded.map(\.display), filters: Self.filters(query),
                             notes: query.notes, readings: query.readings),
                resources: zip(resourceHits.hits, resourceEntries).map { hit, entry in
                    .init(resourceId: hit.resource.id!, title: entry.title, url: entry.url, community: hit.community.slug,
                          type: hit.resource.type.rawValue, outdated: entry.isOutdated, snippetHtml: entry.snippetHtml)
                },
                results: zip(results.hits, entries).map { hit, entry in
                    .init(discussionId: hit.discussion.id!, title: entry.title, url: entry.url, postUrl: entry.postURL,
                          postNumber: entry.postNumber, community: hit.community.slug, board: hit.board.slug,
                          kind: hit.discussion.kind.rawValue, answered: hit.discussion.isAnswered, author: entry.authorName,
                          date: entry.dateISO, snippetHtml: entry.snippetHtml)
                },
                page: page, hasMore: hasMore, total: results.total, totalIsLowerBound: results.totalIsLowerBound,
                suggestion: found.suggestion, corrected: found.corrected, relaxed: found.relaxed || relaxedElsewhere,
                meetings: zip(meetingHits.hits, meetingEntries).map { hit, entry in
                    .init(meetingId: hit.meeting.id!, date: hit.localDate, title: entry.title, url: entry.url, community: hit.community.slug,
                          kind: hit.meeting.kind.rawValue, isRecord: hit.localDate != nil, snippetHtml: entry.snippetHtml)
                })
            return try JSONResponse.make(json)
        }

        let allCommunities = try await services.database.communities()
        let communities = allCommunities.filter(guardian.canSee)
        let hasQuery = !q.trimmingCharacters(in: .whitespaces).isEmpty || query.hasFilters
        let scope = query.community.flatMap { slug in communities.first { $0.slug == slug }?.name }
        var model = SearchPage(
            q: q, action: Paths.search, hasQuery: hasQuery,
            understood: hasQuery ? Understood(terms: Self.readings(query), excluded: query.excluded.map(\.display),
                                              filters: Self.filters(query), notes: query.notes, readings: query.readings) : nil,
            results: entries, noResults: hasQuery && entries.isEmpty && resourceEntries.isEmpty && meetingEntries.isEmpty,
            suggestions: Self.suggestions(for: query, someHidden: communities.count < allCommunities.count),
            communities: [Option(value: "", label: "All communities", selected: query.community == nil)]
                + communities.map { Option(value: $0.slug, label: $0.name, selected: query.community == $0.slug) },
            kinds: [Option(value: "", label: "Any kind", selected: query.kind == nil && !query.meetingsOnly)]
                + Discussion.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: query.kind == $0) }
                + [Option(value: "meeting", label: "Meetings", selected: query.meetingsOnly)],
            answeredOptions: [
                Option(value: "", label: "Answered or not", selected: query.answered == nil),
                Option(value: "answered", label: "Answered", selected: query.answered == true),
                Option(value: "unanswered", label: "Unanswered", selected: query.answered == false),
            ],
            sorts: SearchSort.allCases.map { option in
                FilterLink(label: option == .relevance ? "Most relevant" : "Newest",
                           url: Paths.search(parameters: parameters, sort: option, page: 1), isCurrent: option == sort)
            },
            after: parameters["after"] ?? "", before: parameters["before"] ?? "",
            pagination: hasMore || page > 1
                ? Pagination(current: page, total: hasMore ? page + 1 : page,
                             previousURL: page > 1 ? Paths.search(parameters: parameters, sort: sort, page: page - 1) : nil,
                             nextURL: hasMore ? Paths.search(parameters: parameters, sort: sort, page: page + 1) : nil)
                : nil,
            scopeName: scope)
        model.resources = resourceEntries
        model.moreResources = resourceHits.hasMore
        model.meetings = meetingEntries
        model.moreMeetings = meetingHits.hasMore && !query.meetingsOnly
        let discussionCount = hasQuery && !entries.isEmpty ? count : nil
        // The discussions' own count under their heading when other kinds are listed above them.
        model.count = resourceEntries.isEmpty && meetingEntries.isEmpty ? nil : discussionCount
        model.summary = hasQuery ? Self.summary(discussions: discussionCount, resources: resourceEntries.count,
                                                moreResources: resourceHits.hasMore, meetings: meetingEntries.count,
                                                moreMeetings: meetingHits.hasMore) : nil
        let filtersSet = Self.formFilterCount(query)
        model.filtersOpen = !hasQuery || filtersSet > 0
        model.filtersSet = filtersSet > 0 ? "\(filtersSet) set" : nil
        model.suggestion = found.corrected ? nil : suggestion
        model.correction = found.corrected ? suggestion.map { CorrectionNote(typed: q, corrected: $0.text) } : nil
        model.relaxedWords = found.relaxed || relaxedElsewhere
            ? RelaxedNote(ignored: found.ignoredWords.isEmpty ? nil : Formatting.quotedList(found.ignoredWords)) : nil
        model.filtersOnly = hasQuery && !typedQuery.hasTerms && typedQuery.excluded.isEmpty
        // Filters alone list newest first whatever the sort: no relevance tab to highlight.
        model.showSorts = hasQuery && !model.filtersOnly && !model.noResults
        model.synonymsURL = query.community.flatMap { slug in communities.first { $0.slug == slug } }
            .flatMap { guardian.canEditSearchSynonyms(of: $0) ? Paths.searchSynonyms($0) : nil }
        let title = hasQuery ? "Search: \(q)" : "Search"
        return try services.page(.searchResults, title: title, page: model, context: context)
    }

    /// "23 discussions", "1 discussion", or "More than 400 discussions" when a ranking window filled up.
    static func count(_ results: SearchResults, page: Int) -> String {
        if results.totalIsLowerBound { return "More than \(results.total) discussions" }
        return results.total == 1 ? "1 discussion" : "\(results.total) discussions"
    }

    /// Everything found, for the line under the form: "23 discussions, 2 meetings and 1 resource" (nil: nothing).
    static func summary(discussions: String?, resources: Int, moreResources: Bool, meetings: Int, moreMeetings: Bool) -> String? {
        var parts: [String] = []
        if let discussions { parts.append(discussions.replacingOccurrences(of: "More than", with: "more than")) }
        if meetings > 0 { parts.append((moreMeetings ? "more than " : "") + Formatting.count(meetings, "meeting")) }
        if resources > 0 { parts.append((moreResources ? "more than " : "") + Formatting.count(resources, "resource")) }
        guard !parts.isEmpty else { return nil }
        return "Found " + Formatting.list(parts) + "."
    }

    /// How many of the form's filters (community, kind, questions, after, before) the search has, typed or chosen.
    static func formFilterCount(_ query: SearchQuery) -> Int {
        [query.community != nil, query.kind != nil || query.meetingsOnly, query.answered != nil, query.after != nil, query.before != nil]
            .filter { $0 }.count
    }

    /// Each clause with its readings, one chip each.
    static func readings(_ query: SearchQuery) -> [TermReading] {
        query.clauses.map { clause in
            TermReading(alternatives: clause.enumerated().map { TermAlternative(text: $1.display, isAlternative: $0 > 0) })
        }
    }

    static func terms(_ query: SearchQuery) -> [String] {
        query.clauses.map { $0.map(\.display).joined(separator: " or ") }
    }

    static func filters(_ query: SearchQuery) -> [String] {
        var filters: [String] = []
        if let c = query.community { filters.append("in:\(c)") }
        if let b = query.board { filters.append("board:\(b)") }
        if let a = query.author { filters.append("author:\(a)") }
        if let k = query.kind { filters.append("kind:\(k.rawValue)") }
        if query.meetingsOnly { filters.append("kind:meeting") }
        if let answered = query.answered { filters.append(answered ? "is:answered" : "is:unanswered") }
        if let after = query.after { filters.append("after:\(Formatting.isoDay(after))") }
        if let before = query.before { filters.append("before:\(Formatting.isoDay(before))") }
        return filters
    }

    /// Tips when nothing was found; `someHidden` when the searcher cannot see every community (which, or how many,
    /// is not said).
    static func suggestions(for query: SearchQuery, someHidden: Bool = false) -> [String] {
        var tips: [String] = []
        if query.community != nil || query.kind != nil || query.meetingsOnly || query.answered != nil || query.after != nil || query.before != nil
            || query.author != nil || query.board != nil {
            tips.append("Remove a filter: it may be narrowing the search too much.")
        }
        if query.clauses.count > 1 { tips.append("Use fewer words, or join alternatives with OR.") }
        tips.append("Check the spelling, or try a shorter form of a word with * (for example immuni*).")
        if someHidden {
            tips.append("Results come only from the communities you can see: a members-only community's discussions are searched once you are a member.")
        }
        return tips
    }
}

extension ResourceResultEntry {
    init(_ hit: ResourceSearchHit) {
        title = hit.resource.title
        url = Paths.resource(hit.resource.id!)
        type = hit.resource.type.label
        communityName = hit.community.name
        communityURL = Paths.community(hit.community)
        isOutdated = hit.resource.isOutdated
        snippetHtml = SearchResultEntry.markedSnippet(hit.snippet)
    }
}

extension SearchResultEntry {
    /// The snippet escaped, with `<mark>` around the matched words (scalar by scalar: Foundation's
    /// `replacingOccurrences` cost more than the rest of a result's entry).
    ///
    /// Always balanced, whatever the text holds: a start marker while a mark is open and an end marker while none
    /// is are dropped, and a mark left open is closed, so a marker that reached the database some other way than
    /// the forms (which remove them, `InputText`) can never leave a raw `<mark>` or a marker character.
    static func markedSnippet(_ snippet: String) -> String {
        let escaped = HTMLEscaping.escape(SnippetText.plain(snippet))
        var out = String.UnicodeScalarView()
        out.reserveCapacity(escaped.unicodeScalars.count + 32)
        var open = false
        for scalar in escaped.unicodeScalars {
            switch scalar {
            case SearchEngine.markStartScalar:
                if !open { out.append(contentsOf: "<mark>".unicodeScalars) }
                open = true
            case SearchEngine.markEndScalar:
                if open { out.append(contentsOf: "</mark>".unicodeScalars) }
                open = false
            default:
                out.append(scalar)
            }
        }
        if open { out.append(contentsOf: "</mark>".unicodeScalars) }
        return String(out)
    }

    init(_ hit: SearchHit) {
        title = hit.discussion.title
        url = Paths.discussion(hit.discussion)
        postURL = Paths.post(hit.discussion, number: hit.postNumber)
        communityName = hit.community.name
        communityURL = Paths.community(hit.community)
        boardName = hit.board.name
        boardURL = Paths.board(hit.community, hit.board)
        kind = hit.discussion.kind.label
        isQuestion = hit.discussion.kind == .question
        isAnswered = hit.discussion.isAnswered
        authorName = hit.author?.displayName ?? "A former member"
        date = Formatting.day(hit.postDate)
        dateISO = Formatting.iso(hit.postDate)
        postNumber = hit.postNumber
        snippetHtml = Self.markedSnippet(hit.snippet)
    }
}

extension MeetingResultEntry {
    init(_ hit: MeetingSearchHit) {
        title = hit.title
        url = hit.localDate.map { Paths.meeting(hit.meeting.id!, on: $0) } ?? Paths.meeting(hit.meeting)
        kind = hit.localDate == nil ? hit.meeting.kind.label : "Meeting record"
        communityName = hit.community.name
        communityURL = Paths.community(hit.community)
        date = Formatting.day(hit.happenedAt)
        dateISO = Formatting.iso(hit.happenedAt)
        snippetHtml = SearchResultEntry.markedSnippet(hit.snippet)
    }
}
