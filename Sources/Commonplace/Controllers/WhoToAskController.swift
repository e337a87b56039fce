import Foundation
import Hummingbird

/// A community's Who to ask page, and the shared vocabulary of topics its moderators keep.
///
///     GET  /c/{community}/who-to-ask           ?topic=…   opted-in members ranked for the topic (see `WhoToAsk`)
///     GET  /c/{community}/topics               POST /c/{community}/topics   (topics, one per line)   moderators
struct WhoToAskController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/who-to-ask", use: whoToAsk)
        router.get("c/:community/topics", use: topicsForm)
        router.post("c/:community/topics", use: saveTopics)
    }

    @Sendable func whoToAsk(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let guardian = context.guardian
        try guardian.ensureVisible(guardian.canSeeWhoToAsk(in: community))
        let topic = Topics.normalize(FormBody.queryParameters(request)["topic"] ?? "")
        guard topic.count <= Topics.maxLength else {
            throw AppError.badRequest("A topic can be at most \(Topics.maxLength) characters.")
        }
        let database = services.database
        let vocabulary = try await database.vocabulary(communityID: community.id!)
        let suggestions = try await database.candidateTopics(communityID: community.id!)
        let people = topic.isEmpty ? [] : try await database.whoToAsk(communityID: community.id!, topics: [topic], now: services.now)
        let optedIn = topic.isEmpty ? try await database.optedInMembers(communityID: community.id!, now: services.now) : []
        let page = WhoToAskPage(
            community: CommunityHeader(community), action: Paths.whoToAsk(community), topic: topic, hasTopic: !topic.isEmpty,
            vocabulary: vocabulary.map { TopicLink(topic: $0, url: Paths.whoToAsk(community, topic: $0), current: $0 == topic) },
            suggestions: suggestions,
            people: people.map { HelperEntry($0, topicCount: 1, viewerID: context.user?.id) },
            optedIn: optedIn.map {
                OptedInEntry(displayName: $0.user.displayName, profileURL: Paths.user($0.user.handle), mentor: $0.mentor,
                             topics: $0.topics.joined(separator: ", ").nonEmpty)
            },
            canManageTopics: guardian.canManageTopics(of: community), topicsURL: Paths.communityTopics(community),
            expertiseURL: Paths.settingsExpertise)
        let title = topic.isEmpty ? "Who to ask in \(community.name)" : "Who to ask about \(topic)"
        return try services.page(.learningWhoToAsk, title: title, page: page, context: context)
    }

    // MARK: - Vocabulary

    struct TopicsForm: Decodable { let topics: String? }

    static let notices = ["saved": "The community's topics were saved."]

    private func ensureCanManage(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanManageTopics(of: community)
    }

    private func topicsPage(_ community: Community, topics: String) -> TopicsPage {
        TopicsPage(community: CommunityHeader(community), action: Paths.communityTopics(community), topics: topics,
                   whoToAskURL: Paths.whoToAsk(community))
    }

    @Sendable func topicsForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try ensureCanManage(community, context)
        let topics = try await services.database.vocabulary(communityID: community.id!)
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.learningTopics, title: "Topics of \(community.name)",
                                 page: topicsPage(community, topics: topics.joined(separator: "\n")), context: context, notice: notice)
    }

    @Sendable func saveTopics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        _ = try load.actingUser(context)
        try ensureCanManage(community, context)
        let form = try await FormBody.decode(TopicsForm.self, from: request, context: context)
        let topics = Topics.parse(form.topics)
        if let problem = Topics.problem(topics, label: "Topics", limit: Topics.maxVocabulary) {
            var page = topicsPage(community, topics: cleanText(form.topics))
            page.error = problem
            return try services.page(.learningTopics, title: "Topics of \(community.name)", page: page, context: context,
                                     status: .badRequest)
        }
        try await services.database.setVocabulary(communityID: community.id!, topics, checking: context.guardian.communityCheck(community) {
            guardian, community in try guardian.ensureCanManageTopics(of: community)
        })
        return redirect(to: Paths.communityTopics(community) + "?notice=saved")
    }
}
