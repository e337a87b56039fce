import Foundation
import Testing
@testable import Commonplace

/// A real SMTP server on loopback for one test: `aiosmtpd` (installed by `ops/setup --test`) running
/// `Tests/mail/smtp_server.py`, storing what it accepts in a folder of its own. Optionally with STARTTLS required on a
/// self-signed certificate made for the test (openssl), and AUTH required. It can be told how to answer the next
/// messages (`answer(_:)`), stopped (a server that is down) and started again on the same port.
final class SMTPTestServer: @unchecked Sendable {
    /// How the server answers the end of a message.
    enum Answer: String {
        case ok
        case tryLater = "451"
        case refuse = "550"
        /// Closes the connection after the message, before answering.
        case drop
        /// Never answers the message (as a server, or a process, that died mid-send).
        case hang
    }

    let directory: URL
    private(set) var port = 0
    let certificate: String?
    let user: String?
    let password: String?
    private let arguments: [String]
    private var process: Process?
    /// The server's standard input: it exits when this closes (here, or when the test process ends).
    private var lifeline: Pipe?

    /// Starts a server: `tls` offers STARTTLS (and requires it), `auth` requires AUTH with these credentials,
    /// `loginOnly` offers AUTH LOGIN but not PLAIN.
    init(tls: Bool = false, auth: (user: String, password: String)? = nil, loginOnly: Bool = false, smtputf8: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var arguments = ["--dir", directory.appendingPathComponent("inbox").path]
        if tls {
            let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
            try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                              "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                                              "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
            arguments += ["--cert", cert, "--key", key]
            certificate = cert
        } else {
            certificate = nil
        }
        if let auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        if loginOnly { arguments.append("--no-plain") }
        if smtputf8 { arguments.append("--smtputf8") }
        user = auth?.user
        password = auth?.password
        self.arguments = arguments
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts the server (again, on the same port once it had one) and waits until it listens.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ProjectPaths.root.appendingPathComponent("Tests/mail/smtp_server.py").path]
            + arguments + ["--port", String(port)]
        let stdout = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        lifeline = stdin
        var line = Data()
        let deadline = Date().addingTimeInterval(15)
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty || Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw SetupError(message: "smtp_server.py did not start (is aiosmtpd installed? `ops/setup --test` installs it)")
            }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let ready = text.split(separator: "\n").first, ready.hasPrefix("READY "), let port = Int(ready.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw SetupError(message: "smtp_server.py said: \(text)")
        }
        self.port = port
        self.process = process
    }

    /// Stops the server (SIGKILL: a child of this process may have SIGTERM blocked): connections are refused until
    /// `start()`.
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? lifeline?.fileHandleForWriting.close()
        self.process = nil
        lifeline = nil
    }

    /// How the server answers from now on.
    func answer(_ answer: Answer) throws {
        try Data(answer.rawValue.utf8).write(to: directory.appendingPathComponent("inbox/mode"))
    }

    /// Whether a message reached the server while it was told to hang.
    var isHolding: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("inbox/hung").path) }

    /// Where the app should send, with the test's certificate trusted and short timeouts.
    func configuration(security: MailSettings.Security? = nil, host: String? = nil, trust: Bool = true) -> SMTPConfiguration {
        var configuration = SMTPConfiguration(host: host ?? (certificate == nil ? "127.0.0.1" : "localhost"), port: port,
                                              security: security ?? (certificate == nil ? .none : .starttls),
                                              username: user, password: password)
        if trust, let certificate { configuration.trustRootFiles = [certificate] }
        configuration.heloName = "commonplace.test"
        configuration.timeouts = .short()
        return configuration
    }

    /// Every message accepted so far, in order, as Python's `email` package reads it, with its envelope.
    func messages() throws -> [DeliveredMail] {
        let inbox = directory.appendingPathComponent("inbox")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        guard !names.isEmpty else { return [] }
        let parsed = try ParsedMail.parse(names.map { inbox.appendingPathComponent($0).path })
        return try zip(names, parsed).map { name, mail in
            let meta = try Data(contentsOf: inbox.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".json")))
            return DeliveredMail(envelope: try JSONDecoder().decode(Envelope.self, from: meta), mail: mail)
        }
    }

    struct Envelope: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let mail_options: [String]
        let login: String?
        /// The client's address and port: messages of one connection share it.
        let connection: String
        let tls: Bool
    }

    struct DeliveredMail {
        let envelope: Envelope
        let mail: ParsedMail
    }

    struct SetupError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SetupError(message: "\(tool) \(arguments.first ?? "") failed") }
    }
}

/// An email as Python's `email` package reads it (`Tests/mail/parse_mail.py`): headers decoded, parts decoded,
/// the parser's defects.
struct ParsedMail: Decodable {
    let headers: [[String]]
    let content_type: String
    let parts: [Part]
    let defects: [String]
    let crlf_only: Bool
    let max_line: Int
    let ascii_only: Bool

    struct Part: Decodable {
        let content_type: String
        let charset: String
        let transfer_encoding: String
        let content: String
    }

    /// The (first) value of header `name`, decoded.
    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }

    /// How many times header `name` occurs.
    func count(_ name: String) -> Int { headers.filter { $0[0].lowercased() == name.lowercased() }.count }

    func part(_ type: String) -> String? { parts.first { $0.content_type == type }?.content }

    /// Runs the parser on `files`.
    static func parse(_ files: [String]) throws -> [ParsedMail] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ProjectPaths.root.appendingPathComponent("Tests/mail/parse_mail.py").path] + files
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SMTPTestServer.SetupError(message: "parse_mail.py failed: \(err)") }
        return try JSONDecoder().decode([ParsedMail].self, from: out)
    }
}
