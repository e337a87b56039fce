import Foundation
import GRDB

/// The single-use links of account email, each written with its email in one transaction (`enqueueMail`): if the
/// transaction rolls back, no link was promised; if it commits, the mail service sends it.
extension AppDatabase {
    // MARK: - Sign-up

    /// Creates an account with its verification link and the email carrying it, together. Throws `AccountConflict`
    /// when the handle or the address is taken (nothing written).
    /// `invitationTokenHash`: the invitation link the sign-up came with. The site's registration policy and allowed
    /// domains are asked again here, on the settings and the invitation as the transaction sees them (throws
    /// `SignUpRules.Refusal`); an invitation that admits the address is used, and its community joined, in the same
    /// transaction.
    func createUser(_ user: User, verification: IssuedToken, mail: AccountMail, now: Date,
                    invitationTokenHash: String?) async throws -> User {
        try await writeBarrier.pass()
        return try await writer.write { db in
            let site = try siteSettingsNow(db)
            let invitation = try invitationTokenHash.flatMap { hash in
                try Invitation.fetchOne(db, sql: "SELECT * FROM invitation WHERE token_hash = ?", arguments: [hash])
            }
            if let refusal = SignUpRules.refusal(site, email: user.email, invitation: invitation,
                                                 invitationGiven: invitationTokenHash != nil, now: now) {
                throw refusal
            }
            let user = try Self.insertUser(db, user)
            // An inactive community takes no new members: the account is made, the invitation stays unused.
            if var used = invitation, SignUpRules.accepts(used, email: user.email, now: now),
               try Community.fetchOne(db, key: used.communityId)?.status == .active {
                used.usedAt = now
                used.usedBy = user.id
                try used.update(db)
                _ = try Self.addMember(db, communityID: used.communityId, userID: user.id!, role: .member, now: now)
            }
            let token = try Self.issue(db, .verify, userID: user.id!, address: user.email, token: verification, now: now)
            try Self.enqueueMail(db, mail.verify(user, address: user.email, token: verification.token, purpose: .verify,
                                                 tokenID: token.id!), now: now)
            return user
        }
    }

    /// Tells the owner of `email` that someone tried to sign up with it (at most one such email a day); nothing when
    /// no account has the address (a race with its owner changing it).
    func noticeAddressInUse(email: String, mail: AccountMail, now: Date) async throws {
        try await writer.write { db in
            guard let owner = try User.fetchOne(db, cached: "SELECT * FROM user WHERE email = ?", [User.normalizedEmail(email)])
            else { return }
            try Self.enqueueMail(db, mail.addressInUse(owner, attempt: .signUp), now: now)
        }
    }

    // MARK: - Password reset

    /// "Forgot password": counts the request, and when an account has the address, replaces its unused reset links
    /// with a new one and queues the email. An unknown address costs the same work (one transaction, the email
    /// rendered and dropped), so neither the answer nor its timing says whether the address has an account.
    func requestPasswordReset(email: String, clientAddress: String, token: IssuedToken, mail: AccountMail, now: Date) async throws {
        let address = User.normalizedEmail(email)
        try await writer.write { db in
            try Self.recordAccountMailRequest(db, .reset, address: address, clientAddress: clientAddress, now: now)
            let owner = try User.fetchOne(db, cached: "SELECT * FROM user WHERE email = ?", [address])
            guard let owner else {
                let decoy = mail.passwordReset(User(handle: "", email: address, displayName: "", passwordHash: "", createdAt: now,
                                                    updatedAt: now), token: token.token, tokenID: 0)
                _ = (decoy.body.text(), decoy.body.html(title: decoy.subject), token.hash)
                return
            }
            try db.execute(sql: "DELETE FROM account_token WHERE user_id = ? AND purpose = 'reset' AND used_at IS NULL",
                           arguments: [owner.id!])
            let row = try Self.issue(db, .reset, userID: owner.id!, address: address, token: token, now: now)
            try Self.enqueueMail(db, mail.passwordReset(owner, token: token.token, tokenID: row.id!), now: now)
        }
    }

