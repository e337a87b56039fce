import ArgumentParser
import Commonplace
import Foundation

/// How the server sends email (`serve`): SMTP or a folder of .eml files, the From address, quiet minutes, the cap.
struct MailOptions: ParsableArguments {
    @Option(help: "SMTP server: smtp://user:password@host:587, or smtps://… for TLS from the first byte; none: messages are written as .eml files (env: COMMONPLACE_SMTP_URL).")
    var smtpURL: String? = env("COMMONPLACE_SMTP_URL")

    @Option(help: "A file holding the SMTP password, replacing the URL's (env COMMONPLACE_SMTP_PASSWORD also does).")
    var smtpPasswordFile: String?

    @Option(help: "How the SMTP connection is secured: starttls (required), tls, or none for a relay on this machine (env: COMMONPLACE_SMTP_TLS).")
    var smtpTLS: String = env("COMMONPLACE_SMTP_TLS") ?? "starttls"

    @Option(help: "The From address of every email, e.g. \"Forum <forum@example.org>\" (env: COMMONPLACE_MAIL_FROM).")
    var mailFrom: String = env("COMMONPLACE_MAIL_FROM") ?? MailSettings().from

    @Option(help: "Folder for .eml files when no SMTP server is set; default: mail/ beside the database file (env: COMMONPLACE_MAIL_FOLDER).")
    var mailFolder: String? = env("COMMONPLACE_MAIL_FOLDER")

    @Option(help: "Minutes a notification email waits, unsent if read on the site meanwhile; 0 sends at once (env: COMMONPLACE_EMAIL_QUIET_MINUTES).")
    var emailQuietMinutes: Int = env("COMMONPLACE_EMAIL_QUIET_MINUTES").flatMap(Int.init) ?? MailSettings().quietMinutes

    @Option(help: "At most this many emails (besides account email) to one member in 24 hours (env: COMMONPLACE_MAIL_DAILY_CAP).")
    var mailDailyCap: Int = env("COMMONPLACE_MAIL_DAILY_CAP").flatMap(Int.init) ?? MailSettings().dailyCap

    func apply(to config: inout AppConfiguration) throws {
        guard let security = MailSettings.Security(rawValue: smtpTLS.lowercased()) else {
            throw ValidationError("--smtp-tls must be starttls, tls or none.")
        }
        guard emailQuietMinutes >= 0 else { throw ValidationError("--email-quiet-minutes must be 0 or more.") }
        guard mailDailyCap >= 1 else { throw ValidationError("--mail-daily-cap must be at least 1.") }
        guard MailAddress(mailFrom) != nil else {
            throw ValidationError("--mail-from must be an address such as forum@example.org or \"Forum <forum@example.org>\".")
        }
        var password = env("COMMONPLACE_SMTP_PASSWORD")
        if let smtpPasswordFile {
            guard let text = try? String(contentsOfFile: smtpPasswordFile, encoding: .utf8) else {
                throw ValidationError("--smtp-password-file: cannot read \(smtpPasswordFile).")
            }
            password = text.trimmingCharacters(in: .newlines)
        }
        let url = smtpURL.flatMap { $0.isEmpty ? nil : $0 }
        if let url {
            do {
                _ = try SMTPConfiguration(url: url, security: security, password: password)
            } catch {
                throw ValidationError("--smtp-url: \(error)")
            }
        }
        config.mail.smtpURL = url
        config.mail.smtpPassword = password
        config.mail.security = security
        config.mail.from = mailFrom
        config.mail.folder = mailFolder
        config.mail.quietMinutes = emailQuietMinutes
        config.mail.dailyCap = mailDailyCap
    }
}

