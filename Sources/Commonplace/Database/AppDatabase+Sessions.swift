import Foundation
import GRDB

/// A signed-in visitor as loaded for one request.
struct Visitor: Sendable {
    let session: Session
    let user: User
    let memberships: [Int64: Membership.Role]
    /// Communities where the user is silenced, until when.
    var silences: [Int64: Date]
}

extension AppDatabase {
    /// Stores a new session row (the token's hash only).
    public func createSession(_ session: Session) async throws -> Session {
        try await writer.write { db in
            var session = session
            try session.insert(db)
            return session
        }
    }

    /// The visitor behind a session cookie's token (its session, user and community roles), if the session is live at
    /// `now`: from memory (`visitorCache`, dropped by any change to sessions, accounts or memberships), or read by the
    /// token's hash. Kept by the token itself, so a page view does not hash it again; the database only ever holds
    /// the hash.
    func liveSession(token: String, now: Date, idleTimeout: TimeInterval) async throws -> Visitor? {
        let visitor = try visitorCache.value(for: token) {
            let tokenHash = RandomToken.sha256(token)
            return try readNow { db -> Visitor? in
                guard let session = try Session.fetchOne(db, cached: "SELECT * FROM session WHERE token_hash = ?", [tokenHash]),
                      let user = try User.fetchOne(db, cached: "SELECT * FROM user WHERE id = ?", [session.userId])
                else { return nil }
                let memberships = try Membership.fetchAll(db, cached: "SELECT * FROM membership WHERE user_id = ?", [session.userId])
                let roles = Visitor.roles(memberships)
                return Visitor(session: session, user: user, memberships: roles.memberships, silences: roles.silences)
            }
        }
        guard var visitor, visitor.session.expiresAt > now, visitor.session.lastSeenAt.addingTimeInterval(idleTimeout) > now
        else { return nil }
        // Silences end by the clock, not by a write: only those still running at `now`.
        if !visitor.silences.isEmpty { visitor.silences = visitor.silences.filter { $0.value > now } }
        return visitor
    }

    /// A user's role in each community they belong to.
    static func roles(_ db: Database, userID: Int64) throws -> [Int64: Membership.Role] {
        var roles: [Int64: Membership.Role] = [:]
        for membership in try Membership.filter(Column("user_id") == userID).fetchAll(db) {
            roles[membership.communityId] = membership.role
        }
        return roles
    }

    /// The communities where these memberships are silenced at `now`, until when.
    static func silences(_ memberships: [Membership], now: Date) -> [Int64: Date] {
        var result: [Int64: Date] = [:]
        for m in memberships { if let until = m.silencedUntil, until > now { result[m.communityId] = until } }
        return result
    }

    /// Records activity on a session (called at most every few minutes per session, not per page view).
    func touchSession(id: Int64, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE session SET last_seen_at = ? WHERE id = ?", arguments: [now, id])
        }
    }

    /// The account's sessions that are still live, newest activity first.
    public func sessions(userID: Int64, now: Date, idleTimeout: TimeInterval) async throws -> [Session] {
        try await reader.read { db in
            try Session
                .filter(Column("user_id") == userID)
                .filter(Column("expires_at") > now)
                .filter(Column("last_seen_at") > now.addingTimeInterval(-idleTimeout))
                .order(Column("last_seen_at").desc)
                .fetchAll(db)
        }
    }

    public func session(id: Int64) async throws -> Session? {
        try await reader.read { db in try Session.fetchOne(db, key: id) }
    }

    /// Ends one session on the server.
    public func deleteSession(id: Int64) async throws {
        try await writer.write { db in _ = try Session.deleteOne(db, key: id) }
    }

    /// Removes expired sessions, and sign-in failures and sign-up attempts older than the throttle's window.
    public func pruneExpired(now: Date, idleTimeout: TimeInterval, failureWindow: TimeInterval) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "DELETE FROM session WHERE expires_at <= ? OR last_seen_at <= ?",
                arguments: [now, now.addingTimeInterval(-idleTimeout)])
            try db.execute(
                sql: "DELETE FROM sign_in_failure WHERE created_at <= ?",
                arguments: [now.addingTimeInterval(-failureWindow)])
            try db.execute(
                sql: "DELETE FROM sign_up_attempt WHERE created_at <= ?",
                arguments: [now.addingTimeInterval(-failureWindow)])
        }
    }

    // MARK: - Sign-in throttling

    /// Failed sign-ins since `since` for this account key and for this client address.
    func recentFailures(accountKey: String, clientAddress: String, since: Date) async throws -> (account: Int, client: Int) {
        try await reader.read { db in
            let account = try SignInFailure
                .filter(Column("account_key") == accountKey && Column("created_at") > since)
                .fetchCount(db)
            let client = try SignInFailure
                .filter(Column("client_address") == clientAddress && Column("created_at") > since)
                .fetchCount(db)
            return (account, client)
        }
    }

    func recordFailure(accountKey: String, clientAddress: String, now: Date) async throws {
        try await writer.write { db in
            var failure = SignInFailure(accountKey: accountKey, clientAddress: clientAddress, createdAt: now)
            try failure.insert(db)
        }
    }

    // MARK: - Sign-up throttling

    /// Sign-up attempts from this client address since `since`, and the oldest of them.
    func recentSignUps(clientAddress: String, since: Date) async throws -> (count: Int, oldest: Date?) {
        try await reader.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), MIN(created_at) FROM sign_up_attempt WHERE client_address = ? AND created_at > ?",
                arguments: [clientAddress, since]) else { return (0, nil) }
            return (try row.decode(Int.self, atIndex: 0), try row.storedDateIfPresent(atIndex: 1))
        }
    }

    func recordSignUpAttempt(clientAddress: String, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO sign_up_attempt (client_address, created_at) VALUES (?, ?)",
                           arguments: [clientAddress, now])
        }
    }

    /// The oldest failure still inside the window, to tell the user when they may try again.
    func oldestFailure(accountKey: String, clientAddress: String, since: Date) async throws -> Date? {
        try await reader.read { db in
            try Date.fetchOne(
                db,
                sql: """
                    SELECT MIN(created_at) FROM sign_in_failure
                    WHERE (account_key = ? OR client_address = ?) AND created_at > ?
                    """,
                arguments: [accountKey, clientAddress, since])
        }
    }
}
