import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Outermost: times every request, static files and `/health` included, records it in `/metrics` by its route pattern
/// (`/d/{id}`; "unmatched" for what no route answered: static files, `/health`, 404s) and status, and writes its line
/// in the request log (with the error ID of a 500, which `ErrorPageMiddleware` hands over in a header taken off here).
struct RequestRecordMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: AppMetrics
    let log: RequestLog?

    static let unmatched = "unmatched"
    static let errorIDHeader = HTTPField.Name("X-Commonplace-Error-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        var errorID: String?
        defer {
            let duration = started.duration(to: .now)
            // Hummingbird names a request no route matched "NotFound"; static files and /health have no route.
            let matched = context.endpointPath
            let route = matched == "NotFound" ? nil : matched
            metrics.request(method: request.method, route: route ?? Self.unmatched, status: status, duration: duration)
            log?.record(method: request.method.rawValue, route: route, path: request.uri.path, status: status,
                        duration: duration, requestID: context.id, errorID: errorID)
        }
        do {
            var response = try await next(request, context)
            status = Int(response.status.code)
            if status == 500, let id = response.headers[Self.errorIDHeader] {
                errorID = id
                response.headers[Self.errorIDHeader] = nil
            }
            return response
        } catch {
            status = Int((error as? any HTTPResponseError)?.status.code ?? 500)
            throw error
        }
    }
}

/// Counts open HTTP connections: added to each connection's pipeline, removed when it closes.
final class ConnectionCounter: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = Never
    let metrics: AppMetrics

    init(metrics: AppMetrics) { self.metrics = metrics }

    func handlerAdded(context: ChannelHandlerContext) { metrics.openConnections.increment() }
    func handlerRemoved(context: ChannelHandlerContext) { metrics.openConnections.decrement() }
}
