import Foundation
import Hummingbird

/// A community's own search synonyms, kept by its moderators on top of the site's list.
///
///     GET  /mod/{community}/search-synonyms   the list, with the site's for reference
///     POST /mod/{community}/search-synonyms   `synonyms` (one group a line: MFA = multi-factor authentication)
struct SearchSynonymController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("mod/:community/search-synonyms", use: show)
        router.post("mod/:community/search-synonyms", use: save)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureCanEditSearchSynonyms(of: community)
        let text = try await services.database.searchSynonymText(communityID: community.id!)
        return try page(community, text: text, problems: [], saved: FormBody.queryParameters(request)["saved"] == "1", context: context)
    }

    struct Form: Decodable {
        let synonyms: String?
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensureCanEditSearchSynonyms(of: community)
        let form = try await FormBody.decode(Form.self, from: request, context: context)
        let text = cleanText(form.synonyms)
        let problems = SearchSynonyms.validate(text)
        guard problems.isEmpty else {
            return try page(community, text: text, problems: problems, saved: false, context: context, status: .badRequest)
        }
        let lines = SearchSynonyms.lines(text)
        try await services.database.saveSearchSynonyms(
            communityID: community.id!, lines: lines,
            log: ModerationAction(communityId: community.id!, actorId: context.user!.id!, action: .changeSettings,
                                  targetType: .community, targetId: community.id!, targetLabel: community.name,
                                  reason: lines.isEmpty ? "search synonyms removed" : "search synonyms: \(lines.count) lines",
                                  createdAt: services.now),
            checking: context.guardian.searchSynonymsCheck(community))
        return redirect(to: Paths.searchSynonyms(community) + "?saved=1")
    }

    private func page(_ community: Community, text: String, problems: [String], saved: Bool, context: AppRequestContext,
                      status: HTTPResponse.Status = .ok) throws -> Response {
        let page = SearchSynonymsPage(
            community: CommunityHeader(community), action: Paths.searchSynonyms(community), synonyms: text,
            problems: problems, siteWide: SearchSynonyms.siteWideLines, maxLines: SearchSynonyms.Limits.maxGroups,
            saved: saved,
            searchURL: Paths.search(parameters: ["in": community.slug], sort: .relevance, page: 1))
        return try services.page(.searchSynonyms, title: "Search synonyms", page: page, context: context, status: status)
    }
}
