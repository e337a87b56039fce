import Foundation

/// One email as it goes on the wire (RFC 5322 + MIME): `multipart/alternative` with the plain-text and the HTML part
/// (UTF-8, quoted-printable), and the headers the outbox row calls for. Every line ends in CRLF and the whole is
/// 7-bit ASCII: non-ASCII header text is RFC 2047 encoded, and a header value with CR or LF is refused (there is no
/// way to inject a header).
public struct MIMEMessage: Sendable {
    public var from: MailAddress
    public var to: String
    public var subject: String
    public var date: Date
    /// The left part of the Message-ID (`outbox-42`); the From address's domain is the right part.
    public var messageKey: String
    /// `discussion-42` → `In-Reply-To` and `References: <discussion-42@domain>`, so clients thread the messages.
    public var threadKey: String?
    /// The one-click unsubscribe URL (non-account mail): `List-Unsubscribe` and `List-Unsubscribe-Post`.
    public var unsubscribeURL: String?
    public var text: String
    public var html: String

    public init(from: MailAddress, to: String, subject: String, date: Date, messageKey: String, threadKey: String? = nil,
                unsubscribeURL: String? = nil, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageKey = messageKey
        self.threadKey = threadKey
        self.unsubscribeURL = unsubscribeURL
        self.text = text
        self.html = html
    }

    /// A header value that would break the message.
    public struct HeaderError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The message's bytes (CRLF line ends, not dot-stuffed: SMTP does that, the `.eml` file keeps it as is).
    public func bytes() throws -> [UInt8] {
        guard MailAddress.isValid(to) else { throw HeaderError(description: "not a valid recipient address: \(to.prefix(200))") }
        for (name, value) in [("Message key", messageKey), ("thread key", threadKey ?? ""), ("unsubscribe URL", unsubscribeURL ?? "")] {
            guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }) else {
                throw HeaderError(description: "the \(name) has characters a header cannot carry")
            }
        }
        let domain = from.domain
        let boundary = "=_commonplace_\(messageKey)"
        var headers = [
            "Date: " + Self.rfc5322Date(date),
            Self.fold("From: " + Self.mailbox(from)),
            "To: <\(to)>",
            Self.folded("Subject", subject),
            "Message-ID: <\(messageKey)@\(domain)>",
        ]
        if let threadKey, !threadKey.isEmpty {
            headers.append("In-Reply-To: <\(threadKey)@\(domain)>")
            headers.append("References: <\(threadKey)@\(domain)>")
        }
        headers.append("Auto-Submitted: auto-generated")
        if let unsubscribeURL, !unsubscribeURL.isEmpty {
            headers.append("List-Unsubscribe: <\(unsubscribeURL)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        headers += ["MIME-Version: 1.0", "Content-Type: multipart/alternative; boundary=\"\(boundary)\""]
        var out = headers.joined(separator: "\r\n") + "\r\n\r\n"
        out += "This is a message in two parts: plain text and HTML.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            out += Self.quotedPrintable(body)
        }
        out += "\r\n--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    // MARK: - Header encoding

    /// `Name <address>`: the name quoted when ASCII, RFC 2047 encoded otherwise; just `<address>` without a name.
    static func mailbox(_ address: MailAddress) -> String {
        guard !address.name.isEmpty else { return "<\(address.address)>" }
        let name = address.name.allSatisfy { $0.isASCII && !$0.isNewline }
            ? "\"" + address.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : encodedWords(address.name).joined(separator: " ")
        return name + " <\(address.address)>"
    }

    /// `Name: value` folded under 78 characters a line: printable ASCII as is (folded at spaces), anything else as
    /// RFC 2047 encoded words. CR, LF and other control characters never reach the output.
    static func folded(_ name: String, _ value: String) -> String {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
        let words: [String]
        if clean.unicodeScalars.allSatisfy({ $0.value < 0x7F }) && !clean.contains("=?") {
            words = clean.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        } else {
            words = encodedWords(clean)
        }
        return fold(name + ": " + words.joined(separator: " "))
    }

    /// A header line folded at spaces so no line passes 78 characters (a word longer than that stays whole, and the
    /// first word stays beside the header's name).
    static func fold(_ line: String) -> String {
        var lines: [String] = []
        for word in line.split(separator: " ", omittingEmptySubsequences: true) {
            if lines.isEmpty {
                lines.append(String(word))
            } else if lines.count == 1 && !lines[0].contains(" ") || lines[lines.count - 1].count + 1 + word.count <= 78 {
                lines[lines.count - 1] += " " + word
            } else {
                lines.append(" " + word)
            }
        }
        return lines.joined(separator: "\r\n")
    }

    /// `=?UTF-8?B?…?=` words of at most 64 characters (a header name and one word fit in 78), split between Unicode
    /// scalars (never inside one).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 39 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// `Wed, 02 Dec 2026 08:40:50 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }

    // MARK: - Body encoding

    /// Quoted-printable (RFC 2045) of `text` as UTF-8: lines end in CRLF, no encoded line is longer than 76
    /// characters, `=` and non-ASCII bytes are escaped, as are a space or tab at a line's end and a dot at a line's
    /// start (so the part survives relays that do not dot-stuff).
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            let bytes = Array(line.utf8)
            var length = 0
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=") && !(index == 0 && byte == UInt8(ascii: ".")))
                    || ((byte == 32 || byte == 9) && !isLast) {
                    piece = [byte]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
                }
                // A soft break ("=" then CRLF) keeps every line at 76 characters at most, "=" included.
                if length + piece.count > (isLast ? 76 : 75) {
                    out += [UInt8(ascii: "="), 13, 10]
                    length = 0
                    if piece == [UInt8(ascii: ".")] { piece = Array("=2E".utf8) }
                }
                out += piece
                length += piece.count
            }
            out += [13, 10]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
