import Foundation
import NIOCore

/// Where and how to reach the SMTP server: read from `--smtp-url` (`smtp://user:password@host:587`, `smtps://…` for
/// TLS from the first byte) and `--smtp-tls`. The password is never part of `description` (which logs and
/// `./ops/run` print).
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var security: MailSettings.Security
    public var username: String?
    public var password: String?
    /// The name given in EHLO (the From address's domain by default).
    public var heloName = "localhost"
    /// PEM files of the certificates to trust instead of the system's (a test's self-signed certificate, a private CA).
    public var trustRootFiles: [String] = []
    public var timeouts = Timeouts()

    /// How long each step may wait for the server's reply.
    public struct Timeouts: Sendable {
        /// Connecting and the TLS handshake.
        public var connect: TimeAmount = .seconds(30)
        /// The greeting and every command (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, RSET, QUIT).
        public var command: TimeAmount = .seconds(60)
        /// The reply after the message's final dot (RFC 5321 suggests 10 minutes).
        public var data: TimeAmount = .seconds(600)

        public init() {}

        /// Short limits, for tests against a server on loopback.
        public static func short(_ seconds: Int64 = 2) -> Timeouts {
            var timeouts = Timeouts()
            timeouts.connect = .seconds(seconds)
            timeouts.command = .seconds(seconds)
            timeouts.data = .seconds(seconds)
            return timeouts
        }
    }

    public init(host: String, port: Int, security: MailSettings.Security, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
    }

    /// Reads `smtp://[user[:password]@]host[:port]` or `smtps://…`. `smtps` means TLS from the first byte whatever
    /// `security` says; for `smtp` the port defaults to 587 (25 with `none`), for `smtps` to 465. `password`, when
    /// given (from a file or the environment), replaces the URL's.
    public init(url text: String, security: MailSettings.Security, password override: String? = nil) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = url.host, !host.isEmpty
        else { throw ConfigurationError("the SMTP URL must look like smtp://user:password@host:587 or smtps://user:password@host:465") }
        guard (url.path.isEmpty || url.path == "/"), url.query == nil, url.fragment == nil else {
            throw ConfigurationError("the SMTP URL has no path, query or fragment: smtp://user:password@host:587")
        }
        let security: MailSettings.Security = scheme == "smtps" ? .tls : security
        let port = url.port ?? (security == .tls ? 465 : security == .none ? 25 : 587)
        guard (1...65_535).contains(port) else { throw ConfigurationError("the SMTP port must be between 1 and 65535") }
        self.init(host: host, port: port, security: security,
                  username: url.user.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 },
                  password: override ?? url.password.flatMap { $0.removingPercentEncoding })
        if username != nil, password == nil {
            throw ConfigurationError("the SMTP URL names a user but no password (put it in the URL, --smtp-password-file or COMMONPLACE_SMTP_PASSWORD)")
        }
    }

    /// `smtp://user@host:587 (starttls)`: never the password.
    public var description: String {
        "\(security == .tls ? "smtps" : "smtp")://\(username.map { $0 + "@" } ?? "")\(host):\(port) (\(security.rawValue))"
    }

    /// A configuration that cannot work, with what to fix.
    public struct ConfigurationError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
