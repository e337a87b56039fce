import Foundation
import HTTPTypes
import Hummingbird

/// Refuses any state-changing request whose `_csrf` field (or `X-CSRF-Token` header) is not this visitor's token.
/// It reads a URL-encoded body once (up to the size limit) so handlers decode the same buffered body. A multipart
/// body (a form with a file) must carry `_csrf` as its first part: only that much of the stream is read here, and
/// the handler reads the whole body after the check.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    static let field = "_csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else {
            return try await next(request, context)
        }
        // RFC 8058 one-click unsubscribe: a mail client posts without any session or token; the signed token in the
        // path authorises it, and it can only turn one kind of email off (`UnsubscribeController`).
        if request.uri.path.hasPrefix(Paths.unsubscribePrefix) {
            return try await next(request, context)
        }
        var request = request
        let token: String?
        if let header = request.headers[HTTPField.Name("X-CSRF-Token")!] {
            token = header
        } else if FormBody.isURLEncoded(request) {
            let body = try await FormBody.collect(&request, context: context)
            token = FormBody.rawField(Self.field, in: body)
        } else if MultipartReader.isMultipart(request) {
            token = try await MultipartReader.leadingField(Self.field, of: &request)
        } else {
            throw AppError.badRequest(FormBody.wrongContentTypeMessage)
        }
        guard services.csrf.isValid(token, for: context.csrfBinding) else {
            throw AppError.forbidden(
                "This form has expired or did not come from this site, so nothing was changed. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }
}
