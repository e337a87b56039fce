import Foundation
import Logging
import ServiceLifecycle

/// Composes daily and weekly digests, off the request path.
///
/// A `Service` of the server process: on its timer (`MailSettings.interval`) it schedules members who need it
/// (`scheduleDigests`: the next due moment at their local hour, in their time zone) and composes the digests that are
/// due, one member per transaction (`composeDigest`: what they may see now, queued with its items logged, the
/// schedule moved on). Nothing is claimed: a digest not yet composed when the process stops is composed after the
/// restart, and its dedupe object (`digest:<local date>`) and the item log keep it from going twice.
/// Tests leave the timer off (`MailSettings.interval` nil) and call `runOnce(now:)`.
public struct DigestService: Service {
    let database: AppDatabase
    let site: DigestSite
    let clock: AppClock
    let logger: Logger
    let interval: Duration?
    /// Members composed per read of the due list.
    static let batch = 100

    public init(database: AppDatabase, settings: MailSettings, baseURL: String, clock: AppClock = .system,
                logger: Logger = Logger(label: "commonplace.digests"), interval: Duration? = nil) {
        self.database = database
        site = DigestSite(baseURL: baseURL, defaultTimeZone: settings.defaultTimeZone)
        self.clock = clock
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        guard let interval else { return }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await runOnce()
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("digests failed, retrying on the next tick: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Schedules whoever needs it, then composes every digest due at `now` (the clock's time by default); returns how
    /// many digests were queued.
    @discardableResult
    public func runOnce(now: Date? = nil) async throws -> Int {
        let now = now ?? clock.now()
        // The default zone as a site admin last saved it (`/admin/settings`).
        let site = DigestSite(baseURL: self.site.baseURL, defaultTimeZone: database.site.loadedTimeZone ?? self.site.defaultTimeZone)
        while try await database.scheduleDigests(site: site, now: now) > 0 {}
        var queued = 0
        var seen: Set<Int64> = []
        while !Task.isCancelled {
            let due = try await database.dueDigests(now: now, limit: Self.batch).filter { !seen.contains($0) }
            if due.isEmpty { break }
            for userID in due {
                seen.insert(userID)
                if try await database.composeDigest(userID: userID, site: site, now: now) { queued += 1 }
            }
        }
        return queued
    }
}

/// The words of a digest email.
enum DigestMail {
    static func compose(_ content: DigestContent, recipient: User, settings: EmailSettings, since: Date, day: String,
                        baseURL: String, signer: UnsubscribeSigner, defaultTimeZone: String) -> OutgoingMail {
        let period = settings.frequency == .daily ? "daily" : "weekly"
        var blocks: [MailBody.Block] = [
            .heading("Your \(period) digest"),
            .paragraph("What is new in your communities since \(Formatting.day(since))."),
        ]
        let sections: [(String, [DigestEntry])] = [
            ("Questions waiting for an answer", content.questions), ("New discussions", content.discussions),
            ("Accepted answers", content.accepted), ("Newly featured resources", content.resources),
            ("Your notifications", content.notifications),
        ]
        for (title, entries) in sections where !entries.isEmpty {
            blocks.append(.section(title))
            blocks.append(.items(entries.map(\.item)))
        }
        let unsubscribe = baseURL + Paths.unsubscribe(token: signer.token(userID: recipient.id!, scope: .digest))
        let zone = settings.timeZone ?? defaultTimeZone
        let when = settings.frequency == .daily
            ? "every day at \(String(format: "%02d:00", settings.hour)) (\(zone))"
            : "every \(EmailSettings.weekdayNames[settings.weekday - 1].capitalized) at \(String(format: "%02d:00", settings.hour)) (\(zone))"
        blocks.append(.footer("You get this digest \(when) because you are a member of these communities.",
                              link: MailBody.Link(label: "Turn off the digest", url: unsubscribe)))
        blocks.append(.footer("Choose which emails you get, and how often:",
                              link: MailBody.Link(label: "Email settings", url: baseURL + Paths.settingsEmail)))
        let count = content.all.count
        return OutgoingMail(
            userID: recipient.id, to: recipient.email, kind: .digest, object: "digest:\(day)",
            subject: "Your \(period) digest: \(count) new \(count == 1 ? "item" : "items")", body: MailBody(blocks),
            unsubscribeURL: unsubscribe)
    }
}
