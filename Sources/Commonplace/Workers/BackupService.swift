import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Scheduled backups inside the server (`--backup-dir`, `--backup-every`, `--backup-keep`).
public struct BackupSchedule: Sendable {
    public var directory: String
    public var interval: TimeInterval = 6 * 3600
    public var keep = 14

    public init(directory: String) { self.directory = directory }

    /// "6h", "30m", "1d", "90s" or a number of seconds; nil for anything else or less than a minute.
    public static func interval(_ text: String) -> TimeInterval? {
        let units: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text.trimmingCharacters(in: .whitespaces).lowercased())
        var unit: TimeInterval = 1
        if let last = number.last, let scale = units[last] { unit = scale; number = number.dropLast() }
        guard let value = Double(number), value.isFinite, value * unit >= 60 else { return nil }
        return value * unit
    }
}

/// The last scheduled backup: shown on `/admin/settings`, in `/metrics`, and as a banner to site admins when it failed.
public final class BackupStatus: Sendable {
    struct Outcome: Sendable {
        let at: Date
        let ok: Bool
        let message: String
    }

    private let state = Mutex<(last: Outcome?, lastGood: Date?)>((nil, nil))

    public init() {}

    var last: Outcome? { state.withLock { $0.last } }
    /// The snapshot moment of the newest backup known good (this run, or found in the folder at start).
    var lastGood: Date? { state.withLock { $0.lastGood } }

    func succeeded(_ result: BackupResult) {
        let message = "\(URL(fileURLWithPath: result.file).lastPathComponent): \(ResourceForm.size(Int(result.bytes))), "
            + "\(result.uploadFiles) uploaded files, verified, in \(Int(result.seconds.rounded())) s"
        state.withLock { $0 = (Outcome(at: result.finishedAt, ok: true, message: message), result.snapshotAt) }
    }

    func failed(at date: Date, _ message: String) {
        state.withLock { $0.last = Outcome(at: date, ok: false, message: message) }
    }

    func found(existing date: Date) {
        state.withLock { if $0.lastGood.map({ $0 < date }) ?? true { $0.lastGood = date } }
    }

    /// For site admins on every page while the last backup failed.
    var adminAlert: String? {
        guard let last, !last.ok else { return nil }
        return "The last backup failed (\(Formatting.moment(last.at))): \(last.message)"
    }
}

/// Backs up the database and its uploads every `schedule.interval` into `schedule.directory`, keeping the newest
/// `schedule.keep`. A failure is logged as an error and shown to site admins; it is tried again at the next interval.
struct BackupService: Service {
    let services: AppServices
    let schedule: BackupSchedule
    static let prefix = "commonplace-"
    static let suffix = ".sqlite"

    func run() async throws {
        if let newest = try? existing().last { services.backups.found(existing: newest.date) }
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let due = (services.backups.lastGood ?? .distantPast).addingTimeInterval(schedule.interval)
                let wait = max(due.timeIntervalSinceNow, 0)
                if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
                if Task.isCancelled { break }
                await runOnce()
                // A failure waits a whole interval too, rather than retrying in a tight loop.
                if services.backups.last?.ok == false { try? await Task.sleep(for: .seconds(schedule.interval)) }
            }
        }
    }

    /// One backup now, then pruning of the old ones.
    @discardableResult
    func runOnce(now: Date = Date()) async -> BackupResult? {
        let file = URL(fileURLWithPath: schedule.directory).appendingPathComponent(Self.prefix + Backups.backupStamp(now) + Self.suffix).path
        let (database, uploads, logger) = (services.database, services.uploads.directory, services.logger)
        do {
            let result = try await Task.detached(priority: .utility) {
                try Backups.backUp(source: database.reader, uploads: uploads, to: file) { _ in }
            }.value
            services.backups.succeeded(result)
            logger.info("backup made", metadata: ["file": .string(file), "bytes": .stringConvertible(result.bytes),
                                                  "seconds": .stringConvertible(Int(result.seconds.rounded()))])
            prune()
            return result
        } catch {
            services.backups.failed(at: Date(), "\(error)")
            logger.error("backup failed", metadata: ["file": .string(file), "error": .string("\(error)")])
            return nil
        }
    }

    /// The backups in the folder made by this service, oldest first.
    func existing() throws -> [(file: String, date: Date)] {
        try FileManager.default.contentsOfDirectory(atPath: schedule.directory)
            .filter { $0.hasPrefix(Self.prefix) && $0.hasSuffix(Self.suffix) }
            .sorted()
            .compactMap { name in
                let stamp = name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count)
                return Self.date(String(stamp)).map { (URL(fileURLWithPath: schedule.directory).appendingPathComponent(name).path, $0) }
            }
    }

    /// Removes all but the newest `keep` backups (each file with its uploads folder).
    func prune() {
        guard let all = try? existing(), all.count > schedule.keep else { return }
        for old in all.dropLast(schedule.keep) {
            try? FileManager.default.removeItem(atPath: Backups.uploadsFolder(for: old.file))
            try? FileManager.default.removeItem(atPath: old.file)
        }
    }

    /// The date of a `backupStamp`.
    static func date(_ stamp: String) -> Date? {
        let digits = stamp.filter(\.isNumber)
        guard stamp.count == 15, digits.count == 14 else { return nil }
        func part(_ from: Int, _ length: Int) -> Int? { Int(digits.dropFirst(from).prefix(length)) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: part(0, 4), month: part(4, 2), day: part(6, 2),
                                                  hour: part(8, 2), minute: part(10, 2), second: part(12, 2)))
    }
}
