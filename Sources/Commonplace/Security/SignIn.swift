import Foundation
import Hummingbird

/// Checking a password for sign-in: throttled, same work for unknown emails and wrong passwords,
/// and weak hashes upgraded once the password is known to be right. Throws `PasswordHasher.Busy` (429) at once
/// when hashing is saturated.
struct SignIn {
    let services: AppServices

    enum Outcome {
        case success(User)
        case wrongCredentials
        case throttled(until: Date)
    }

    func attempt(email: String, password: String, clientAddress: String) async throws -> Outcome {
        let database = services.database
        let throttle = services.config.signInThrottle
        let now = services.now
        // In a flood, an attempt that could not be hashed soon is refused (429) before any database work.
        try services.hasher.ensureCapacity()
        if let until = try await throttle.lockedUntil(email: email, clientAddress: clientAddress, database: database, now: now) {
            return .throttled(until: until)
        }
        let user = try await database.user(email: email)
        // Unknown emails are verified against a decoy hash, so both answers take as long.
        let matches = try await services.hasher.verify(password, against: user?.passwordHash)
        guard matches, let user, let userID = user.id else {
            try await database.recordFailure(accountKey: SignInThrottle.accountKey(email), clientAddress: clientAddress, now: services.now)
            return .wrongCredentials
        }
        if services.hasher.needsUpgrade(user.passwordHash) {
            let stronger = try await services.hasher.hash(password)
            try await database.upgradePasswordHash(userID: userID, from: user.passwordHash, to: stronger)
        }
        return .success(user)
    }
}

/// Creating sessions: a fresh 256-bit token each time, only its SHA-256 stored.
struct SessionIssuer {
    let services: AppServices

    /// Stores a new session for `user` and returns the cookie carrying its token.
    func start(for user: User, userAgent: String, clientAddress: String) async throws -> Cookie {
        let token = RandomToken.urlSafe(bytes: 32)
        let now = services.now
        let lifetime = services.config.sessionLifetime
        _ = try await services.database.createSession(Session(
            userId: user.id!, tokenHash: RandomToken.sha256(token), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(lifetime), userAgent: String(userAgent.prefix(300)),
            clientAddress: clientAddress))
        return services.cookies.make(services.cookies.session, value: token, maxAge: Int(lifetime))
    }

    /// A cookie that removes the session cookie from the browser.
    func clearingCookie() -> Cookie {
        services.cookies.make(services.cookies.session, value: "", maxAge: 0)
    }
}
