import Foundation
import GRDB

/// The owner of a private feed address, as the database says they are at the request.
struct FeedReader: Sendable {
    let token: FeedToken
    /// The owner's Guardian (account, memberships and silences read with the token).
    let guardian: Guardian
}

extension AppDatabase {
    /// The member's private feed token row (its hash, when made, when last used), if they have one.
    public func feedToken(userID: Int64) async throws -> FeedToken? {
        try readNow { db in try FeedToken.fetchOne(db, cached: "SELECT * FROM feed_token WHERE user_id = ?", [userID]) }
    }

    /// Gives the member a private feed address with this token hash, replacing any earlier one (whose feeds stop
    /// answering at once). `check` is `Guardian.ensureCanMakeFeedToken` asked again inside the write.
    public func makeFeedToken(userID: Int64, tokenHash: String, now: Date, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "DELETE FROM feed_token WHERE user_id = ?", arguments: [userID])
            var token = FeedToken(userId: userID, tokenHash: tokenHash, createdAt: now, lastUsedAt: nil)
            try token.insert(db)
        }
    }

    /// Ends the member's private feed address; false when there was none.
    @discardableResult
    public func revokeFeedToken(userID: Int64, checking check: WriteCheck) async throws -> Bool {
        try await write(checking: check) { db in
            try db.execute(sql: "DELETE FROM feed_token WHERE user_id = ?", arguments: [userID])
            return db.changesCount > 0
        }
    }

    /// Who reads with this token hash: the token row and its owner's Guardian at `now`, read together (three
    /// primary-key or indexed reads through cached statements), or nil for an unknown or revoked token.
    func feedReader(tokenHash: String, now: Date) throws -> FeedReader? {
        try readNow { db in
            guard let token = try FeedToken.fetchOne(db, cached: "SELECT * FROM feed_token WHERE token_hash = ?", [tokenHash])
            else { return nil }
            let guardian = try Guardian.reread(db, userID: token.userId, now: now)
            guard guardian.isSignedIn else { return nil }
            return FeedReader(token: token, guardian: guardian)
        }
    }

    /// Records that a private feed was read, when the last record is older than `FeedToken.touchInterval`.
    func touchFeedToken(_ token: FeedToken, now: Date) async throws {
        if let last = token.lastUsedAt, now.timeIntervalSince(last) < FeedToken.touchInterval { return }
        try await writer.write { db in
            try db.execute(sql: "UPDATE feed_token SET last_used_at = ? WHERE user_id = ? AND token_hash = ?",
                           arguments: [now, token.userId, token.tokenHash])
        }
    }
}
