import Foundation

/// How the server sends email (issue 13); the command line fills it (`--smtp-url`, `--smtp-tls`, `--mail-from`,
/// `--mail-folder`, `--email-quiet-minutes` …).
public struct MailSettings: Sendable {
    /// How the SMTP connection is secured.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain connection upgraded with STARTTLS; refused when the server does not offer it.
        case starttls
        /// TLS from the first byte (`smtps://`, port 465).
        case tls
        /// No TLS at all (a relay on the same machine).
        case none
    }

    /// `smtp://user:password@host:587` or `smtps://…`; nil: messages are written as `.eml` files to `folder`.
    public var smtpURL: String?
    /// The SMTP password from `--smtp-password-file` or `COMMONPLACE_SMTP_PASSWORD`, replacing the URL's (never logged).
    public var smtpPassword: String?
    public var security: Security = .starttls
    /// The From address of every message (`Commonplace <forum@example.org>`).
    public var from = "Commonplace <commonplace@localhost>"
    /// Where `.eml` files go without SMTP; nil: `mail/` beside the database file (a new temporary folder for an
    /// in-memory database).
    public var folder: String?
    /// A notification email waits this long, and is not sent if its recipient used the site meanwhile or read it
    /// there (0: sent at once).
    public var quietMinutes = 10
    /// At most this many emails (other than account email) to one member in 24 hours.
    public var dailyCap = 20
    /// The mail service's backstop timer (it also wakes on every commit that queues mail). nil: the service does not
    /// run in the server (tests drive it themselves).
    public var interval: Duration? = .seconds(30)
    /// The site's default time zone for digests (a member may choose theirs).
    public var defaultTimeZone = "America/Toronto"

    public init() {}
}
