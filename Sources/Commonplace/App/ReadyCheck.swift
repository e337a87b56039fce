import Foundation
import GRDB
import Hummingbird

/// `GET /ready`: whether this server can do its work, for a load balancer or a monitor (`/health` only says the
/// process is up). 200 when the database answers a read, its migrations are all applied, a write commits and no write
/// has failed for lack of storage in the last ten minutes; 503 otherwise, naming the check that failed.
struct ReadyCheck {
    let services: AppServices

    struct Report: Encodable {
        let status: String
        let database: String
        let migrations: String
        let writable: String
        /// The last time saving failed (disk full, locked, read-only), if recent.
        let lastWriteFailure: String?
    }

    func respond() async -> Response {
        let database = services.database
        var read = "ok", migrations = "ok", writable = "ok"
        do {
            let complete = try await database.reader.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) }
            if !complete { migrations = "pending: run `commonplace migrate`" }
        } catch {
            read = "failed: \(StorageProblem(error)?.summary ?? "the database did not answer")"
            migrations = "unknown"
        }
        do {
            // Rewrites one row with its own value: a real commit through the WAL, changing nothing.
            try await database.writer.write { db in
                try db.execute(sql: "UPDATE setting SET value = value WHERE key = 'server_secret'")
            }
        } catch {
            writable = "failed: \(StorageProblem(error)?.summary ?? "the write was refused")"
            if let problem = StorageProblem(error) {
                services.storageHealth.record(problem, at: services.now, logger: services.logger, detail: String(describing: error))
            }
        }
        let failure = services.storageHealth.current(at: services.now)
        let ready = read == "ok" && migrations == "ok" && writable == "ok" && failure == nil
        let report = Report(
            status: ready ? "ready" : "not ready", database: read, migrations: migrations, writable: writable,
            lastWriteFailure: failure.map { "\($0.problem.summary), \($0.count) time(s), last at \(ISO8601DateFormatter().string(from: $0.last))" })
        var response = (try? JSONResponse.make(report, status: ready ? .ok : .serviceUnavailable))
            ?? Response(status: .serviceUnavailable)
        if !ready { response.headers[.retryAfter] = "60" }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
