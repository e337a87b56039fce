import Foundation
import Hummingbird
import Logging

/// Builds the Commonplace application around an open database.
///
/// Middleware order, outermost first: security headers → static files → visitor (session) → anonymous page cache →
/// error pages → CSRF → routes.
/// `views` gathers page views until they are saved (by the timer of `config.viewFlushInterval`, or by whoever passed it in).
public func buildApplication(
    database: AppDatabase,
    configuration config: AppConfiguration = AppConfiguration(),
    clock: AppClock = .system,
    logger: Logger = Logger(label: "commonplace"),
    views: ViewCounter = ViewCounter(),
    backups: BackupStatus = BackupStatus()
) async throws -> some ApplicationProtocol {
    let assets = try StaticAssets(directory: config.staticDirectory)
    let services = try await makeServices(database: database, config: config, clock: clock, logger: logger, assets: assets, views: views,
                                          backups: backups)
    let router = Router(context: AppRequestContext.self)
    let metrics = AppMetrics.shared
    router.add(middleware: RequestRecordMiddleware(metrics: metrics, log: config.requestLog))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: StaticFilesMiddleware(assets: assets))
    router.add(middleware: SessionMiddleware(services: services))
    if let seconds = config.anonymousPageSeconds, seconds > 0 {
        let cache = PageCache(lifetime: seconds)
        cache.observe(database.writer)
        router.add(middleware: PageCacheMiddleware(cache: cache, services: services))
    }
    router.add(middleware: ErrorPageMiddleware(services: services))
    router.add(middleware: CSRFMiddleware(services: services))
    router.addCommonplaceRoutes(services)
    let endpoint = MetricsEndpoint(services: services, metrics: metrics)
    if config.metricsToken != nil {
        router.get("metrics") { request, _ in await endpoint.respond(request) }
    }

    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionCounter(metrics: metrics)],
                                            idleTimeout: .seconds(Int64(config.connectionIdleTimeout)))),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Commonplace"),
        logger: logger)
    // Background timers, each off when its interval is nil (tests run the work themselves, step by step).
    if let interval = config.maintenanceInterval {
        app.addServices(MaintenanceService(services: services, interval: interval))
    }
    if let interval = config.notificationInterval {
        app.addServices(NotificationFanOut(database: database, limits: config.notificationLimits, clock: clock, logger: logger,
                                           interval: interval, mailing: NotificationMailing(config)))
    }
    if let interval = config.mail.interval {
        app.addServices(DigestService(database: database, settings: config.mail, baseURL: config.publicBaseURL, clock: clock,
                                      logger: logger, interval: interval))
    }
    if let interval = config.mail.interval {
        guard let from = MailAddress(config.mail.from) else { throw SMTPConfiguration.ConfigurationError("the From address “\(config.mail.from)” is not an email address") }
        app.addServices(MailService(database: database, transport: try MailService.transport(config.mail, database: database), from: from,
                                    dailyCap: config.mail.dailyCap, clock: clock, logger: logger, interval: interval))
    }
    if let address = config.metricsAddress {
        app.addServices(MetricsEndpoint.server(endpoint, host: address.host, port: address.port, logger: logger))
    }
    if let schedule = config.backup {
        app.addServices(BackupService(services: services, schedule: schedule))
    }
    if let interval = config.viewFlushInterval {
        app.addServices(ViewFlushService(counter: services.views, database: database, logger: logger, interval: interval))
    }
    return app
}

func makeServices(database: AppDatabase, config: AppConfiguration, clock: AppClock, logger: Logger,
                  assets: StaticAssets, views: ViewCounter = ViewCounter(),
                  backups: BackupStatus = BackupStatus()) async throws -> AppServices {
    try await database.loadSiteSettings(defaults: SiteSettings(configuration: config))
    return AppServices(
        database: database,
        hasher: try PasswordHasher(configuration: config),
        renderObserver: config.renderObserver,
        config: config,
        clock: clock,
        csrf: CSRF(secret: try await database.serverSecret()),
        unsubscribe: UnsubscribeSigner(secret: try await database.serverSecret()),
        cookies: CookieNames(secure: config.secureCookies),
        views: views,
        backups: backups,
        logger: logger,
        uploads: try UploadStore(directory: UploadStore.directory(configured: config.uploadsDirectory, database: database)),
        layoutPaths: LayoutPaths(assets: assets))
}
