import NIOCore

/// One reply of an SMTP server: the three-digit code and its lines (a multi-line reply, `250-…` then `250 …`, is one).
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    /// 2xx and 3xx: the step went through.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: the server will not take it.
    public var isPermanent: Bool { code >= 500 }

    /// The reply as the server wrote it, lines joined by " / ", at most 500 characters (kept in `last_reply`).
    public var description: String {
        String((lines.isEmpty ? "\(code)" : lines.map { "\(code) \($0)" }.joined(separator: " / ")).prefix(500))
    }
}

/// What went wrong talking to the SMTP server, apart from a reply that says no.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No reply within the step's time limit (the connection is closed).
    case timeout(step: String)
    /// The server closed the connection (or it broke) before replying.
    case connectionClosed(step: String)
    /// The server answered a connection step (greeting, EHLO, STARTTLS, AUTH) with this.
    case refused(step: String, reply: SMTPReply)
    /// STARTTLS is required and the server does not offer it.
    case startTLSUnavailable
    /// A user name is configured and the server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authUnavailable
    /// The server sent something that is not an SMTP reply (a line without a code, or longer than `maxLineBytes`).
    case malformedReply(String)
    /// Connecting or the TLS handshake failed.
    case connectFailed(String)
    /// The envelope address cannot be sent (CR/LF, angle brackets, or non-ASCII without SMTPUTF8).
    case badAddress(String)

    public var description: String {
        switch self {
        case .timeout(let step): "no reply to \(step) in time"
        case .connectionClosed(let step): "connection closed during \(step)"
        case .refused(let step, let reply): "\(step) refused: \(reply)"
        case .startTLSUnavailable: "the server does not offer STARTTLS (required; use --smtp-tls none only for a local relay)"
        case .authUnavailable: "the server offers neither AUTH PLAIN nor AUTH LOGIN"
        case .malformedReply(let text): "malformed reply: \(text.prefix(200))"
        case .connectFailed(let text): "could not connect: \(text.prefix(300))"
        case .badAddress(let address): "cannot send to \(address.prefix(200))"
        }
    }
}

/// Splits the server's bytes into replies and hands each to whoever waits for the next one.
///
/// Confined to its channel's event loop (every method runs there), hence `@unchecked Sendable`.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// A reply line longer than this is not SMTP (RFC 5321 allows 512).
    static let maxLineBytes = 4096

    private var buffer = ByteBuffer()
    private var lines: [String] = []
    private var ready: [SMTPReply] = []
    private var waiter: EventLoopPromise<SMTPReply>?
    private var failure: SMTPError?
    private var step = "greeting"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            var line = buffer.readString(length: length) ?? ""
            buffer.moveReaderIndex(forwardBy: 1)
            if line.hasSuffix("\r") { line.removeLast() }
            guard parse(line) else {
                fail(.malformedReply(line))
                context.close(promise: nil)
                return
            }
        }
        if buffer.readableBytes > Self.maxLineBytes {
            fail(.malformedReply("a line longer than \(Self.maxLineBytes) bytes"))
            context.close(promise: nil)
        }
        buffer.discardReadBytes()
    }

    /// Adds one line; a final line (`250 …`) completes a reply. False for a line that is not a reply line.
    private func parse(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
              let code = Int(String(decoding: bytes[0...2], as: UTF8.self))
        else { return false }
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") {
            let reply = SMTPReply(code: code, lines: lines)
            lines = []
            if let waiter {
                self.waiter = nil
                waiter.succeed(reply)
            } else {
                ready.append(reply)
            }
        }
        return true
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed(step: step))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(error as? SMTPError ?? .connectFailed("\(error)"))
        context.close(promise: nil)
    }

    private func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            waiter.fail(error)
        }
    }

    /// The next reply (one already received, or the next to arrive), failing after `timeout` or when the connection
    /// breaks. Call on the event loop.
    func nextReply(step: String, timeout: TimeAmount, on loop: EventLoop) -> EventLoopFuture<SMTPReply> {
        self.step = step
        if !ready.isEmpty { return loop.makeSucceededFuture(ready.removeFirst()) }
        if let failure { return loop.makeFailedFuture(failure) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiter = promise
        let timer = loop.scheduleTask(in: timeout) { [weak self] in
            guard let self, let waiter = self.waiter, waiter.futureResult === promise.futureResult else { return }
            self.waiter = nil
            waiter.fail(SMTPError.timeout(step: step))
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Whether bytes beyond the last reply are waiting (none may be before the TLS handshake of STARTTLS).
    var hasUnreadData: Bool { buffer.readableBytes > 0 || !ready.isEmpty || !lines.isEmpty }
}
