import Hummingbird

/// Members' public profiles.
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
        let page = ProfilePage(
            handle: user.handle, displayName: user.displayName, organisation: user.organisation.nonEmpty,
            roleTitle: user.roleTitle.nonEmpty, bioParagraphs: Formatting.paragraphs(user.bio),
            memberSince: Formatting.day(user.createdAt),
            email: guardian.canSeeEmail(ofUser: user.id) ? user.email : nil,
            isAdmin: user.isAdmin,
            isOwn: guardian.canEditProfile(ofUser: user.id))
        return try services.page("users/profile", title: "\(user.displayName) (@\(user.handle))", page: page, context: context)
    }
}
