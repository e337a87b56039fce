import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `DATABASE.lock`, held by `serve` while it runs and by `restore` while it replaces the file:
/// one server per database (SQLite's one-writer rule across processes), and no restore under a running server.
/// The kernel releases it when the process ends, however it ends.
public final class ServerLock: Sendable {
    private let descriptor: Int32
    public let path: String

    /// Takes the lock, or throws `Held` at once when another process has it.
    public init(database: String) throws {
        path = database + ".lock"
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandError("Cannot open the lock file \(path): \(String(cString: strerror(errno))).") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Held(path: path)
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Another process (a running server, or a restore) holds the lock.
    public struct Held: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return "A server (or a restore) is using this database\(pid.isEmpty ? "" : " (process \(pid))"): it holds \(path). Stop it first."
        }
    }
}
