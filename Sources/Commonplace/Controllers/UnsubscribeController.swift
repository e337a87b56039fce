import Foundation
import Hummingbird

/// One-click unsubscribe from the link in every notification email and digest, without signing in.
///
///     GET  /unsubscribe/{token}   a page saying what the link turns off, with a button (changes nothing)
///     POST /unsubscribe/{token}   turns it off: the button, or a mail client's RFC 8058 one-click POST
///                                 (`List-Unsubscribe=One-Click`); no CSRF token and no session (the signed token
///                                 authorises it, and it can only turn that one kind of email off)
///
/// A token that does not verify is refused with 400 and a page saying so; one naming an account that no longer exists,
/// with 404. Both are rate-limited per client address.
struct UnsubscribeController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("unsubscribe/:token", use: show)
        router.post("unsubscribe/:token", use: unsubscribe)
    }

    static let invalidMessage = """
        This unsubscribe link is not valid: it may have been cut short or changed on the way. Use the link in a recent \
        email, or sign in and choose your emails in your email settings.
        """

    /// The member and scope of the request's token, after counting the request against the client's limit.
    private func verified(_ request: Request, context: AppRequestContext) throws -> (userID: Int64, scope: UnsubscribeScope, token: String) {
        if let until = services.unsubscribeLimiter.attempt(context.clientAddress, now: context.now) {
            let minutes = SignInThrottle.minutes(until: until, now: context.now)
            throw AppError.tooManyRequests("Too many unsubscribe requests from your address. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
        }
        let token = context.parameters.get("token") ?? ""
        guard let (userID, scope) = services.unsubscribe.verify(token) else { throw AppError.badRequest(Self.invalidMessage) }
        return (userID, scope, token)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (userID, scope, token) = try verified(request, context: context)
        guard try await services.database.userExists(id: userID) else { throw AppError.notFound }
        let page = UnsubscribePage(action: Paths.unsubscribe(token: token), what: scope.description, done: false)
        return try services.page(.accountUnsubscribe, title: "Unsubscribe", page: page, context: context)
    }

    @Sendable func unsubscribe(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (userID, scope, token) = try verified(request, context: context)
        guard try await services.database.unsubscribe(userID: userID, scope: scope, now: context.now) else { throw AppError.notFound }
        let page = UnsubscribePage(action: Paths.unsubscribe(token: token), what: scope.description, done: true)
        return try services.page(.accountUnsubscribe, title: "Unsubscribed", page: page, context: context)
    }
}
