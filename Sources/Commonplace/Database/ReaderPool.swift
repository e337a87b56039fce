import GRDB
import Synchronization

/// Read-only connections of our own for the short reads a page makes on its request thread (`readNow`).
///
/// `DatabasePool.read` pays, on every call, for two dispatch-queue hops with a reader-writer lock, a key path
/// built at run time, and three statements prepared anew (`BEGIN`, `PRAGMA schema_version`, `COMMIT`): profiled
/// at a quarter of a board page's read. Here a read takes an idle connection from a list under a mutex, and
/// begins and commits its snapshot with statements prepared once per connection. The schema is fixed while the
/// server runs (migrations run before it serves), so nothing needs re-reading between reads.
final class ReaderPool: Sendable {
    private let path: String
    private let configuration: Configuration
    /// How many idle connections are kept; more may be open at once (one per concurrent read), and are closed.
    private let keep: Int
    private let idle = Mutex<[DatabaseQueue]>([])

    init(path: String, configuration: Configuration, keep: Int) {
        var configuration = configuration
        configuration.readonly = true
        configuration.label = "commonplace.reader"
        self.path = path
        self.configuration = configuration
        self.keep = keep
    }

    /// Runs `body` in a read transaction (one consistent snapshot) on the calling thread.
    /// Closes the idle connections (at shutdown, when no request is left to read).
    func close() {
        let connections = idle.withLock { idle -> [DatabaseQueue] in
            defer { idle.removeAll() }
            return idle
        }
        for connection in connections { try? connection.close() }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.popLast() } ?? DatabaseQueue(path: path, configuration: configuration)
        defer { idle.withLock { if $0.count < keep { $0.append(connection) } } }
        return try connection.inDatabase { db in
            try db.cachedStatement(sql: "BEGIN DEFERRED TRANSACTION").execute()
            do {
                let value = try body(db)
                try db.cachedStatement(sql: "COMMIT").execute()
                return value
            } catch {
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                throw error
            }
        }
    }
}
