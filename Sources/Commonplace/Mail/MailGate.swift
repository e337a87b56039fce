import Foundation
import GRDB

/// The send-time decision: asked right before a message goes out, on the database as it is then.
///
/// Account mail (verification, password reset, notices about the account) always goes. Any other kind is dropped,
/// with the reason kept in `last_reply`, when:
/// - the account is gone or suspended;
/// - the address is no longer the account's, or not verified;
/// - the recipient may no longer see what it is about (the Guardian, built for them as the fan-out builds it: the
///   community, the discussion, the post; for a notification, the notification's own rule);
/// - the in-site notification it repeats was read, or is gone;
/// - it waits for inactivity (`skip_if_active`) and they used the site after it was queued;
/// - they already received `dailyCap` such emails in the last 24 hours.
/// Nothing else decides at send time: what to queue is decided when queueing.
enum MailGate {
    enum Decision: Equatable {
        case send
        case drop(String)
    }

    /// The reasons, as stored in `last_reply` (tests and `/admin/mail` read them).
    enum Reason {
        static let noAccount = "dropped: no account"
        static let suspended = "dropped: the account is suspended"
        static let addressChanged = "dropped: the address is no longer the account's"
        static let unverified = "dropped: the address is not verified"
        static let cannotSee = "dropped: the recipient may no longer see it"
        static let read = "dropped: already read in the site"
        static let active = "dropped: the recipient used the site since"
        static let unknownKind = "dropped: unknown kind of email"
        static func cap(_ cap: Int) -> String { "dropped: the daily cap of \(cap) emails was reached" }
    }

    static func decide(_ db: Database, _ message: OutboxMessage, now: Date, dailyCap: Int) throws -> Decision {
        guard let kind = message.kind else { return .drop(Reason.unknownKind) }
        if kind.isAccountMail { return .send }
        guard let userID = message.userID,
              let user = try User.fetchOne(db, cached: "SELECT * FROM user WHERE id = ?", [userID])
        else { return .drop(Reason.noAccount) }
        if user.isSuspended(at: now) { return .drop(Reason.suspended) }
        if User.normalizedEmail(user.email) != message.to { return .drop(Reason.addressChanged) }
        if user.emailVerifiedAt == nil { return .drop(Reason.unverified) }
        if try !maySee(db, message, kind: kind, userID: userID, now: now) { return .drop(Reason.cannotSee) }
        if let notificationID = message.notificationID {
            let readAt = try Row.fetchOne(db.cachedStatement(sql: "SELECT read_at IS NOT NULL FROM notification WHERE id = ? AND user_id = ?"),
                                          arguments: [notificationID, userID])
            if readAt.map({ $0[0] as Bool }) ?? true { return .drop(Reason.read) }
        }
        if message.skipIfActive {
            let active = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM session WHERE user_id = ? AND last_seen_at > ?)
                """), arguments: [userID, message.createdAt]) ?? false
            if active { return .drop(Reason.active) }
        }
        let sentToday = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM mail_outbox WHERE user_id = ? AND status = 'sent' AND sent_at > ?
              AND kind NOT IN ('verify_address', 'password_reset', 'address_changed', 'sign_up_existing')
            """), arguments: [userID, now.addingTimeInterval(-86_400)]) ?? 0
        if sentToday >= dailyCap { return .drop(Reason.cap(dailyCap)) }
        return .send
    }

    /// Whether the recipient may still see the message's targets, each read again (one gone: no).
    private static func maySee(_ db: Database, _ message: OutboxMessage, kind: MailKind, userID: Int64, now: Date) throws -> Bool {
        guard message.communityID != nil || message.discussionID != nil || message.postID != nil else { return true }
        let guardian = try Guardian.reread(db, userID: userID, now: now)
        var post: Post?
        var discussion: Discussion?
        if let id = message.postID {
            guard let found = try Post.fetchOne(db, cached: "SELECT * FROM post WHERE id = ?", [id]) else { return false }
            post = found
        }
        if let id = message.discussionID ?? post?.discussionId {
            guard let found = try Discussion.fetchOne(db, cached: "SELECT * FROM discussion WHERE id = ?", [id]) else { return false }
            discussion = found
        }
        guard let communityID = message.communityID ?? discussion?.communityId,
              let community = try Community.fetchOne(db, cached: "SELECT * FROM community WHERE id = ?", [communityID])
        else { return false }
        if case .notification(let notificationKind) = kind {
            return guardian.canSeeNotification(notificationKind, community: community, discussion: discussion, post: post)
        }
        guard guardian.isSignedIn, !guardian.isSuspended, guardian.canSee(community) else { return false }
        if let discussion, !guardian.canSee(discussion, in: community) { return false }
        if let post, !guardian.canSeeContent(of: post, in: community) { return false }
        return true
    }
}

extension AppDatabase {
    /// The send-time decision for `message` (see `MailGate`), in one read.
    func mailDecision(_ message: OutboxMessage, now: Date, dailyCap: Int) async throws -> MailGate.Decision {
        try await reader.read { db in try MailGate.decide(db, message, now: now, dailyCap: dailyCap) }
    }
}
