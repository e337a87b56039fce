import Crypto
import Foundation
import Hummingbird
import Logging

/// `GET /metrics` in Prometheus text format. Never public: answered on the main address only when a token is set
/// (`--metrics-token`, sent as `Authorization: Bearer …`), and on `--metrics-address` (where the token, if set, is
/// asked for too). Gauges that need a query (queues) or a file (RSS) are read here, when scraped, not per request.
struct MetricsEndpoint: Sendable {
    let services: AppServices
    let metrics: AppMetrics

    func respond(_ request: Request) async -> Response {
        if let token = services.config.metricsToken, !Self.authorized(request, token: token) {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\"", .cacheControl: "no-store"])
        }
        await refreshGauges()
        let body = metrics.exposition()
        return Response(status: .ok,
                        headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Whether the request carries `Authorization: Bearer <token>` (compared in constant time, as SHA-256 digests).
    static func authorized(_ request: Request, token: String) -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        let given = SHA256.hash(data: Data(header.dropFirst("Bearer ".count).utf8))
        let expected = SHA256.hash(data: Data(token.utf8))
        return given.withUnsafeBytes { a in expected.withUnsafeBytes { b in
            zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        } }
    }

    private func refreshGauges() async {
        metrics.hashQueue.set(Double(services.hasher.admissionState.inSystem))
        metrics.viewsPending.set(Double(services.views.pendingCount))
        if let queues = try? await services.database.workQueues() {
            metrics.notificationPending.set(Double(queues.eventsPending))
            metrics.mailQueued.set(Double(queues.mailQueued))
            metrics.mailFailed.set(Double(queues.mailFailed))
        }
        let lastGood = services.backups.lastGood
        metrics.backupLastSuccess.set(lastGood?.timeIntervalSince1970 ?? 0)
        metrics.backupAge.set(lastGood.map { max(0, services.now.timeIntervalSince($0)) } ?? .infinity)
        metrics.backupFailed.set(services.backups.last?.ok == false ? 1.0 : 0.0)
    }

    /// A server of its own on `--metrics-address`, answering `/metrics` and nothing else.
    static func server(_ endpoint: MetricsEndpoint, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { request, _ in await endpoint.respond(request) }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Commonplace metrics"),
                           logger: logger)
    }
}
