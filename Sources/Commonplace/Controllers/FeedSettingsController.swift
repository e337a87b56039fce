import Foundation
import Hummingbird

/// The member's private feed address: made, remade and revoked on `/settings/feeds`.
///
///     GET  /settings/feeds
///     POST /settings/feeds/token     make an address (a new one ends the old)
///     POST /settings/feeds/revoke
///
/// Only the token's SHA-256 is stored, so the address is shown once, in the answer to the POST that made it (a page,
/// not a redirect: the token never goes into a URL the browser keeps in its history).
struct FeedSettingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("settings/feeds", use: show)
        router.post("settings/feeds/token", use: make)
        router.post("settings/feeds/revoke", use: revoke)
    }

    /// Notices shown after a redirect, chosen by key so no text comes from the URL.
    static let notices = ["revoked": "Your private feed address was revoked: its feeds no longer answer."]

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try await page(context, token: nil, notice: notice)
    }

    @Sendable func make(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guardian = context.guardian
        try guardian.ensureCanMakeFeedToken()
        let token = RandomToken.urlSafe(bytes: FeedToken.tokenBytes)
        try await services.database.makeFeedToken(
            userID: context.user!.id!, tokenHash: RandomToken.sha256(token), now: context.now,
            checking: guardian.writeCheck { guardian, _ in try guardian.ensureCanMakeFeedToken() })
        return try await page(context, token: token, notice: "")
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guardian = context.guardian
        try guardian.ensureCanRevokeFeedToken()
        let revoked = try await services.database.revokeFeedToken(
            userID: context.user!.id!, checking: guardian.writeCheck { guardian, _ in try guardian.ensureCanRevokeFeedToken() })
        guard revoked else { throw AppError.badRequest("You have no private feed address to revoke.") }
        return redirect(to: Paths.settingsFeeds + "?notice=revoked")
    }

    /// The settings page; with `token` (just made), the private addresses of the site's feed and of the member's
    /// communities.
    private func page(_ context: AppRequestContext, token: String?, notice: String) async throws -> Response {
        let user = context.user!
        let stored = try await services.database.feedToken(userID: user.id!)
        let base = services.config.publicBaseURL
        var addresses: [FeedAddress] = []
        if let token {
            func address(_ label: String, _ path: String) -> FeedAddress {
                FeedAddress(label: label, url: base + Paths.privateFeed(token: token, path))
            }
            addresses.append(address("Latest discussions everywhere you can read", Paths.siteFeed))
            let mine = try services.database.allCommunities()
                .filter { !$0.isMerged && context.guardian.isMember(of: $0) }
                .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            for community in mine {
                addresses.append(address("Latest discussions in \(community.name)", Paths.communityFeed(community)))
            }
            addresses.append(address("Your own posts", Paths.userFeed(user.handle)))
            addresses.append(FeedAddress(label: "Calendar of the events of every community you can see, with the meeting links you may use (subscribe to it in your calendar program)",
                                         url: base + Paths.privateEventsCalendar(token: token)))
        }
        let summary = stored.map { row in
            "made \(Formatting.moment(row.createdAt)); " + (row.lastUsedAt.map { "last read \(Formatting.moment($0))" } ?? "not read yet")
        } ?? ""
        let model = FeedSettingsPage(
            nav: try await SettingsNav.make(.feeds, services: services, context: context),
            hasToken: stored != nil, tokenSummary: summary, addresses: addresses, justMade: token != nil,
            pattern: token.map { base + Paths.privateFeed(token: $0, Paths.discussionFeed(id: 123)) } ?? "",
            canMake: context.guardian.canAct, publicSiteFeed: base + Paths.siteFeed)
        return try services.page(.accountFeeds, title: "Feeds", page: model, context: context, notice: notice)
    }
}