/// `commonplace serve`: the web server and its background services.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server.")

    @OptionGroup var db: DatabaseOptions
    @OptionGroup var hashing: HashOptions

    @Option(help: "Address to listen on (env: COMMONPLACE_HOST).")
    var host: String = env("COMMONPLACE_HOST") ?? "127.0.0.1"

    @Option(help: "Port to listen on (env: COMMONPLACE_PORT).")
    var port: Int = env("COMMONPLACE_PORT").flatMap(Int.init) ?? 8080

    @Option(name: [.customLong("public-url"), .customLong("base-url")],
            help: "The site's public address, for the absolute links of feeds and emails; default http://HOST:PORT (env: COMMONPLACE_PUBLIC_URL; --base-url and COMMONPLACE_BASE_URL are older names).")
    var baseURL: String? = env("COMMONPLACE_PUBLIC_URL") ?? env("COMMONPLACE_BASE_URL")

    @OptionGroup var mail: MailOptions

    @Option(help: "Send cookies with Secure and the __Host- prefix; 'false' only for plain-HTTP local use (env: COMMONPLACE_SECURE_COOKIES).")
    var secureCookies: Bool = env("COMMONPLACE_SECURE_COOKIES").map { $0 != "false" && $0 != "0" } ?? true

    @Option(help: "Load the demo data when the database has no communities (env: COMMONPLACE_SEED_DEMO).")
    var seedDemo: Bool = env("COMMONPLACE_SEED_DEMO").map { $0 == "true" || $0 == "1" } ?? false

    @Option(help: "Seconds before an idle connection is closed (env: COMMONPLACE_IDLE_TIMEOUT).")
    var idleTimeout: Int = env("COMMONPLACE_IDLE_TIMEOUT").flatMap(Int.init) ?? 30

    @Option(help: "Days a session lasts without use (env: COMMONPLACE_SESSION_IDLE_DAYS).")
    var sessionIdleDays: Int = env("COMMONPLACE_SESSION_IDLE_DAYS").flatMap(Int.init) ?? 14

    @Option(help: "Days a session lasts at most (env: COMMONPLACE_SESSION_LIFETIME_DAYS).")
    var sessionLifetimeDays: Int = env("COMMONPLACE_SESSION_LIFETIME_DAYS").flatMap(Int.init) ?? 60

    @Option(help: "Password hashes computed at once; default half the cores, at least 1 (env: COMMONPLACE_HASH_CONCURRENCY).")
    var hashConcurrency: Int = env("COMMONPLACE_HASH_CONCURRENCY").flatMap(Int.init) ?? PasswordHasher.defaultConcurrency()

    @Option(help: "Password hashes allowed to wait before sign-ins get 429 (env: COMMONPLACE_HASH_QUEUE).")
    var hashQueue: Int = env("COMMONPLACE_HASH_QUEUE").flatMap(Int.init) ?? PasswordHasher.defaultMaxQueued

    @Option(help: "Seconds a password hash may expect to wait before sign-ins get 429 at once (env: COMMONPLACE_HASH_MAX_WAIT).")
    var hashMaxWait: Double = env("COMMONPLACE_HASH_MAX_WAIT").flatMap(Double.init) ?? PasswordHasher.defaultMaxWait

    @Option(help: "Niceness of the password-hashing threads, 0-19: higher leaves more CPU to pages (env: COMMONPLACE_HASH_NICE).")
    var hashNice: Int = env("COMMONPLACE_HASH_NICE").flatMap(Int.init) ?? PasswordHasher.defaultNice

    @Option(help: "Trust X-Forwarded-For for the client address, behind your own reverse proxy (env: COMMONPLACE_TRUST_PROXY).")
    var trustProxy: Bool = env("COMMONPLACE_TRUST_PROXY").map { $0 == "true" || $0 == "1" } ?? false

    @Option(help: "Folder of the static files (env: COMMONPLACE_STATIC).")
    var staticFiles: String = env("COMMONPLACE_STATIC") ?? ProjectPaths.static

    @Option(help: "Largest file a member may upload to a resource library, in bytes, until a site admin saves a limit on /admin/settings, which then wins (env: COMMONPLACE_MAX_UPLOAD_BYTES).")
    var maxUploadBytes: Int = env("COMMONPLACE_MAX_UPLOAD_BYTES").flatMap(Int.init) ?? AppConfiguration.defaultMaxUploadBytes

    @Option(help: "Folder for uploaded files; default: uploads/ beside the database file (env: COMMONPLACE_UPLOADS).")
    var uploads: String? = env("COMMONPLACE_UPLOADS")

    @Option(help: "Seconds a page built for anonymous visitors is given again to others, until any write; 0 turns it off (env: COMMONPLACE_ANONYMOUS_PAGE_SECONDS).")
    var anonymousPageSeconds: Double = env("COMMONPLACE_ANONYMOUS_PAGE_SECONDS").flatMap(Double.init) ?? 30

    @Option(help: "Folder for scheduled backups; none: no scheduled backups (env: COMMONPLACE_BACKUP_DIR).")
    var backupDir: String? = env("COMMONPLACE_BACKUP_DIR")

    @Option(help: "Time between scheduled backups: 6h, 30m, 1d (env: COMMONPLACE_BACKUP_EVERY).")
    var backupEvery: String = env("COMMONPLACE_BACKUP_EVERY") ?? "6h"

    @Option(help: "Scheduled backups kept; older ones are removed (env: COMMONPLACE_BACKUP_KEEP).")
    var backupKeep: Int = env("COMMONPLACE_BACKUP_KEEP").flatMap(Int.init) ?? 14

    @Option(help: "Bearer token that opens /metrics on the site's address; none: /metrics is not served there (env: COMMONPLACE_METRICS_TOKEN).")
    var metricsToken: String? = env("COMMONPLACE_METRICS_TOKEN")

    @Option(help: "HOST:PORT of a separate listener serving only /metrics, e.g. 127.0.0.1:9090 (env: COMMONPLACE_METRICS_ADDRESS).")
    var metricsAddress: String? = env("COMMONPLACE_METRICS_ADDRESS")

    @Option(help: "Record request and SQL statement timings for /metrics; false only to measure what recording costs (env: COMMONPLACE_RECORD_METRICS).")
    var recordMetrics: Bool = env("COMMONPLACE_RECORD_METRICS").map { $0 == "true" || $0 == "1" } ?? true

    @Option(help: "Log lines as text or json, one request a line (env: COMMONPLACE_LOG_FORMAT).")
    var logFormat: String = env("COMMONPLACE_LOG_FORMAT") ?? "text"

    func run() async throws {
        MemoryTuning.keepFreedMemoryWarm()
        guard maxUploadBytes >= 1 else { throw ValidationError("--max-upload-bytes must be at least 1.") }
        guard hashMaxWait >= 0, hashMaxWait.isFinite else { throw ValidationError("--hash-max-wait must be 0 or more seconds.") }
        guard (0...19).contains(hashNice) else { throw ValidationError("--hash-nice must be between 0 and 19.") }
        if let baseURL, !AppConfiguration.isValidBaseURL(baseURL) {
            throw ValidationError("--public-url must be an http or https address such as https://forum.example.org.")
        }
        var config = AppConfiguration()
        config.host = host
        config.port = port
        config.baseURL = baseURL
        config.secureCookies = secureCookies
        config.connectionIdleTimeout = TimeInterval(idleTimeout)
        config.sessionIdleTimeout = TimeInterval(sessionIdleDays) * 86_400
        config.sessionLifetime = TimeInterval(sessionLifetimeDays) * 86_400
        config.hashConcurrency = max(1, hashConcurrency)
        config.hashQueue = max(1, hashQueue)
        config.hashMaxWait = hashMaxWait
        config.hashNice = hashNice
        config.trustProxy = trustProxy
        config.staticDirectory = staticFiles
        config.maxUploadBytes = maxUploadBytes
        config.uploadsDirectory = uploads
        guard anonymousPageSeconds >= 0, anonymousPageSeconds.isFinite else {
            throw ValidationError("--anonymous-page-seconds must be 0 or more seconds.")
        }
        config.anonymousPageSeconds = anonymousPageSeconds > 0 ? anonymousPageSeconds : nil
        guard let format = LogFormat(rawValue: logFormat.lowercased()) else { throw ValidationError("--log-format must be text or json.") }
        config.logFormat = format
        config.requestLog = RequestLog(format: format)
        if let metricsToken, !metricsToken.isEmpty {
            guard metricsToken.count >= 16 else { throw ValidationError("--metrics-token must be at least 16 characters.") }
            config.metricsToken = metricsToken
        }
        if let metricsAddress, !metricsAddress.isEmpty {
            guard let colon = metricsAddress.lastIndex(of: ":"), let port = Int(metricsAddress[metricsAddress.index(after: colon)...]),
                  (1...65_535).contains(port), colon > metricsAddress.startIndex else {
                throw ValidationError("--metrics-address must be HOST:PORT, such as 127.0.0.1:9090.")
            }
            config.metricsAddress = (String(metricsAddress[..<colon]), port)
        }
        if let backupDir, !backupDir.isEmpty {
            guard let interval = BackupSchedule.interval(backupEvery) else {
                throw ValidationError("--backup-every must be a time of at least a minute such as 6h, 30m or 1d.")
            }
            guard backupKeep >= 1 else { throw ValidationError("--backup-keep must be at least 1.") }
            var schedule = BackupSchedule(directory: backupDir)
            schedule.interval = interval
            schedule.keep = backupKeep
            config.backup = schedule
        }
        try hashing.apply(to: &config)
        try mail.apply(to: &config)
        // Before the database opens: its connections install the statement timer only while recording.
        AppMetrics.shared.setRecording(recordMetrics)
        try await Commands.serve(databasePath: db.database, config: config, seedDemo: seedDemo, synchronous: try db.mode())
    }
}
