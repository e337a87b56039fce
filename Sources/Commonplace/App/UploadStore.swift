import Foundation
import GRDB

/// Uploaded files on disk, outside `Static/`: an upload is written to a temporary file, checked, then renamed to
/// a generated random name (never the user's file name), which is all the database keeps.
struct UploadStore: Sendable {
    let directory: URL

    /// The folder uploads are kept in; it is created (readable by this user only) with the first upload, so a
    /// server or test that never receives a file leaves nothing on disk.
    init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    /// The configured folder, else `uploads/` beside the database file, else (an in-memory database) a new temporary folder.
    static func directory(configured: String?, database: AppDatabase) -> String {
        if let configured, !configured.isEmpty { return configured }
        let path = database.writer.path
        if !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("uploads").path
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-uploads-\(RandomToken.hex(bytes: 8))").path
    }

    /// A new, empty temporary file for an upload in progress (its name starts with `tmp-`, so it is never served).
    func temporaryFile() throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let url = directory.appendingPathComponent("tmp-\(RandomToken.hex(bytes: 16))")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return url
    }

    /// Moves a checked temporary file to its permanent, generated name and returns that name.
    func keep(_ temporary: URL) throws -> String {
        let name = RandomToken.hex(bytes: 16)
        try FileManager.default.moveItem(at: temporary, to: directory.appendingPathComponent(name))
        return name
    }

    /// Where the file stored as `name` is; nil for anything that is not a name this store generates.
    func url(of name: String) -> URL? {
        guard name.count == 32, name.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return directory.appendingPathComponent(name)
    }

    /// Removes a stored file (no error when it is already gone).
    func remove(_ name: String?) {
        guard let name, let url = url(of: name) else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// Removes a temporary file (no error when it was already moved or removed).
    func discard(_ temporary: URL?) {
        guard let temporary else { return }
        try? FileManager.default.removeItem(at: temporary)
    }
}
