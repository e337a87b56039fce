import Foundation
import NIOCore

/// Where messages go: an SMTP server, or (the embedded default, with no SMTP configured) a folder of `.eml` files.
public protocol MailTransport: Sendable {
    /// Opens a session for a batch of messages (one SMTP connection, reused). Throws when the server cannot be
    /// reached or refuses the session: every message waits for a later try.
    func openSession() async throws -> any MailSession
    /// Where mail goes, for the start-up line and `/admin/mail` (never a password).
    var summary: String { get }
}

/// One session of a transport, used by one task at a time.
public protocol MailSession {
    /// Sends `message` from `sender` to `recipient`; returns the reply that decided (2xx: taken, 4xx: try again
    /// later, 5xx: refused for good). Throws `SMTPError` when the session broke mid-way (sent again later).
    func send(_ message: [UInt8], from sender: String, to recipient: String) async throws -> SMTPReply
    /// Whether the session can take another message (false after a timeout or a broken connection).
    var isUsable: Bool { get }
    /// Ends the session (SMTP QUIT).
    func close() async
}

/// Delivery over SMTP (`--smtp-url`).
public struct SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration

    public init(_ configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    public func openSession() async throws -> any MailSession {
        try await SMTPConnection.open(configuration)
    }

    public var summary: String { "SMTP \(configuration)" }
}

extension SMTPConnection: MailSession {
    func send(_ message: [UInt8], from sender: String, to recipient: String) async throws -> SMTPReply {
        try await send(from: sender, to: recipient, data: message)
    }
}

/// The embedded default: each message written as `<message key>.eml` in a folder (readable by this user only), made
/// whole in a temporary file and renamed, so a reader never sees half a message.
public struct FolderTransport: MailTransport, MailSession {
    public let directory: URL

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
    }

    /// The configured folder, else `mail/` beside the database file, else (an in-memory database) a new temporary folder.
    public static func directory(configured: String?, database: AppDatabase) -> String {
        if let configured, !configured.isEmpty { return configured }
        let path = database.writer.path
        if !path.isEmpty, path != ":memory:", !path.hasPrefix("file::memory:") {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("mail").path
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-mail-\(RandomToken.hex(bytes: 8))").path
    }

    public func openSession() async throws -> any MailSession { self }

    public var summary: String { "the folder \(directory.path) (.eml files; no SMTP configured)" }

    public var isUsable: Bool { true }

    public func send(_ message: [UInt8], from sender: String, to recipient: String) async throws -> SMTPReply {
        guard let key = Self.messageKey(in: message) else { throw SMTPError.malformedReply("no Message-ID in the message") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let file = directory.appendingPathComponent(key + ".eml")
        let temporary = directory.appendingPathComponent(".tmp-\(key)-\(RandomToken.hex(bytes: 6))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(message), attributes: [.posixPermissions: 0o600]) else {
            throw SMTPError.connectFailed("cannot write to \(directory.path)")
        }
        if rename(temporary.path, file.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw SMTPError.connectFailed("cannot write to \(directory.path)")
        }
        return SMTPReply(code: 250, lines: ["written to \(file.lastPathComponent)"])
    }

    public func close() async {}

    /// The left part of the Message-ID header (`outbox-42`): the file's name.
    static func messageKey(in message: [UInt8]) -> String? {
        let head = String(decoding: message.prefix(4096), as: UTF8.self)
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("Message-ID: <") }),
              let at = line.firstIndex(of: "@")
        else { return nil }
        let key = String(line[line.index(line.startIndex, offsetBy: 13)..<at])
        return key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) && !key.isEmpty ? key : nil
    }
}
