import GRDB
import Hummingbird

/// Members' public profiles, with their contributions as the viewer may see them.
///
///     GET /u/{handle}
struct ProfileController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("u/:handle", use: profile)
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let handle = context.parameters.get("handle") ?? ""
        guard let user = try await services.database.user(handle: handle) else { throw AppError.notFound }
        let guardian = context.guardian
        let isOwn = guardian.canEditProfile(ofUser: user.id)
        let visible = guardian.visibleCommunitySQL(table: "community")
        let unseen = isOwn ? try await services.database.unseenHelpRequestCount(helperID: user.id!, visible: visible) : 0
        let page = ProfilePage(
            handle: user.handle, displayName: user.displayName, organisation: user.organisation.nonEmpty,
            roleTitle: user.roleTitle.nonEmpty, bioParagraphs: Formatting.paragraphs(user.bio),
            memberSince: Formatting.day(user.createdAt),
            email: guardian.canSeeEmail(ofUser: user.id) ? user.email : nil,
            isAdmin: user.isAdmin,
            isOwn: isOwn,
            contributions: try await contributions(of: user, visible: visible),
            unseenHelpRequests: unseen == 0 ? nil : unseen == 1 ? "1 new help request" : "\(unseen) new help requests")
        return try services.page(.usersProfile, title: "\(user.displayName) (@\(user.handle))", page: page, context: context,
                                 feed: FeedLink.of("Posts by \(user.displayName)", path: Paths.userFeed(user.handle), community: nil))
    }

    /// The figures, communities and expertise of `user`, counting only what `visible` (the viewer's rule) allows.
    func contributions(of user: User, visible: SQL) async throws -> ContributionFigures {
        let c = try await services.database.contributions(userID: user.id!, visible: visible)
        let expertise = try await services.database.expertise(userID: user.id!)
        return ContributionFigures(
            figures: [
                Figure(label: "Questions asked", value: c.questionsAsked),
                Figure(label: "Answers given", value: c.answersGiven),
                Figure(label: "Answers accepted", value: c.answersAccepted),
                Figure(label: "Lessons learned shared", value: c.lessonsShared),
                Figure(label: "Resources shared", value: c.resourcesShared),
                Figure(label: "Helpful marks received", value: c.helpfulReceived),
            ],
            communities: c.communities.map {
                ProfileCommunity(name: $0.community.name, url: Paths.community($0.community), isModerator: $0.role == .moderator)
            },
            helpTopics: expertise.help.joined(separator: ", ").nonEmpty,
            learnTopics: expertise.learn.joined(separator: ", ").nonEmpty,
            mentor: expertise.mentor)
    }
}
