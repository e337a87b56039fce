import Foundation
import GRDB
import Testing
@testable import Commonplace

/// A queued email as the account tests read it from `mail_outbox`.
struct QueuedMail: Sendable {
    let userID: Int64?
    let to: String
    let kind: String
    let subject: String
    let text: String
    let html: String
    let unsubscribeURL: String?
    let threadKey: String?

    /// The site path of the first link in the text part that starts with `prefix` (`/password/reset/` …), without the
    /// public base URL the email carries.
    func link(_ prefix: String, base: String) -> String? {
        guard let start = text.range(of: base + prefix) else { return nil }
        let rest = text[start.lowerBound...].dropFirst(base.count)
        return String(rest.prefix { !$0.isWhitespace })
    }
}

extension TestApp {
    /// Every queued email, oldest first (optionally of one kind).
    func outbox(kind: MailKind? = nil) async throws -> [QueuedMail] {
        try await database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM mail_outbox ORDER BY id").map { row in
                QueuedMail(userID: row["user_id"], to: row["to_address"], kind: row["kind"], subject: row["subject"],
                           text: row["text_body"], html: row["html_body"], unsubscribeURL: row["unsubscribe_url"],
                           threadKey: row["thread_key"])
            }.filter { kind == nil || $0.kind == kind!.rawValue }
        }
    }

    /// The path of the newest link starting with `prefix` in the newest email of `kind` to `to`.
    func mailedLink(_ prefix: String, kind: MailKind, to: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let mail = try #require(try await outbox(kind: kind).last { $0.to == to }, "no \(kind.rawValue) email to \(to)",
                                sourceLocation: sourceLocation)
        return try #require(mail.link(prefix, base: config.publicBaseURL), "no \(prefix) link in: \(mail.text)",
                            sourceLocation: sourceLocation)
    }

    /// Marks the account's address verified (as following its link would).
    func verify(_ user: User) async throws {
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE user SET email_verified_at = ? WHERE id = ?", arguments: [clock.now, user.id!])
        }
    }
}
