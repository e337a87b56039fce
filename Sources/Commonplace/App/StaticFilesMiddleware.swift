import Foundation
import HTTPTypes
import Hummingbird

/// Serves `Static/` from memory, and answers `GET /health` ("the process is up"), before any session or database
/// work; other paths pass through. Hashed URLs are cached for a year (`immutable`); plain ones are revalidated with
/// their ETag (304). A monitor polling `/health` costs no cookie parsing, no session and no CSRF work.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let assets: StaticAssets

    static let immutable = "public, max-age=31536000, immutable"
    static let revalidate = "public, no-cache"

    static let healthHeaders: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
    static let healthBody = ByteBuffer(string: "ok")

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        if path == "/health" {
            return Response(status: .ok, headers: Self.healthHeaders, body: request.method == .head ? .init() : .init(byteBuffer: Self.healthBody))
        }
        guard let (asset, immutable) = assets.asset(at: path) else {
            return try await next(request, context)
        }
        let headers: HTTPFields = [
            .contentType: asset.contentType,
            .eTag: asset.etag,
            .cacheControl: immutable ? Self.immutable : Self.revalidate,
        ]
        if let known = request.headers[.ifNoneMatch], known.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: asset.body))
    }
}
