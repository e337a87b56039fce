import Foundation
import Hummingbird
import ServiceLifecycle

/// Prunes expired sessions, old sign-in failures, expired account links and old account-mail requests every `interval`
/// while the server runs (at start, then on the timer).
struct MaintenanceService: Service {
    let services: AppServices
    let interval: Duration
    static let defaultInterval: Duration = .seconds(300)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await runOnce()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass: what the timer does each time it fires.
    func runOnce() async {
        do {
            try await services.database.pruneExpired(
                now: services.now, idleTimeout: services.config.sessionIdleTimeout,
                failureWindow: services.config.signInThrottle.window)
            try await services.database.pruneAccountTokens(now: services.now, requestWindow: services.config.accountMailThrottle.window)
        } catch {
            services.logger.error("pruning sessions failed: \(error)")
        }
    }
}
