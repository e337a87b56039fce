import Foundation
import Hummingbird
import Logging

/// Turns every error into a page in the layout (or JSON when asked for), never a stack trace.
/// A 500 shows a short error ID that is also written to the log.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else {
            do {
                return try await next(request, context)
            } catch {
                return try respond(to: error, request: request, context: context, kept: nil)
            }
        }
        // A form's text is kept while the request runs, to give it back if the server cannot save it.
        let kept = KeptForm()
        return try await KeptForm.$current.withValue(kept) {
            do {
                let response = try await next(request, context)
                if response.status == .seeOther { services.storageHealth.recovered() }
                return response
            } catch {
                return try respond(to: error, request: request, context: context, kept: kept)
            }
        }
    }

    private func respond(to error: any Error, request: Request, context: Context, kept: KeptForm?) throws -> Response {
        if let problem = StorageProblem(error) {
            return try cannotSave(problem, error: error, request: request, context: context, kept: kept)
        }
        let status: HTTPResponse.Status
        var message: String
        var errorID = ""
        var headers: HTTPFields = [:]
        switch error {
        case AppError.signInRequired where request.method == .get:
            return redirect(to: Paths.signIn(next: request.uri.description))
        case AppError.movedPermanently(let location):
            return Response(status: .movedPermanently, headers: [.location: location])
        case AppError.communityMerged(let from, let to):
            let old = Paths.community(from)
            let rest = request.uri.path.hasPrefix(old) ? String(request.uri.path.dropFirst(old.count)) : ""
            let query = request.uri.query.map { "?" + $0 } ?? ""
            return Response(status: .movedPermanently, headers: [.location: Paths.community(to) + rest + query])
        case let appError as AppError:
            status = appError.status == .seeOther ? .forbidden : appError.status
            message = appError.message
            if status == .tooManyRequests { headers[.retryAfter] = "60" }
        case let busy as PasswordHasher.Busy:
            AppMetrics.shared.hashRefused.increment()
            status = .tooManyRequests
            message = "The server is busy checking other passwords. Please try again in a few seconds."
            headers[.retryAfter] = String(busy.retryAfterSeconds)
        case let httpError as any HTTPResponseError where httpError.status.code < 500:
            status = httpError.status
            message = Self.defaultMessage(for: status)
        default:
            status = .internalServerError
            errorID = RandomToken.hex(bytes: 4)
            message = "Something went wrong on our side. If it keeps happening, tell the site admin this error ID."
            context.logger.error("request failed", metadata: [
                "error_id": .string(errorID), "error": .string(String(reflecting: error)),
                "path": .string(Paths.loggable(request.uri.path)), "method": .string(request.method.rawValue),
            ])
        }
        if Self.wantsJSON(request) {
            if !errorID.isEmpty { headers[RequestRecordMiddleware.errorIDHeader] = errorID }
            var response = try JSONResponse.make(ErrorJSON(error: message, status: Int(status.code), errorId: errorID.isEmpty ? nil : errorID), status: status)
            response.headers.append(contentsOf: headers)
            return response
        }
        let page = ErrorPage(
            status: Int(status.code), heading: Self.heading(for: status), message: message,
            errorID: errorID, hasErrorID: !errorID.isEmpty)
        if !errorID.isEmpty { headers[RequestRecordMiddleware.errorIDHeader] = errorID }
        var response = try services.page(.errorsError, title: page.heading, page: page, context: context, status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// 503 with Retry-After when the database or the disk refuses a write (full, locked too long, read-only): reads
    /// keep working, the form's text is shown back with a "Try again" button, the log gets one line a minute.
    private func cannotSave(_ problem: StorageProblem, error: any Error, request: Request, context: Context, kept: KeptForm?) throws -> Response {
        services.storageHealth.record(problem, at: services.now, logger: context.logger, detail: String(describing: error))
        let fields = kept?.fields ?? []
        let message = "The server cannot save right now, so nothing was changed." + (fields.isEmpty ? "" : " Your text is below.")
            + " Please try again in \(problem.retryAfter < 60 ? "a few seconds" : "a minute")."
        let headers: HTTPFields = [.retryAfter: String(problem.retryAfter)]
        if Self.wantsJSON(request) {
            var response = try JSONResponse.make(ErrorJSON(error: message, status: 503, errorId: nil), status: .serviceUnavailable)
            response.headers.append(contentsOf: headers)
            return response
        }
        var page = ErrorPage(status: 503, heading: "The server cannot save right now", message: message, errorID: "", hasErrorID: false)
        page.kept = fields.enumerated().map { KeptField(index: $0.offset, name: $0.element.name, value: $0.element.value) }
        page.hasKept = !page.kept.isEmpty
        page.retryAction = request.uri.path
        page.retryCSRF = kept?.csrf ?? ""
        var response = try services.page(.errorsError, title: page.heading, page: page, context: context, status: .serviceUnavailable)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func wantsJSON(_ request: Request) -> Bool {
        guard let accept = request.headers[.accept] else { return false }
        return accept.contains("application/json") && !accept.contains("text/html")
    }

    static func heading(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "That request could not be understood"
        case 403: "You are not allowed to do that"
        case 404: "Page not found"
        case 405: "That method is not allowed here"
        case 409: "That cannot be done now"
        case 413: "That is too large"
        case 429: "Too many attempts"
        case 503: "The server cannot do that right now"
        default: "Something went wrong"
        }
    }

    static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: AppError.notFound.message
        case 413: AppError.tooLarge.message
        case 405: "This address does not accept that kind of request."
        default: "The request could not be handled."
        }
    }
}

/// The body of a JSON error.
struct ErrorJSON: Codable {
    let error: String
    let status: Int
    let errorId: String?
}

/// Encodes values as JSON responses.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
