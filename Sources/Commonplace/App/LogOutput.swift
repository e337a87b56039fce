import Foundation
import Logging
import Synchronization

/// How log lines are written: `text` (one line of `key=value`) or `json` (one JSON object a line).
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Where log lines go, in batches: lines are appended to a buffer in memory and written by one background thread every
/// 100 ms (at once for errors, and when the buffer passes 64 KiB), so a request's line costs no system call.
public final class LogSink: Sendable {
    private let pending = Mutex<[UInt8]>([])
    private let destination: @Sendable ([UInt8]) -> Void
    static let flushBytes = 64 * 1024

    /// Standard error (the journal under systemd).
    public static let standardError = LogSink { bytes in
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    public init(destination: @escaping @Sendable ([UInt8]) -> Void) {
        self.destination = destination
        let weakFlush: @Sendable () -> Bool = { [weak self] in
            guard let self else { return false }
            self.flush()
            return true
        }
        Thread.detachNewThread {
            while true {
                usleep(100_000)
                if !weakFlush() { return }
            }
        }
    }

    /// Adds one line (its bytes, ending in a newline).
    func append(_ line: [UInt8], urgent: Bool = false) {
        let full = pending.withLock { buffer -> Bool in
            buffer.append(contentsOf: line)
            return buffer.count >= Self.flushBytes
        }
        if full || urgent { flush() }
    }

    /// Writes what is buffered now (the timer does this; so does shutdown).
    public func flush() {
        let bytes = pending.withLock { buffer -> [UInt8] in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !bytes.isEmpty { destination(bytes) }
    }
}

/// Builds one log line into bytes, as text (`key=value`, values quoted when they hold spaces) or JSON.
struct LogLine {
    private(set) var bytes: [UInt8] = []
    let format: LogFormat
    private var first = true

    init(format: LogFormat, level: Logger.Level, message: String, label: String? = nil) {
        self.format = format
        bytes.reserveCapacity(192)
        let time = Self.timestamp()
        switch format {
        case .text:
            append(raw: time)
            append(raw: " ")
            append(raw: level.rawValue)
            append(raw: " ")
            append(raw: message)
        case .json:
            append(raw: "{")
            field("time", time)
            field("level", level.rawValue)
            if let label { field("label", label) }
            field("message", message)
        }
    }

    mutating func field(_ key: String, _ value: String) {
        switch format {
        case .text:
            append(raw: " ")
            append(raw: key)
            append(raw: "=")
            if value.isEmpty || value.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") }) {
                appendQuoted(value)
            } else {
                append(raw: value)
            }
        case .json:
            if !first { append(raw: ",") }
            first = false
            appendQuoted(key)
            append(raw: ":")
            appendQuoted(value)
        }
    }

    /// A number, unquoted in JSON.
    mutating func field(_ key: String, number: String) {
        switch format {
        case .text: field(key, number)
        case .json:
            if !first { append(raw: ",") }
            first = false
            appendQuoted(key)
            append(raw: ":")
            append(raw: number)
        }
    }

    mutating func finish() -> [UInt8] {
        if format == .json { append(raw: "}") }
        append(raw: "\n")
        return bytes
    }

    private mutating func append(raw text: String) { bytes.append(contentsOf: text.utf8) }

    /// A JSON string (also used for text values with spaces): quotes, backslashes and control characters escaped.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// "2026-12-02T13:04:05.123Z", from the system clock without a formatter.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}

/// swift-log's handler for the server: every line through the same sink and format as the request lines.
public struct CommonplaceLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let format: LogFormat
    let sink: LogSink

    public init(label: String, format: LogFormat, sink: LogSink = .standardError) {
        self.label = label
        self.format = format
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = LogLine(format: format, level: event.level, message: "\(event.message)", label: label)
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in all.keys.sorted() { line.field(key == "hb.request.id" ? "request_id" : key, "\(all[key]!)") }
        sink.append(line.finish(), urgent: event.level >= .warning)
    }
}

/// The request log: one line per request (method, route pattern, status, time, request ID, and the error ID of a
/// 500). Never the raw path of a matched route, its query string, headers, cookies or body: tokens in paths
/// (`/verify/{token}`) appear as the route's pattern, and a path no route matched passes through `Paths.loggable`.
public struct RequestLog: Sendable {
    public let format: LogFormat
    public let sink: LogSink

    public init(format: LogFormat, sink: LogSink = .standardError) {
        self.format = format
        self.sink = sink
    }

    func record(method: String, route: String?, path: @autoclosure () -> String, status: Int, duration: Duration,
                requestID: String, errorID: String?) {
        var line = LogLine(format: format, level: .info, message: "request")
        line.field("method", method)
        if let route { line.field("route", route) } else { line.field("path", Paths.loggable(path())) }
        line.field("status", number: String(status))
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        line.field("duration_ms", number: "\(micros / 1000).\(Self.threeDigits(Int(micros % 1000)))")
        line.field("request_id", requestID)
        if let errorID { line.field("error_id", errorID) }
        sink.append(line.finish())
    }

    private static func threeDigits(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
}
