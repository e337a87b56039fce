import Foundation
import Hummingbird

/// "Forgot password": a single-use link by email, valid one hour, that sets a new password.
///
///     GET  /password/reset            POST /password/reset           (field `email`)
///     GET  /password/reset/{token}    POST /password/reset/{token}   (field `password`)
///
/// The request is answered with the same page, status and work whether or not an account has the address (the
/// email is rendered either way, in one transaction). Requests are throttled per address as typed and per client
/// (`AccountMailThrottle`, 429 with `Retry-After`). A new password ends every session of the account and signs the
/// visitor in (a suspended account is sent to sign in, which says why it cannot).
struct PasswordResetController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("password/reset", use: requestPage)
        router.post("password/reset", use: request)
        router.get("password/reset/:token", use: passwordPage)
        router.post("password/reset/:token", use: setPassword)
    }

    struct RequestForm: Decodable {
        let email: String
    }

    struct PasswordForm: Decodable {
        let password: String
    }

    static let title = "Forgot your password?"

    @Sendable func requestPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try services.page(.accountResetRequest, title: Self.title, page: ResetRequestPage(), context: context)
    }

    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.decode(RequestForm.self, from: request, context: context)
        var page = ResetRequestPage(email: User.normalizedEmail(AccountValidation.clean(form.email)))
        if let problem = AccountValidation.email(page.email) {
            page.error = problem
            return try services.page(.accountResetRequest, title: Self.title, page: page, context: context, status: .badRequest)
        }
        if let until = try await services.config.accountMailThrottle.lockedUntil(
            .reset, address: page.email, clientAddress: context.clientAddress, database: services.database, now: services.now) {
            page.error = services.throttledMessage(until: until)
            return try services.throttledResponse(.accountResetRequest, title: Self.title, page: page, context: context, until: until)
        }
        try await services.database.requestPasswordReset(
            email: page.email, clientAddress: context.clientAddress, token: .make(), mail: services.accountMail, now: services.now)
        let sent = CheckEmailPage(
            heading: "Check your email",
            paragraphs: ["If an account uses \(page.email), we have sent it a link to choose a new password. The link works once, for one hour.",
                         "Nothing after a few minutes? Look in your spam folder, and check that this is the address you sign in with."],
            linkLabel: "Back to sign in", linkURL: Paths.signIn)
        return try services.page(.accountCheckEmail, title: "Check your email", page: sent, context: context)
    }

    @Sendable func passwordPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let user: User
        do {
            (_, user) = try await services.database.usableAccountLink(tokenHash: RandomToken.sha256(token), purposes: [.reset], now: services.now)
        } catch let error as AccountLinkError {
            return try linkInvalid(context, error)
        }
        let page = ResetPasswordPage(handle: user.handle, action: Paths.passwordReset(token: token))
        return try services.page(.accountResetPassword, title: "Choose a new password", page: page, context: context)
    }

    @Sendable func setPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let hash = RandomToken.sha256(token)
        let form = try await FormBody.decode(PasswordForm.self, from: request, context: context)
        let user: User
        do {
            (_, user) = try await services.database.usableAccountLink(tokenHash: hash, purposes: [.reset], now: services.now)
        } catch let error as AccountLinkError {
            return try linkInvalid(context, error)
        }
        if let problem = AccountValidation.password(form.password) {
            let page = ResetPasswordPage(handle: user.handle, action: Paths.passwordReset(token: token), error: problem)
            return try services.page(.accountResetPassword, title: "Choose a new password", page: page, context: context, status: .badRequest)
        }
        let newHash = try await services.hasher.hash(form.password)
        let updated: User
        do {
            // The link is taken again inside the write: one used or expired meanwhile changes nothing.
            updated = try await services.database.resetPassword(tokenHash: hash, newHash: newHash, now: services.now)
        } catch let error as AccountLinkError {
            return try linkInvalid(context, error)
        }
        services.logger.info("password reset by email link", metadata: ["user": "\(updated.id!)"])
        if let old = context.session?.id { try await services.database.deleteSession(id: old) }
        let issuer = SessionIssuer(services: services)
        if updated.isSuspended(at: services.now) {
            var response = redirect(to: Paths.signIn(notice: "password-reset"))
            response.setCookie(issuer.clearingCookie())
            return response
        }
        var response = redirect(to: Paths.settings + "?notice=password-reset")
        response.setCookie(try await issuer.start(
            for: updated, userAgent: request.headers[.userAgent] ?? "", clientAddress: context.clientAddress))
        return response
    }

    /// The page of a reset link that no longer works, with the way to ask again (404: there is no such link now).
    private func linkInvalid(_ context: AppRequestContext, _ error: AccountLinkError) throws -> Response {
        let message = switch error {
        case .notUsable: "A password link works once, for one hour after it was sent. Ask for a new one: it only takes a minute."
        case .addressChanged: "This link was sent to an address the account no longer has. Ask for a new one with the account's current address."
        }
        let page = LinkInvalidPage(message: message, againLabel: "Ask for a new link", againURL: Paths.passwordReset)
        return try services.page(.accountLinkInvalid, title: "This link no longer works", page: page, context: context, status: .notFound)
    }
}
