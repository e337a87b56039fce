import Foundation
import Hummingbird

/// The welcome page after sign-up: what a community of practice is, and communities to join, suggested by type and by
/// what the newcomer says they work on.
///
///     GET /welcome        ?type=exchange|strategy|change &work=words &next=path
struct WelcomeController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("welcome", use: welcome)
    }

    /// How many communities the page suggests.
    static let suggestionLimit = 6
    /// The longest "what you work on" text read.
    static let maxWorkCharacters = 200
    /// An account this young that confirms its address goes on to this page (older ones to Settings).
    static let newAccountAge: TimeInterval = 7 * 86_400
    /// Notices shown above the page, chosen by key so no text comes from the URL.
    static let notices = ["address-verified": "Your address is confirmed."]

    @Sendable func welcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let query = request.uri.queryParameters
        let next = Paths.safeNext(query.get("next")) ?? ""
        let typeParam = query.get("type").flatMap { $0.isEmpty ? nil : $0 }
        var kind: Community.Kind?
        if let typeParam {
            guard let chosen = Community.Kind(rawValue: typeParam) else {
                throw AppError.badRequest("There is no community type “\(typeParam)”. Choose exchange, strategy or change.")
            }
            kind = chosen
        }
        let work = String(cleanText(query.get("work")).prefix(Self.maxWorkCharacters))
        let suggestions = try suggest(kind: kind, work: work, guardian: context.guardian)
        let page = WelcomePage(
            displayName: context.user!.displayName,
            kinds: [Option(value: "", label: "Any type", selected: kind == nil)]
                + Community.Kind.allCases.map { Option(value: $0.rawValue, label: $0.shortLabel, selected: $0 == kind) },
            work: work, next: next, suggestions: suggestions,
            isFiltered: kind != nil || !work.isEmpty,
            continueURL: next.isEmpty ? nil : next)
        let notice = query.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.accountWelcome, title: "Welcome", page: page, context: context, notice: notice)
    }

    /// Active communities the newcomer is not in, best match first: 3 for the chosen type, 2 for each word of their
    /// work found in the name or vocabulary, 1 in the summary or description; among equals those open to join in one
    /// click first (the easiest first step), then those taking requests, then by invitation, each in the directory's
    /// order. With words given, communities matching none of them are left out. At most `suggestionLimit`.
    func suggest(kind: Community.Kind?, work: String, guardian: Guardian) throws -> [WelcomeSuggestion] {
        let words = Self.words(work)
        let topics = try services.database.communityTopicTexts()
        let candidates = try services.database.allCommunities().filter {
            !$0.isMerged && $0.status == .active && !guardian.isMember(of: $0) && guardian.canSeeFrontDoor(of: $0)
        }
        let scored = candidates.enumerated().map { index, c -> (Community, Int, Int, Int) in
            let strong = (c.name + " " + (topics[c.id!] ?? "")).lowercased()
            let weak = (c.summary + " " + c.description).lowercased()
            let hits = words.reduce(0) { $0 + (strong.contains($1) ? 2 : weak.contains($1) ? 1 : 0) }
            return (c, hits + (kind.map { c.kinds.contains($0) ? 3 : 0 } ?? 0), hits, index)
        }
        func ease(_ c: Community) -> Int {
            guardian.canJoin(c) ? 0 : guardian.canRequestToJoin(c) ? 1 : 2
        }
        return scored.filter { words.isEmpty || $0.2 > 0 }
            .sorted { ($0.1, -ease($0.0), -$0.3) > ($1.1, -ease($1.0), -$1.3) }
            .prefix(Self.suggestionLimit)
            .map { scored in
                let c = scored.0
                return WelcomeSuggestion(
                    name: c.name, summary: c.summary, kinds: c.kinds.map(\.shortLabel).joined(separator: " · "),
                    url: guardian.canSee(c) ? Paths.community(c) : Paths.join(c),
                    joinLabel: CommunityLabels.join(c.joinPolicy), membersOnly: c.visibility == .members,
                    joinAction: guardian.canJoin(c) ? Paths.join(c) : nil,
                    requestURL: guardian.canRequestToJoin(c) ? Paths.join(c) : nil)
            }
    }

    /// The words of `text` worth matching: lowercased, three letters or more, without the commonest English words.
    static func words(_ text: String) -> [String] {
        let separators = CharacterSet.alphanumerics.inverted
        let words = text.lowercased().components(separatedBy: separators).filter { $0.count >= 3 && !stopWords.contains($0) }
        return Array(NSOrderedSet(array: words).array as? [String] ?? words).prefix(12).map { $0 }
    }

    static let stopWords: Set<String> = ["the", "and", "for", "with", "our", "who", "what", "work", "working", "about", "from",
                                         "that", "this", "are", "was", "have", "has", "not", "but", "all", "any", "can", "into"]
}
