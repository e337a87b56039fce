import Foundation
import GRDB
import Logging
import NIOCore
import Synchronization

/// Why the server could not save: the disk is full, the database stayed locked past the busy timeout, the file
/// system is read-only, or the disk refused a write. Reads keep working in each case.
enum StorageProblem: String, Sendable {
    case full, busy, readOnly, ioError

    /// The problem behind `error`, if it is one of these (SQLite's result codes, or a file write's POSIX error).
    init?(_ error: any Error) {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: self = .full
            case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
            case .SQLITE_READONLY: self = .readOnly
            case .SQLITE_IOERR: self = .ioError
            default: return nil
            }
            return
        }
        let posix = (error as NSError).domain == NSPOSIXErrorDomain ? Int32((error as NSError).code)
            : ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
        switch posix {
        case ENOSPC?, EDQUOT?: self = .full
        case EROFS?: self = .readOnly
        case EIO?: self = .ioError
        default:
            switch (error as? CocoaError)?.code {
            case .fileWriteOutOfSpace?: self = .full
            case .fileWriteVolumeReadOnly?: self = .readOnly
            default: return nil
            }
        }
    }

    /// What site admins and the log read.
    var summary: String {
        switch self {
        case .full: "the disk is full"
        case .busy: "the database stayed locked longer than the busy timeout"
        case .readOnly: "the database or its folder is read-only"
        case .ioError: "the disk refused a write"
        }
    }

    /// Seconds a client is told to wait before trying again.
    var retryAfter: Int { self == .busy ? 5 : 60 }
}

/// The last time the server could not save, for the log (once a minute, not once a request), `/ready` and site admins.
final class StorageHealth: Sendable {
    struct Failure: Sendable, Equatable {
        let problem: StorageProblem
        /// When it first happened in this run of failures, and the latest time.
        let since: Date
        let last: Date
        let count: Int
    }

    private struct State {
        var failure: Failure?
        var loggedAt: Date?
        var unlogged = 0
    }

    private let state = Mutex(State())
    /// How often a continuing failure is logged.
    static let logInterval: TimeInterval = 60
    /// How long a failure is shown to admins and on `/ready` after the last one, unless a write succeeds first.
    static let shownFor: TimeInterval = 600

    /// Records a failure and logs it as an error, at most once per `logInterval` (with how many were not logged).
    func record(_ problem: StorageProblem, at now: Date, logger: Logger, detail: String) {
        let log: (count: Int, first: Bool)? = state.withLock { state in
            let since = state.failure.map { $0.problem == problem ? $0.since : now } ?? now
            state.failure = Failure(problem: problem, since: since, last: now, count: (state.failure?.count ?? 0) + 1)
            if let loggedAt = state.loggedAt, now.timeIntervalSince(loggedAt) < Self.logInterval {
                state.unlogged += 1
                return nil
            }
            defer { state.loggedAt = now; state.unlogged = 0 }
            return (state.unlogged, state.failure!.count == 1)
        }
        guard let log else { return }
        logger.error("cannot save: \(problem.summary)", metadata: [
            "problem": .string(problem.rawValue), "error": .string(detail), "not_logged_since_last": .stringConvertible(log.count),
        ])
    }

    /// A write went through: the failure, if any, is over.
    func recovered() {
        state.withLock { $0.failure = nil }
    }

    /// The failure still worth showing at `now`.
    func current(at now: Date) -> Failure? {
        state.withLock { state in
            guard let failure = state.failure, now.timeIntervalSince(failure.last) < Self.shownFor else { return nil }
            return failure
        }
    }

    /// The banner site admins see while saving fails.
    func adminAlert(at now: Date) -> String? {
        guard let failure = current(at: now) else { return nil }
        return "The server could not save changes \(failure.count == 1 ? "once" : "\(failure.count) times") since "
            + "\(Formatting.moment(failure.since)) (last at \(Formatting.moment(failure.last))): \(failure.problem.summary). "
            + "Members can read, but what they send is refused with their text shown back to them. See /ready."
    }
}

/// The fields of a form a request sent, kept so that a page answering "cannot save right now" can give the text back.
/// Set by `ErrorPageMiddleware` for each POST (a task-local box), filled by `FormBody.decode`.
final class KeptForm: Sendable {
    @TaskLocal static var current: KeptForm?

    private let text = Mutex<String?>(nil)

    func keep(_ body: String) { text.withLock { $0 = body } }

    /// The fields in order, decoded as browsers encode them; the CSRF token and passwords are left out.
    var fields: [(name: String, value: String)] {
        guard let body = text.withLock({ $0 }) else { return [] }
        return body.split(separator: "&").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            guard !name.isEmpty, name != CSRFMiddleware.field, !name.contains("password") else { return nil }
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The raw CSRF token the form carried (to send it again with "Try again").
    var csrf: String? {
        text.withLock { $0 }.flatMap { FormBody.rawField(CSRFMiddleware.field, in: ByteBuffer(string: $0)) }?.removingPercentEncoding
    }
}
