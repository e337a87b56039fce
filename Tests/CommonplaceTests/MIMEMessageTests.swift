import Foundation
import Testing
@testable import Commonplace

/// The pieces of a message on the wire: quoted-printable, encoded headers, dot-stuffing, refused header values, and
/// the SMTP URL (its password never shown).
@Suite("Mail: MIME and SMTP pieces")
struct MIMEMessageTests {
    static func message(to: String = "ada@example.org", threadKey: String? = "discussion-7", unsubscribe: String? = nil) -> MIMEMessage {
        MIMEMessage(from: MailAddress("Forum <forum@example.org>")!, to: to, subject: "Hello", date: Date(timeIntervalSince1970: 0),
                    messageKey: "outbox-1", threadKey: threadKey, unsubscribeURL: unsubscribe, text: "Hi", html: "<p>Hi</p>")
    }

    @Test("quoted-printable: lines of at most 76 characters, = and non-ASCII escaped, trailing spaces and leading dots protected")
    func quotedPrintable() {
        let long = String(repeating: "é", count: 60) + " end = here \n.dot first\ntrailing space \n"
        let encoded = MIMEMessage.quotedPrintable(long)
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(encoded.contains("=3D") && encoded.contains("=C3=A9") && encoded.contains("\r\n=2Edot first\r\n"))
        #expect(encoded.contains("trailing space=20\r\n"))
        #expect(!encoded.contains("\n.") && encoded.unicodeScalars.allSatisfy { $0.value < 0x80 })
    }

    @Test("a non-ASCII subject becomes encoded words split between characters; a plain one is folded at spaces")
    func headers() {
        let words = MIMEMessage.encodedWords(String(repeating: "✓", count: 40))
        #expect(words.count == 4 && words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.count <= 64 })
        let decoded = words.map { Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))! }.reduce(Data(), +)
        #expect(String(decoding: decoded, as: UTF8.self) == String(repeating: "✓", count: 40))
        let folded = MIMEMessage.folded("Subject", String(repeating: "word ", count: 30) + "\r\nBcc: x@example.org")
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(folded.components(separatedBy: "\r\n").dropFirst().allSatisfy { $0.hasPrefix(" ") }, "no line starts a new header")
        #expect(MIMEMessage.folded("Subject", "=?UTF-8?B?aGk=?= looks encoded").hasPrefix("Subject: =?UTF-8?B?"))
        #expect(MIMEMessage.mailbox(MailAddress("Équipe Forum <forum@example.org>")!).hasSuffix(" <forum@example.org>"))
        #expect(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 1_790_000_000)) == "Mon, 21 Sep 2026 14:13:20 +0000")
    }

    @Test("a recipient, thread key or unsubscribe URL that could break the headers is refused")
    func refusedValues() throws {
        #expect(throws: MIMEMessage.HeaderError.self) { try Self.message(to: "ada@example.org\r\nBcc: eve@example.org").bytes() }
        #expect(throws: MIMEMessage.HeaderError.self) { try Self.message(to: "<ada@example.org>").bytes() }
        #expect(throws: MIMEMessage.HeaderError.self) { try Self.message(threadKey: "d-1>\r\nBcc: e@x.org").bytes() }
        #expect(throws: MIMEMessage.HeaderError.self) { try Self.message(unsubscribe: "https://x.org/u t").bytes() }
        let fine = String(decoding: try Self.message(unsubscribe: "https://x.org/unsubscribe/abc").bytes(), as: UTF8.self)
        #expect(fine.contains("\r\nList-Unsubscribe: <https://x.org/unsubscribe/abc>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        #expect(fine.contains("\r\nMessage-ID: <outbox-1@example.org>\r\nIn-Reply-To: <discussion-7@example.org>\r\n"))
        #expect(MailAddress("Forum <forum@example.org>\r\nBcc: x@y.org") == nil && MailAddress("not an address") == nil)
        #expect(MailAddress("Commonplace <commonplace@localhost>")?.domain == "localhost")
    }

    @Test("dot-stuffing: a dot at a line's start is doubled, bare line ends become CRLF, the end is a lone dot")
    func dotStuffing() {
        let out = String(decoding: SMTPConnection.dotStuffed(Array(".a\r\nb\n..c\rd".utf8)), as: UTF8.self)
        #expect(out == "..a\r\nb\r\n...c\r\nd\r\n.\r\n")
    }

    @Test("the SMTP URL: ports by scheme, smtps means TLS, the password from elsewhere wins, and is never shown")
    func url() throws {
        let plain = try SMTPConfiguration(url: "smtp://mailer:p%40ss@mail.example.org", security: .starttls)
        #expect(plain.port == 587 && plain.security == .starttls && plain.username == "mailer" && plain.password == "p@ss")
        #expect(plain.description == "smtp://mailer@mail.example.org:587 (starttls)")
        let implicit = try SMTPConfiguration(url: "smtps://mailer:x@mail.example.org", security: .starttls, password: "from-file")
        #expect(implicit.port == 465 && implicit.security == .tls && implicit.password == "from-file")
        #expect(!implicit.description.contains("from-file"))
        #expect(try SMTPConfiguration(url: "smtp://localhost", security: .none).port == 25)
        for bad in ["http://mail.example.org", "smtp://", "smtp://mailer@mail.example.org", "smtp://h:99999", "smtp://h/path"] {
            #expect(throws: SMTPConfiguration.ConfigurationError.self, "\(bad)") { try SMTPConfiguration(url: bad, security: .starttls) }
        }
    }
}
