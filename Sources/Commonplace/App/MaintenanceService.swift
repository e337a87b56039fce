import Foundation
import Hummingbird
import ServiceLifecycle

/// Prunes expired sessions and old sign-in failures every few minutes while the server runs.
struct MaintenanceService: Service {
    let services: AppServices
    static let interval: Duration = .seconds(300)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await services.database.pruneExpired(
                        now: services.now, idleTimeout: services.config.sessionIdleTimeout,
                        failureWindow: services.config.signInThrottle.window)
                } catch {
                    services.logger.error("pruning sessions failed: \(error)")
                }
                try? await Task.sleep(for: Self.interval)
            }
        }
    }
}
