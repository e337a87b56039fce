import Foundation
@testable import Commonplace

extension TestApp {
    /// Gives `browser` a session for `user` without the sign-in form, which refuses suspended accounts: tests of what a
    /// suspended account may still do (read, not act) start here, as a session that predates the suspension would.
    func startSession(for user: User, in browser: Browser) async throws {
        let token = RandomToken.urlSafe(bytes: 32)
        let now = clock.now
        _ = try await database.createSession(Session(
            userId: user.id!, tokenHash: RandomToken.sha256(token), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(3600), userAgent: "test", clientAddress: "test"))
        browser.setCookie(CookieNames(secure: config.secureCookies).session, token)
    }
}
