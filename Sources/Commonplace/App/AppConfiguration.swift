import Foundation

/// Everything the server can be configured with (the command line fills it from options and environment).
public struct AppConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// The site's public address as visitors reach it (`https://forum.example.org`), for the absolute links of feeds;
    /// nil: `http://{host}:{port}`, the listening address.
    public var baseURL: String?
    /// Send the session cookie with `Secure` and the `__Host-` prefix. Off only for plain-HTTP local use.
    public var secureCookies = true
    public var argon2 = Argon2Parameters.minimum
    /// How many hashes run at once (on threads of their own, below the event loops' priority), and how many more may
    /// wait before sign-ins get 429.
    public var hashConcurrency = PasswordHasher.defaultConcurrency()
    public var hashQueue = PasswordHasher.defaultMaxQueued
    /// Sign-ins get 429 (with Retry-After) at once when a hash would expect to wait longer than this, in seconds.
    public var hashMaxWait = PasswordHasher.defaultMaxWait
    /// The niceness of the hashing threads (0–19; higher yields the CPU to page views sooner).
    public var hashNice = PasswordHasher.defaultNice
    /// A session ends after this long without use…
    public var sessionIdleTimeout: TimeInterval = 14 * 24 * 3600
    /// …and in any case this long after sign-in.
    public var sessionLifetime: TimeInterval = 60 * 24 * 3600
    /// Close a keep-alive connection idle this long.
    public var connectionIdleTimeout: TimeInterval = 30
    /// Where the static files are; by default the checkout's `Static/` (templates are compiled into the binary).
    public var staticDirectory = ProjectPaths.static
    /// Sees every rendered page (tests set it to compare compiled templates with the reference renderer).
    var renderObserver: (any RenderObserver)?
    /// Take the client address from `X-Forwarded-For` (only behind a reverse proxy you run).
    public var trustProxy = false
    public var signInThrottle = SignInThrottle()
    /// Limits on password resets, verification emails sent again and changes of address.
    public var accountMailThrottle = AccountMailThrottle()
    /// The largest file a member may upload to a resource library (413 beyond); only the upload routes accept more
    /// than `Limits.maxRequestBytes`.
    public var maxUploadBytes = AppConfiguration.defaultMaxUploadBytes
    /// Where uploaded files are stored (outside `Static/`). nil: `uploads/` beside the database file, or a new
    /// temporary folder for an in-memory database.
    public var uploadsDirectory: String?
    /// How long a question's "people who could help" ranking is reused (0: ranked on every view).
    public var helperCacheSeconds: TimeInterval = 60
    /// How often gathered page views are saved (nil: no timer and no save at shutdown; whoever runs the app saves them,
    /// as tests do, so a slow run cannot take another path).
    public var viewFlushInterval: Duration? = ViewFlushService.defaultInterval
    /// How often expired sessions and old sign-in failures are pruned (nil: never on a timer).
    public var maintenanceInterval: Duration? = MaintenanceService.defaultInterval
    /// The notification fan-out's backstop timer (it also wakes on every commit that records an event). nil: the
    /// fan-out does not run in the server at all (tests call `NotificationFanOut.runOnce()` themselves).
    public var notificationInterval: Duration? = NotificationFanOut.defaultInterval
    /// The mention cap and the fan-out's batch size.
    public var notificationLimits = NotificationLimits()

    /// How long a page built for anonymous visitors is given again to others, at most (nil: never kept). Any
    /// committed write forgets every kept page at once (see `PageCache`).
    public var anonymousPageSeconds: TimeInterval? = 30

    /// Scheduled backups (nil: none; `commonplace backup` still works from outside).
    public var backup: BackupSchedule?

    /// Email: SMTP or a folder of `.eml` files, the From address, the quiet minutes and the daily cap.
    public var mail = MailSettings()

    public static let defaultMaxUploadBytes = 10 << 20

    /// `baseURL`, or the listening address, without a trailing slash.
    public var publicBaseURL: String {
        var base = baseURL ?? "http://\(host):\(port)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Whether `url` can be the public base URL: an absolute http or https URL with a host, and no query or fragment.
    public static func isValidBaseURL(_ url: String) -> Bool {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty
        else { return false }
        return parts.query == nil && parts.fragment == nil
    }

    public init() {}
}

/// Locations inside the checkout, found from this source file (never from the working directory).
public enum ProjectPaths {
    /// The repository root: three levels above `Sources/Commonplace/App/`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    public static let views = root.appendingPathComponent("Views").path
    public static let `static` = root.appendingPathComponent("Static").path
    public static let seeds = root.appendingPathComponent("seeds").path
}

/// The time source; tests move it forward to expire sessions and throttles.
public struct AppClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = AppClock { Date() }
}

/// Request and field size limits, named so tests and templates share them.
public enum Limits {
    /// Largest request body accepted (413 beyond).
    public static let maxRequestBytes = 1 << 20
    /// Any single form field longer than this is refused outright (400), before validation.
    public static let maxFieldBytes = 64 * 1024
    /// Passwords: at least this many characters…
    public static let minPasswordLength = 12
    /// …and at most this many (long passphrases welcome; never truncated).
    public static let maxPasswordLength = 1024
    /// A post's Markdown source, in characters (each lesson-learned section too).
    public static let maxPostCharacters = 20_000
    /// A discussion title, in characters.
    public static let maxTitleCharacters = 150
    /// A discussion title needs at least this many characters.
    public static let minTitleCharacters = 5
}
