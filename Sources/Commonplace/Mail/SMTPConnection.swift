import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session, reused for many messages: connect, greeting, EHLO, STARTTLS (then EHLO again), AUTH, then
/// `send` per message (MAIL FROM, RCPT TO, DATA, the dot-stuffed message), RSET after a refused one, QUIT at the end.
/// Every step waits at most its timeout for the reply. Used by one task at a time.
final class SMTPConnection {
    private let channel: Channel
    private let replies: SMTPReplyHandler
    private let configuration: SMTPConfiguration
    /// The EHLO keywords the server offered (upper-cased): `STARTTLS`, `AUTH`, `SMTPUTF8`, `8BITMIME` …
    private(set) var extensions: [String: String] = [:]
    private var isTLS: Bool
    /// False once a step failed in a way that leaves the session unusable (timeout, broken connection).
    private(set) var isUsable = true

    private init(channel: Channel, replies: SMTPReplyHandler, configuration: SMTPConfiguration, isTLS: Bool) {
        self.channel = channel
        self.replies = replies
        self.configuration = configuration
        self.isTLS = isTLS
    }

    /// Connects and gets the session ready for messages (greeting, EHLO, STARTTLS unless `none`, AUTH when a user is
    /// configured). Throws `SMTPError` when any step fails; the connection is closed then.
    static func open(_ configuration: SMTPConfiguration, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SMTPConnection {
        let tls = configuration.security != .none ? try makeTLSContext(configuration) : nil
        let implicitTLS = configuration.security == .tls
        let replies = SMTPReplyHandler()
        let host = configuration.host
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(configuration.timeouts.connect)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS, let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(host)))
                        }
                        try channel.pipeline.syncOperations.addHandler(replies)
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw SMTPError.connectFailed("\(configuration.host):\(configuration.port): \(error)")
        }
        let connection = SMTPConnection(channel: channel, replies: replies, configuration: configuration, isTLS: implicitTLS)
        do {
            try await connection.start(tls: tls)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if !configuration.trustRootFiles.isEmpty {
            tls.trustRoots = .certificates(try configuration.trustRootFiles.flatMap { try NIOSSLCertificate.fromPEMFile($0) })
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// The name sent for SNI and checked against the certificate; an IP address is checked but not sent.
    private static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":") ? nil : host
    }

    private func start(tls: NIOSSLContext?) async throws {
        try expect(await reply(step: "greeting", timeout: configuration.timeouts.connect), step: "greeting", code: 220)
        try await hello()
        if configuration.security == .starttls {
            guard extensions["STARTTLS"] != nil, let tls else { throw SMTPError.startTLSUnavailable }
            try expect(await command("STARTTLS"), step: "STARTTLS", code: 220)
            try await startTLS(tls)
            try await hello()
        }
        if let user = configuration.username, let password = configuration.password {
            try await authenticate(user: user, password: password)
        }
    }

    /// EHLO, keeping the extensions offered (HELO for a server that does not know EHLO).
    private func hello() async throws {
        let reply = try await command("EHLO \(configuration.heloName)")
        if reply.code == 250 {
            extensions = [:]
            for line in reply.lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard let keyword = parts.first else { continue }
                extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
            }
            return
        }
        try expect(await command("HELO \(configuration.heloName)"), step: "HELO", code: 250)
        extensions = [:]
    }

    /// Puts TLS under the session, before the reply handler (nothing may have been read past STARTTLS's reply).
    private func startTLS(_ context: NIOSSLContext) async throws {
        let replies = self.replies, host = configuration.host
        try await channel.eventLoop.submit { [channel] in
            guard !replies.hasUnreadData else { throw SMTPError.malformedReply("data after the STARTTLS reply") }
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: Self.sniName(host)), position: .first)
        }.get()
        isTLS = true
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN. Credentials travel only over TLS unless `security` is `none`.
    private func authenticate(user: String, password: String) async throws {
        let mechanisms = Set((extensions["AUTH"] ?? "").uppercased().split(separator: " ").map(String.init))
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + user + "\0" + password).utf8).base64EncodedString()
            try expect(await command("AUTH PLAIN " + token, shown: "AUTH PLAIN [credentials]"), step: "AUTH PLAIN", code: 235)
        } else if mechanisms.contains("LOGIN") {
            try expect(await command("AUTH LOGIN"), step: "AUTH LOGIN", code: 334)
            try expect(await command(Data(user.utf8).base64EncodedString(), shown: "[user]"), step: "AUTH LOGIN", code: 334)
            try expect(await command(Data(password.utf8).base64EncodedString(), shown: "[password]"), step: "AUTH LOGIN", code: 235)
        } else {
            throw SMTPError.authUnavailable
        }
    }

    // MARK: - Messages

    /// Sends one message: MAIL FROM, RCPT TO, DATA and the message (`data`, lines ending in CRLF, not yet
    /// dot-stuffed). Returns the server's reply to the step that decided: the final reply after the dot when all
    /// went through, else the 4xx or 5xx that refused it (the session is reset with RSET for the next message).
    /// Throws `SMTPError` when the session broke (timeout, closed connection): the message may or may not have been
    /// accepted, so it is sent again later (at least once, never lost).
    func send(from sender: String, to recipient: String, data: [UInt8]) async throws -> SMTPReply {
        let needsUTF8 = !(sender + recipient).allSatisfy(\.isASCII)
        if needsUTF8 && extensions["SMTPUTF8"] == nil {
            return SMTPReply(code: 553, lines: ["5.6.7 the address is not ASCII and the server does not offer SMTPUTF8"])
        }
        var parameters = ""
        if extensions["8BITMIME"] != nil { parameters += " BODY=8BITMIME" }
        if needsUTF8 { parameters += " SMTPUTF8" }
        for (step, line) in [("MAIL FROM", "MAIL FROM:<\(sender)>\(parameters)"), ("RCPT TO", "RCPT TO:<\(recipient)>")] {
            let reply = try await command(line, step: step)
            if reply.code != 250 && reply.code != 251 { return try await refused(reply) }
        }
        let start = try await command("DATA")
        if start.code != 354 { return try await refused(start) }
        write(Self.dotStuffed(data))
        return try await reply(step: "the message's end", timeout: configuration.timeouts.data)
    }

    /// A refusal: the session is reset for the next message, and the refusal returned.
    private func refused(_ reply: SMTPReply) async throws -> SMTPReply {
        _ = try await command("RSET")
        return reply
    }

    /// The message as sent after DATA: a dot doubled at the start of every line, CRLF line ends (a bare LF or CR is
    /// made CRLF), then `.` alone on a line.
    static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + data.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < data.count {
            let byte = data[index]
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                out.append(UInt8(ascii: "\r"))
                out.append(UInt8(ascii: "\n"))
                if byte == UInt8(ascii: "\r"), index + 1 < data.count, data[index + 1] == UInt8(ascii: "\n") { index += 1 }
                atLineStart = true
            } else {
                if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }

    /// QUIT (politely, briefly) and close.
    func close() async {
        if isUsable, channel.isActive {
            write(Array("QUIT\r\n".utf8))
            _ = try? await reply(step: "QUIT", timeout: min(configuration.timeouts.command, .seconds(5)))
        }
        isUsable = false
        try? await channel.close().get()
    }

    // MARK: - Steps

    /// Writes `line` and waits for the reply. `shown` replaces the line in errors (credentials).
    private func command(_ line: String, step: String? = nil, shown: String? = nil) async throws -> SMTPReply {
        guard !line.contains("\r"), !line.contains("\n") else { throw SMTPError.badAddress(shown ?? line) }
        write(Array((line + "\r\n").utf8))
        return try await reply(step: step ?? shown ?? String(line.prefix(while: { $0 != " " && $0 != ":" })),
                               timeout: configuration.timeouts.command)
    }

    private func write(_ bytes: [UInt8]) {
        let channel = self.channel
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenFailure { _ in channel.close(promise: nil) }
    }

    private func reply(step: String, timeout: TimeAmount) async throws -> SMTPReply {
        let replies = self.replies, loop = channel.eventLoop
        do {
            return try await loop.flatSubmit { replies.nextReply(step: step, timeout: timeout, on: loop) }.get()
        } catch {
            isUsable = false
            channel.close(promise: nil)
            throw error as? SMTPError ?? .connectionClosed(step: step)
        }
    }

    private func expect(_ reply: SMTPReply, step: String, code: Int) throws {
        guard reply.code == code else { throw SMTPError.refused(step: step, reply: reply) }
    }
}