    /// Sets a new password with a reset link: the link is used up (with every other reset link of the account), every
    /// session of the account ends, and the address counts as verified (the link reached it). Throws
    /// `AccountLinkError` for a link that no longer works (nothing written).
    func resetPassword(tokenHash: String, newHash: String, now: Date) async throws -> User {
        try await writer.write { db in
            let (token, user) = try Self.usableLink(db, tokenHash: tokenHash, purposes: [.reset], now: now)
            try db.execute(sql: """
                UPDATE user SET password_hash = ?, email_verified_at = COALESCE(email_verified_at, ?), updated_at = ?
                WHERE id = ?
                """, arguments: [newHash, now, now, user.id!])
            try db.execute(sql: "UPDATE account_token SET used_at = ? WHERE id = ?", arguments: [now, token.id!])
            try db.execute(sql: "DELETE FROM account_token WHERE user_id = ? AND purpose = 'reset' AND used_at IS NULL",
                           arguments: [user.id!])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [user.id!])
            return try User.fetchOne(db, key: user.id!)!
        }
    }

    // MARK: - Verification and change of address

    /// Sends the verification link of the account's address again. 409 when the address is already verified.
    func resendVerification(userID: Int64, token: IssuedToken, clientAddress: String, mail: AccountMail, now: Date,
                            checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard let user = try User.fetchOne(db, key: userID) else { throw AppError.notFound }
            guard user.emailVerifiedAt == nil else { throw AppError.conflict("Your address is already confirmed.") }
            try Self.recordAccountMailRequest(db, .verify, address: user.email, clientAddress: clientAddress, now: now)
            let row = try Self.issue(db, .verify, userID: userID, address: user.email, token: token, now: now)
            try Self.enqueueMail(db, mail.verify(user, address: user.email, token: token.token, purpose: .verify, tokenID: row.id!),
                                 now: now)
        }
    }

    /// Asks to change the account's address to `newAddress` (already validated, not the current one): replaces any
    /// earlier pending change with a link for the new address. When another account has that address, its owner is
    /// told instead and no link is sent, but the request is recorded the same way (the pending change shows alike in
    /// settings, and can never complete), so the one asking cannot tell whether the address is taken.
    func requestAddressChange(userID: Int64, newAddress: String, token: IssuedToken, clientAddress: String, mail: AccountMail,
                              now: Date, checking check: WriteCheck) async throws {
        let address = User.normalizedEmail(newAddress)
        try await write(checking: check) { db in
            guard let user = try User.fetchOne(db, key: userID) else { throw AppError.notFound }
            try Self.recordAccountMailRequest(db, .change, address: address, clientAddress: clientAddress, now: now)
            try db.execute(sql: "DELETE FROM account_token WHERE user_id = ? AND purpose = 'change' AND used_at IS NULL",
                           arguments: [userID])
            let row = try Self.issue(db, .change, userID: userID, address: address, token: token, now: now)
            if let owner = try User.fetchOne(db, cached: "SELECT * FROM user WHERE email = ?", [address]) {
                try Self.enqueueMail(db, mail.addressInUse(owner, attempt: .change), now: now)
            } else {
                try Self.enqueueMail(db, mail.verify(user, address: address, token: token.token, purpose: .change, tokenID: row.id!),
                                     now: now)
            }
        }
    }

    /// Follows a verification link. `verify`: the account's address is verified, if it is still the one the link was
    /// sent to. `change`: the account's address becomes the link's (verified), if no account took it meanwhile; the
    /// other address links of the account stop working, and the old address is told. Throws `AccountLinkError` for a
    /// link that no longer works (nothing written).
    func followAddressLink(tokenHash: String, mail: AccountMail, now: Date) async throws -> User {
        try await writer.write { db in
            let (token, user) = try Self.usableLink(db, tokenHash: tokenHash, purposes: [.verify, .change], now: now)
            try db.execute(sql: "UPDATE account_token SET used_at = ? WHERE id = ?", arguments: [now, token.id!])
            switch token.purpose {
            case .change:
                try db.execute(sql: "UPDATE user SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ?",
                               arguments: [token.address, now, now, user.id!])
                // Every other link of the account was for an address it no longer has, or an older request.
                try db.execute(sql: "DELETE FROM account_token WHERE user_id = ? AND used_at IS NULL", arguments: [user.id!])
                try Self.enqueueMail(db, mail.addressChanged(user, from: user.email, to: token.address, tokenID: token.id!), now: now)
            case .verify, .reset:
                try db.execute(sql: "UPDATE user SET email_verified_at = COALESCE(email_verified_at, ?) WHERE id = ?",
                               arguments: [now, user.id!])
            }
            return try User.fetchOne(db, key: user.id!)!
        }
    }

    /// The link with this token hash and its account, if it can be followed now (for the page showing its form);
    /// throws `AccountLinkError` otherwise.
    func usableAccountLink(tokenHash: String, purposes: Set<AccountToken.Purpose>, now: Date) async throws -> (AccountToken, User) {
        try await reader.read { db in try Self.usableLink(db, tokenHash: tokenHash, purposes: purposes, now: now) }
    }

    /// The account's pending change of address (the newest unused, unexpired `change` link), if any.
    func pendingAddressChange(userID: Int64, now: Date) async throws -> AccountToken? {
        try await reader.read { db in
            try AccountToken.fetchOne(db, sql: """
                SELECT * FROM account_token WHERE user_id = ? AND purpose = 'change' AND used_at IS NULL AND expires_at > ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [userID, now])
        }
    }

    // MARK: - Throttling and pruning

    /// Requests of `purpose` since `since`: for this address and from this client, each with its oldest.
    func recentAccountMailRequests(purpose: String, addressKey: String, clientAddress: String, since: Date) async throws
        -> (address: (count: Int, oldest: Date?), client: (count: Int, oldest: Date?)) {
        try await reader.read { db in
            func count(_ column: String, _ value: String) throws -> (Int, Date?) {
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*), MIN(created_at) FROM account_mail_request
                    WHERE purpose = ? AND \(column) = ? AND created_at > ?
                    """, arguments: [purpose, value, since]) else { return (0, nil) }
                return (try row.decode(Int.self, atIndex: 0), try row.storedDateIfPresent(atIndex: 1))
            }
            return (try count("address_key", addressKey), try count("client_address", clientAddress))
        }
    }

    /// Removes expired links and requests older than the throttle's window.
    func pruneAccountTokens(now: Date, requestWindow: TimeInterval) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM account_token WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "DELETE FROM account_mail_request WHERE created_at <= ?", arguments: [now.addingTimeInterval(-requestWindow)])
        }
    }

    // MARK: - Inside the transactions

    /// Inserts an account; throws `AccountConflict` when the handle or the address is taken.
    static func insertUser(_ db: Database, _ user: User) throws -> User {
        if try User.filter(Column("handle") == user.handle).fetchCount(db) > 0 { throw AccountConflict.handleTaken }
        if try User.filter(Column("email") == user.email).fetchCount(db) > 0 { throw AccountConflict.emailTaken }
        var user = user
        try user.insert(db)
        return user
    }

    private static func issue(_ db: Database, _ purpose: AccountToken.Purpose, userID: Int64, address: String, token: IssuedToken,
                              now: Date) throws -> AccountToken {
        var row = AccountToken(purpose: purpose, userId: userID, address: User.normalizedEmail(address), tokenHash: token.hash,
                               createdAt: now, expiresAt: now.addingTimeInterval(AccountToken.lifetime(purpose)), usedAt: nil)
        try row.insert(db)
        return row
    }

    private static func recordAccountMailRequest(_ db: Database, _ purpose: AccountMailThrottle.Purpose, address: String,
                                                 clientAddress: String, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO account_mail_request (purpose, address_key, client_address, created_at) VALUES (?, ?, ?, ?)
            """, arguments: [purpose.rawValue, User.normalizedEmail(address), clientAddress, now])
    }

    /// The link and its account as they are in this transaction, or `AccountLinkError`: unknown, of another purpose,
    /// used or expired (`notUsable`); for an address the account no longer has, or (a change) one another account
    /// has now (`addressChanged`).
    private static func usableLink(_ db: Database, tokenHash: String, purposes: Set<AccountToken.Purpose>, now: Date) throws
        -> (AccountToken, User) {
        guard let token = try AccountToken.fetchOne(db, cached: "SELECT * FROM account_token WHERE token_hash = ?", [tokenHash]),
              purposes.contains(token.purpose), token.isUsable(at: now),
              let user = try User.fetchOne(db, key: token.userId)
        else { throw AccountLinkError.notUsable }
        switch token.purpose {
        case .verify, .reset:
            guard user.email == token.address else { throw AccountLinkError.addressChanged }
        case .change:
            let taken = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE email = ?", arguments: [token.address]) ?? 0
            guard taken == 0 else { throw AccountLinkError.addressChanged }
        }
        return (token, user)
    }
}
