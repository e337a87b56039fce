import Foundation
import GRDB
@testable import Commonplace

/// Queueing and delivering email in tests: rows written as the other branches write them (`enqueueMail` inside a
/// transaction), a mail service driven step by step (`runOnce()`) at the test clock, and the outbox read back.
extension TestApp {
    static let mailFrom = MailAddress("Commonplace Forum <forum@example.org>")!

    /// Queues `mail` as its cause would (inside a write), returning the row's id.
    @discardableResult
    func queue(_ mail: OutgoingMail) async throws -> Int64 {
        let now = clock.now
        return try await database.writer.write { db in
            try AppDatabase.enqueueMail(db, mail, now: now)
            return try Int64.fetchOne(db, sql: "SELECT id FROM mail_outbox WHERE to_address = ? AND dedupe_key = ?",
                                      arguments: [User.normalizedEmail(mail.to), mail.kind.rawValue + "/" + mail.object])!
        }
    }

    /// The mail service on `transport`, at the test clock.
    func mailService(_ transport: any MailTransport, dailyCap: Int = MailSettings().dailyCap) -> MailService {
        MailService(database: database, transport: transport, from: Self.mailFrom, dailyCap: dailyCap, clock: clock.appClock)
    }

    /// One outbox row.
    func outboxRow(_ id: Int64) async throws -> OutboxMessage {
        try await database.reader.read { db in
            try OutboxMessage(row: Row.fetchOne(db, sql: "SELECT * FROM mail_outbox WHERE id = ?", arguments: [id])!)
        }
    }

    /// Marks the account's address verified now.
    func verifyEmail(_ user: User) async throws {
        let now = clock.now
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE user SET email_verified_at = ? WHERE id = ?", arguments: [now, user.id])
        }
    }
}

/// Emails to queue in tests.
enum TestMail {
    /// A title no header or HTML part may carry raw.
    static let hostileTitle = "<script>alert(\"x\")</script> & Co — café ✓\r\nBcc: victim@example.org"

    /// A notification email about a post, to `user`, with threading and one-click unsubscribe.
    static func notification(to user: User, object: String = "post:1", subject: String = "New reply", discussionID: Int64? = nil,
                             communityID: Int64? = nil, postID: Int64? = nil, notificationID: Int64? = nil,
                             skipIfActive: Bool = false, body: String = "A reply.\n.A line that starts with a dot.") -> OutgoingMail {
        OutgoingMail(userID: user.id, to: user.email, kind: .notification(.reply), object: object, subject: subject,
                     body: MailBody([.heading(subject), .paragraph(body),
                                     .post(author: "Amara", markdown: "*Seven* years.", html: "<p><em>Seven</em> years.</p>"),
                                     .button(label: "Read it", url: "https://forum.example.org/d/42#p2"),
                                     .footer("You get this because you asked the question.",
                                             link: .init(label: "Stop these emails", url: "https://forum.example.org/unsubscribe/tok")) ]),
                     threadKey: "discussion-42", unsubscribeURL: "https://forum.example.org/unsubscribe/tok",
                     communityID: communityID, discussionID: discussionID, postID: postID, notificationID: notificationID,
                     skipIfActive: skipIfActive)
    }

    /// An account email (a password reset) to `address`.
    static func account(to address: String, userID: Int64? = nil, object: String = "token:1") -> OutgoingMail {
        OutgoingMail(userID: userID, to: address, kind: .passwordReset, object: object, subject: "Reset your password",
                     body: MailBody([.paragraph("Someone asked to reset the password."),
                                     .button(label: "Choose a new password", url: "https://forum.example.org/password/reset/abc")]))
    }
}
