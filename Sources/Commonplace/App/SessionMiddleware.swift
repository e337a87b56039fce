import Foundation
import HTTPTypes
import Hummingbird

/// Loads the visitor: the signed-in user from the session cookie, or an anonymous visitor id
/// (set as a cookie) that CSRF tokens on sign-in and sign-up forms are bound to.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    /// Session activity is written at most this often, not on every page view.
    static let touchInterval: TimeInterval = 5 * 60

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.now = services.now
        context.clientAddress = clientAddress(request, context: context)
        let cookies = services.cookies
        var clearSession = false

        if let token = RequestCookies.value(of: cookies.session, in: request), !token.isEmpty {
            if let visitor = try await loadSession(token: token, now: context.now) {
                context.user = visitor.user
                context.session = visitor.session
                context.memberships = visitor.memberships
                context.silences = visitor.silences
                context.csrfBinding = CSRFToken.sessionBinding(visitor.session.tokenHash)
            } else {
                clearSession = true
            }
        }
        if context.user == nil, let visitor = RequestCookies.value(of: cookies.visitor, in: request), Self.isWellFormedVisitorID(visitor) {
            context.csrfBinding = CSRFToken.visitorBinding(visitor)
        }
        // Computed only if a page writes a form; a visitor without a cookie gets one then, not on every page view.
        let csrf = CSRFToken(csrf: services.csrf, binding: context.csrfBinding.isEmpty ? nil : context.csrfBinding)
        context.csrfToken = csrf

        var response = try await next(request, context)
        if clearSession { response.setCookie(cookies.make(cookies.session, value: "", maxAge: 0)) }
        if let newVisitor = csrf.newVisitor {
            response.setCookie(cookies.make(cookies.visitor, value: newVisitor, maxAge: 365 * 24 * 3600))
        }
        return response
    }

    /// The live session for this token; refreshes its activity time when it is stale.
    private func loadSession(token: String, now: Date) async throws -> Visitor? {
        let database = services.database
        guard let visitor = try await database.liveSession(
            token: token, now: now, idleTimeout: services.config.sessionIdleTimeout)
        else { return nil }
        if now.timeIntervalSince(visitor.session.lastSeenAt) > Self.touchInterval, let id = visitor.session.id {
            do {
                try await database.touchSession(id: id, now: now)
            } catch let error where StorageProblem(error) != nil {
                // Reading goes on when the server cannot save: the activity time waits for the next request.
                services.storageHealth.record(StorageProblem(error)!, at: now, logger: services.logger, detail: String(describing: error))
            }
        }
        return visitor
    }

    static func isWellFormedVisitorID(_ value: String) -> Bool {
        value.count == 43 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    private func clientAddress(_ request: Request, context: Context) -> String {
        if services.config.trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] {
            let first = forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
            if let first, !first.isEmpty { return String(first.prefix(64)) }
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}
