import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The outbox's queueing side: one row per address, kind and object; both parts rendered from the same blocks, the
/// HTML escaped, the text free of control characters.
@Suite("Mail outbox")
struct MailOutboxTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func mail(object: String = "post:1", subject: String = "Hello") -> OutgoingMail {
        OutgoingMail(userID: nil, to: " Someone@Example.org ", kind: .notification(.mention), object: object,
                     subject: subject,
                     body: MailBody([.heading("<b>Title</b>"), .paragraph("Tom & Jerry\u{07}"),
                                     .post(author: "Amara", markdown: "*hi*\nthere", html: "<p><em>hi</em></p>"),
                                     .items([.init(title: "A \"quoted\" title", url: "https://x.example/d/1?a=1&b=2")]),
                                     .footer("Why you got this", link: .init(label: "Stop", url: "https://x.example/u"))]),
                     threadKey: "discussion-1", unsubscribeURL: "https://x.example/unsubscribe/t")
    }

    @Test("the same email for one address, kind and object is queued once; another object is a new row")
    func dedupe() async throws {
        let database = try AppDatabase.inMemory()
        let results = try await database.writer.write { db in
            [try AppDatabase.enqueueMail(db, Self.mail(), now: Self.now),
             try AppDatabase.enqueueMail(db, Self.mail(subject: "Again"), now: Self.now),
             try AppDatabase.enqueueMail(db, Self.mail(object: "post:2"), now: Self.now)]
        }
        #expect(results == [true, false, true])
        let rows = try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT to_address, kind, dedupe_key, subject, status FROM mail_outbox ORDER BY id")
        }
        #expect(rows.map { $0["dedupe_key"] as String } == ["notification:mention/post:1", "notification:mention/post:2"])
        #expect(rows.allSatisfy { ($0["to_address"] as String) == "someone@example.org" && ($0["status"] as String) == "queued" })
        #expect(rows[0]["subject"] as String == "Hello")
    }

    @Test("the HTML part escapes every plain text; the text part quotes the post's Markdown and drops control characters")
    func parts() {
        let body = Self.mail(subject: "<script>").body
        let html = body.html(title: "<script>")
        #expect(html.contains("<title>&lt;script&gt;</title>"))
        #expect(html.contains("<h1>&lt;b&gt;Title&lt;/b&gt;</h1>"))
        #expect(html.contains("<p>Tom &amp; Jerry</p>"))
        #expect(html.contains("<blockquote><p><em>hi</em></p></blockquote>"))
        #expect(html.contains("href=\"https://x.example/d/1?a=1&amp;b=2\">A &quot;quoted&quot; title</a>"))
        let text = body.text()
        #expect(text.contains("Tom & Jerry\n") || text.contains("Tom & Jerry\n\n"))
        #expect(!text.contains("\u{07}"))
        #expect(text.contains("Amara:\n\n> *hi*\n> there"))
        #expect(text.contains("- A \"quoted\" title\n  https://x.example/d/1?a=1&b=2"))
        #expect(text.contains("-- \nWhy you got this\nStop: https://x.example/u"))
    }

    @Test("every kind's stored name reads back as the same kind; unknown names are refused")
    func kinds() {
        let kinds: [MailKind] = [.verifyAddress, .passwordReset, .addressChanged, .signUpExisting, .digest]
            + NotificationKind.allCases.map { .notification($0) }
        for kind in kinds { #expect(MailKind(rawValue: kind.rawValue) == kind) }
        #expect(MailKind(rawValue: "notification:nope") == nil)
        #expect(MailKind(rawValue: "spam") == nil)
        #expect(kinds.filter(\.isAccountMail).count == 4)
    }
}
