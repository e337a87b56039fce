import Foundation
import Hummingbird
import Logging

/// Builds the Commonplace application around an open database.
///
/// Middleware order, outermost first: security headers → static files → visitor (session) → error pages → CSRF → routes.
public func buildApplication(
    database: AppDatabase,
    configuration config: AppConfiguration = AppConfiguration(),
    clock: AppClock = .system,
    logger: Logger = Logger(label: "commonplace")
) async throws -> some ApplicationProtocol {
    let assets = try StaticAssets(directory: config.staticDirectory)
    let services = try await makeServices(database: database, config: config, clock: clock, logger: logger, assets: assets)
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: StaticFilesMiddleware(assets: assets))
    router.add(middleware: SessionMiddleware(services: services))
    router.add(middleware: ErrorPageMiddleware(services: services))
    router.add(middleware: CSRFMiddleware(services: services))
    router.addCommonplaceRoutes(services)

    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(Int64(config.connectionIdleTimeout)))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Commonplace"),
        logger: logger)
    app.addServices(MaintenanceService(services: services), ViewFlushService(counter: services.views, database: database, logger: logger))
    return app
}

func makeServices(database: AppDatabase, config: AppConfiguration, clock: AppClock, logger: Logger,
                  assets: StaticAssets) async throws -> AppServices {
    AppServices(
        database: database,
        hasher: try PasswordHasher(configuration: config),
        renderObserver: config.renderObserver,
        config: config,
        clock: clock,
        csrf: CSRF(secret: try await database.serverSecret()),
        cookies: CookieNames(secure: config.secureCookies),
        views: ViewCounter(),
        logger: logger,
        uploads: try UploadStore(directory: UploadStore.directory(configured: config.uploadsDirectory, database: database)),
        layoutPaths: LayoutPaths(assets: assets))
}
