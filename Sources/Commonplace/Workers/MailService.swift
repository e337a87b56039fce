import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Delivers the outbox, off the request path.
///
/// A `Service` of the server process, woken like `NotificationFanOut`: by every commit that touches `mail_outbox`
/// (a GRDB region observation), by its timer, and once at start. A pass takes the queued rows that are due, oldest
/// first, asks the send-time gate (`MailGate`) about each, and sends the rest over one session of the transport
/// (one SMTP connection for the whole pass). Each row is marked only after the server's reply: `sent`, `failed`
/// (a 5xx reply), or left queued with `attempts + 1` and a later `next_attempt_at` (a 4xx reply, a broken connection,
/// a timeout), until `giveUpAfter` has passed since it was queued. Nothing is claimed: a message being sent when the
/// process died is still queued and is sent again after a restart. That is the one place a message can go twice (the
/// server took it but the process died before marking it): at least once, never lost.
/// Tests leave the timer off (`MailSettings.interval` nil) and call `runOnce()`.
public struct MailService: Service {
    let database: AppDatabase
    let transport: any MailTransport
    let from: MailAddress
    let dailyCap: Int
    let clock: AppClock
    let logger: Logger
    let interval: Duration?
    /// Rows read per query.
    static let batchSize = 100
    /// A message that still cannot be delivered this long after it was queued is marked failed.
    public static let giveUpAfter: TimeInterval = 3 * 86_400
    /// How long a pass waits after being woken, so a burst of queued messages is taken in one pass.
    static let settle: Duration = .milliseconds(50)

    public init(database: AppDatabase, transport: any MailTransport, from: MailAddress, dailyCap: Int = MailSettings().dailyCap,
                clock: AppClock = .system, logger: Logger = Logger(label: "commonplace.mail"), interval: Duration? = nil) {
        self.database = database
        self.transport = transport
        self.from = from
        self.dailyCap = dailyCap
        self.clock = clock
        self.logger = logger
        self.interval = interval
    }

    /// The transport `settings` ask for: SMTP when a URL is set, else the `.eml` folder (beside the database unless
    /// configured). Throws when the URL or the From address cannot work.
    public static func transport(_ settings: MailSettings, database: AppDatabase) throws -> any MailTransport {
        guard let url = settings.smtpURL, !url.isEmpty else {
            return FolderTransport(directory: FolderTransport.directory(configured: settings.folder, database: database))
        }
        var configuration = try SMTPConfiguration(url: url, security: settings.security, password: settings.smtpPassword)
        if let from = MailAddress(settings.from) { configuration.heloName = from.domain }
        return SMTPTransport(configuration)
    }

    /// The wait before the next try of a message tried `attempts` times: 1, 2, 4, 8 … minutes, at most an hour.
    public static func backoff(attempts: Int) -> TimeInterval {
        min(3600, 60 * pow(2, Double(max(0, min(attempts - 1, 12)))))
    }

    public func run() async throws {
        await runAfterCommits(to: "mail_outbox", in: database.writer, interval: interval, settle: Self.settle, logger: logger,
                              failure: "mail delivery failed") { _ = try await runOnce() }
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        public var sent = 0, failed = 0, retried = 0, dropped = 0
    }

    /// Delivers every queued message that is due, over one session; stops early when the server cannot be reached
    /// (the rest wait for the next pass).
    @discardableResult
    public func runOnce() async throws -> Report {
        var report = Report()
        var session: (any MailSession)?
        do {
            try await deliverDue(&report, session: &session)
        } catch {
            await session?.close()
            throw error
        }
        await session?.close()
        return report
    }

    private func deliverDue(_ report: inout Report, session: inout (any MailSession)?) async throws {
        pass: while !Task.isCancelled {
            let due = try await database.dueMail(now: clock.now(), limit: Self.batchSize)
            if due.isEmpty { break }
            for message in due {
                let now = clock.now()
                if case .drop(let reason) = try await database.mailDecision(message, now: now, dailyCap: dailyCap) {
                    try await record(message, .dropped(reason: reason), into: &report)
                    continue
                }
                let bytes: [UInt8]
                do {
                    bytes = try mime(message).bytes()
                } catch {
                    try await record(message, .failed(reply: "cannot be sent: \(error)"), into: &report)
                    continue
                }
                if session == nil || session?.isUsable == false {
                    await session?.close()
                    session = nil
                    do {
                        session = try await transport.openSession()
                    } catch {
                        AppMetrics.shared.mailFailures.increment()
                        logger.warning("mail: cannot reach \(transport.summary): \(error)")
                        try await record(message, retry(message, reply: "\(error)", now: now), into: &report)
                        break pass
                    }
                }
                do {
                    let reply = try await session!.send(bytes, from: from.address, to: message.to)
                    let outcome: MailOutcome = reply.isPositive ? .sent(reply: reply.description)
                        : reply.isTransient ? retry(message, reply: reply.description, now: clock.now())
                        : .failed(reply: reply.description)
                    try await record(message, outcome, into: &report)
                } catch {
                    AppMetrics.shared.mailFailures.increment()
                    try await record(message, retry(message, reply: "\(error)", now: clock.now()), into: &report)
                }
            }
        }
    }

    /// Try again after the back-off, or give up (failed) once `giveUpAfter` has passed since it was queued.
    private func retry(_ message: OutboxMessage, reply: String, now: Date) -> MailOutcome {
        if now.timeIntervalSince(message.createdAt) >= Self.giveUpAfter {
            return .failed(reply: "gave up after \(message.attempts + 1) tries over 3 days: \(reply)")
        }
        return .retry(reply: reply, next: now.addingTimeInterval(Self.backoff(attempts: message.attempts + 1)))
    }

    private func record(_ message: OutboxMessage, _ outcome: MailOutcome, into report: inout Report) async throws {
        try await database.recordMail(message.id, outcome, now: clock.now())
        switch outcome {
        case .sent: report.sent += 1
        case .failed(let reply):
            report.failed += 1
            logger.warning("mail \(message.messageKey) (\(message.kindName)) failed: \(reply)")
        case .retry(let reply, _):
            report.retried += 1
            logger.info("mail \(message.messageKey) (\(message.kindName)) will be retried: \(reply)")
        case .dropped: report.dropped += 1
        }
    }

    /// The message of an outbox row, as it goes out.
    func mime(_ message: OutboxMessage) -> MIMEMessage {
        let isAccount = message.kind?.isAccountMail ?? true
        return MIMEMessage(from: from, to: message.to, subject: message.subject, date: message.createdAt,
                           messageKey: message.messageKey, threadKey: message.threadKey,
                           unsubscribeURL: isAccount ? nil : message.unsubscribeURL,
                           text: message.textBody, html: message.htmlBody)
    }
}
