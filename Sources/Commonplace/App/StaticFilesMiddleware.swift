import Hummingbird
import Logging

/// Serves `Static/` for asset paths only, before any session or database work; other paths pass through.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let files: FileMiddleware<AppRequestContext, LocalFileSystem>
    static let prefixes = ["/css/", "/js/", "/icons/"]

    init(directory: String, logger: Logger) {
        files = FileMiddleware(directory, searchForIndexHtml: false, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get || request.method == .head, Self.prefixes.contains(where: path.hasPrefix) else {
            return try await next(request, context)
        }
        do {
            return try await files.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
        } catch let error as HTTPError where error.status == .notFound {
            // A missing asset gets the ordinary 404 page.
            return try await next(request, context)
        }
    }
}
