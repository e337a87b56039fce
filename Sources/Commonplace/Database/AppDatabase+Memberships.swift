import Foundation
import GRDB

/// A member with their account, for the members page.
public struct MemberRow: Decodable, FetchableRecord, Sendable {
    public var membership: Membership
    public var user: User
}

/// A join request with its applicant, for the moderators' queue.
public struct JoinRequestRow: Decodable, FetchableRecord, Sendable {
    public var joinRequest: JoinRequest
    public var user: User
}

extension Membership {
    static let user = belongsTo(User.self, using: ForeignKey(["user_id"]))
}

extension JoinRequest {
    static let user = belongsTo(User.self, using: ForeignKey(["user_id"]))
}

extension AppDatabase {
    public func membership(communityID: Int64, userID: Int64) async throws -> Membership? {
        try await reader.read { db in
            try Membership.filter(Column("community_id") == communityID && Column("user_id") == userID).fetchOne(db)
        }
    }

    /// Adds `userID` to the community (nothing if already a member); returns false when they already were.
    @discardableResult
    public func addMember(communityID: Int64, userID: Int64, role: Membership.Role = .member, now: Date,
                          checking check: WriteCheck) async throws -> Bool {
        try await write(checking: check) { db in try Self.addMember(db, communityID: communityID, userID: userID, role: role, now: now) }
    }

    static func addMember(_ db: Database, communityID: Int64, userID: Int64, role: Membership.Role, now: Date) throws -> Bool {
        let existing = try Membership.filter(Column("community_id") == communityID && Column("user_id") == userID).fetchOne(db)
        guard existing == nil else { return false }
        var membership = Membership(communityId: communityID, userId: userID, role: role, createdAt: now)
        try membership.insert(db)
        // A pending request is settled by joining some other way (an invitation, say).
        try db.execute(
            sql: "UPDATE join_request SET status = 'approved', decided_at = ? WHERE community_id = ? AND user_id = ? AND status = 'pending'",
            arguments: [now, communityID, userID])
        return true
    }

    /// Removes a membership: leaving (no log), or removal by a moderator (`log`, written in the same transaction).
    public func removeMember(communityID: Int64, userID: Int64, log: ModerationAction? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "DELETE FROM membership WHERE community_id = ? AND user_id = ?", arguments: [communityID, userID])
            if let log { try Self.log(db, log) }
        }
    }

    /// Silences a member in the community until `until` (they can read, not post), or lifts it (`until` nil).
    public func setSilence(communityID: Int64, userID: Int64, until: Date?, reason: String, log: ModerationAction,
                           checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var membership = try Membership
                .filter(Column("community_id") == communityID && Column("user_id") == userID).fetchOne(db)
            else { throw AppError.notFound }
            membership.silencedUntil = until
            membership.silenceReason = until == nil ? "" : reason
            try membership.update(db)
            try Self.log(db, log)
        }
    }

    /// Changes a member's role; a site admin's appointment or dismissal (`actorID`) is logged in the same transaction.
    public func setRole(communityID: Int64, userID: Int64, role: Membership.Role, actorID: Int64? = nil, now: Date = Date(),
                        checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try db.execute(sql: "UPDATE membership SET role = ? WHERE community_id = ? AND user_id = ?",
                           arguments: [role.rawValue, communityID, userID])
            guard let actorID, db.changesCount > 0 else { return }
            let handle = try String.fetchOne(db, sql: "SELECT handle FROM user WHERE id = ?", arguments: [userID]) ?? ""
            try Self.log(db, ModerationAction(
                communityId: communityID, actorId: actorID, action: role == .moderator ? .appointModerator : .dismissModerator,
                targetType: .user, targetId: userID, targetLabel: "@\(handle)", createdAt: now))
        }
    }

    /// Moderators first, then members by name.
    public func members(communityID: Int64) async throws -> [MemberRow] {
        try await reader.read { db in
            try Membership
                .filter(Column("community_id") == communityID)
                .including(required: Membership.user)
                .order(sql: "membership.role = 'moderator' DESC, user.display_name COLLATE NOCASE")
                .asRequest(of: MemberRow.self)
                .fetchAll(db)
        }
    }

    public func memberCount(communityID: Int64) async throws -> Int {
        // Kept by triggers (migration 0014), not counted on every view.
        try readNow { db in try Int.fetchOne(db, cached: "SELECT member_count FROM community WHERE id = ?", [communityID]) ?? 0 }
    }

    // MARK: - Screening questions

    public func joinQuestions(communityID: Int64) async throws -> [JoinQuestion] {
        try await reader.read { db in
            try JoinQuestion.filter(Column("community_id") == communityID).order(Column("position")).fetchAll(db)
        }
    }

    /// Replaces the community's screening questions (empty strings dropped, at most five); a moderator's change is logged.
    public func setJoinQuestions(communityID: Int64, _ texts: [String], log: ModerationAction? = nil, checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            if let log { try Self.log(db, log) }
            try db.execute(sql: "DELETE FROM join_question WHERE community_id = ?", arguments: [communityID])
            for (index, text) in texts.prefix(JoinQuestion.maxCount).enumerated() {
                var question = JoinQuestion(communityId: communityID, position: index + 1, text: text)
                try question.insert(db)
            }
        }
    }

    // MARK: - Join requests

    /// Files a request; throws `AppError.conflict` if one is pending or the user is a member already.
    public func createJoinRequest(_ request: JoinRequest, checking check: WriteCheck) async throws -> JoinRequest {
        try await write(checking: check) { db in
            if try Membership.filter(Column("community_id") == request.communityId && Column("user_id") == request.userId).fetchCount(db) > 0 {
                throw AppError.conflict("You are already a member of this community.")
            }
            let pending = try JoinRequest
                .filter(Column("community_id") == request.communityId && Column("user_id") == request.userId && Column("status") == "pending")
                .fetchCount(db)
            if pending > 0 { throw AppError.conflict("Your request to join is already waiting for the moderators.") }
            var request = request
            try request.insert(db)
            try Self.record(db, Event(kind: .joinRequested, actorID: request.userId, communityID: request.communityId,
                                      subjectID: request.id, createdAt: request.createdAt))
            return request
        }
    }

    /// The user's latest request to this community, if any.
    public func latestJoinRequest(communityID: Int64, userID: Int64) async throws -> JoinRequest? {
        try readNow { db in
            try JoinRequest.fetchOne(db, cached: """
                SELECT * FROM join_request WHERE community_id = ? AND user_id = ? ORDER BY created_at DESC, id DESC LIMIT 1
                """, [communityID, userID])
        }
    }

    public func joinRequest(id: Int64) async throws -> JoinRequest? {
        try await reader.read { db in try JoinRequest.fetchOne(db, key: id) }
    }

    public func pendingJoinRequests(communityID: Int64) async throws -> [JoinRequestRow] {
        try await reader.read { db in
            try JoinRequest
                .filter(Column("community_id") == communityID && Column("status") == "pending")
                .including(required: JoinRequest.user)
                .order(Column("created_at"))
                .asRequest(of: JoinRequestRow.self)
                .fetchAll(db)
        }
    }

    public func pendingJoinRequestCount(communityID: Int64) async throws -> Int {
        try readNow { db in
            try Int.fetchOne(db, cached: "SELECT COUNT(*) FROM join_request WHERE community_id = ? AND status = 'pending'", [communityID]) ?? 0
        }
    }

    /// Approves (adding the member) or declines a pending request, in one transaction.
    public func decideJoinRequest(id: Int64, approve: Bool, reason: String, moderatorID: Int64, now: Date,
                                  checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            guard var request = try JoinRequest.fetchOne(db, key: id) else { throw AppError.notFound }
            guard request.status == .pending else { throw AppError.conflict("This request was already decided.") }
            request.status = approve ? .approved : .declined
            request.reason = reason
            request.decidedBy = moderatorID
            request.decidedAt = now
            try request.update(db)
            if approve {
                _ = try Self.addMember(db, communityID: request.communityId, userID: request.userId, role: .member, now: now)
            }
            try Self.record(db, Event(kind: .joinDecided, actorID: moderatorID, communityID: request.communityId,
                                      subjectID: request.userId, detail: EventDetail(reason: reason.isEmpty ? nil : reason, approved: approve),
                                      createdAt: now))
            let applicant = try User.fetchOne(db, key: request.userId)
            try Self.log(db, ModerationAction(
                communityId: request.communityId, actorId: moderatorID, action: approve ? .approveJoin : .declineJoin,
                targetType: .user, targetId: request.userId, targetLabel: applicant.map { "@\($0.handle)" } ?? "",
                reason: reason, createdAt: now))
        }
    }

    // MARK: - Invitations

    /// Stores an invitation and logs it as its moderator's action.
    public func createInvitation(_ invitation: Invitation, checking check: WriteCheck) async throws -> Invitation {
        try await write(checking: check) { db in
            var invitation = invitation
            try invitation.insert(db)
            let invitee = try invitation.inviteeUserId.flatMap { try User.fetchOne(db, key: $0) }
            try Self.log(db, ModerationAction(
                communityId: invitation.communityId, actorId: invitation.invitedBy, action: .invite,
                targetType: .invitation, targetId: invitation.id,
                targetLabel: invitee.map { "@\($0.handle)" } ?? invitation.inviteeEmail, createdAt: invitation.createdAt))
            return invitation
        }
    }

    public func invitation(tokenHash: String) async throws -> Invitation? {
        try await reader.read { db in try Invitation.filter(Column("token_hash") == tokenHash).fetchOne(db) }
    }

    /// Invitations still open (unused, unexpired), newest first.
    public func openInvitations(communityID: Int64, now: Date) async throws -> [Invitation] {
        try await reader.read { db in
            try Invitation
                .filter(Column("community_id") == communityID && Column("used_at") == nil && Column("expires_at") > now)
                .order(Column("created_at").desc)
                .fetchAll(db)
        }
    }

    /// Open invitations addressed to this user (by account or by email).
    public func invitations(forUser user: User, now: Date) async throws -> [Invitation] {
        try await reader.read { db in
            try Invitation
                .filter(Column("used_at") == nil && Column("expires_at") > now)
                .filter(Column("invitee_user_id") == user.id || Column("invitee_email") == user.email)
                .fetchAll(db)
        }
    }

    /// Uses an invitation: single use, unexpired, for this user; adds the membership in the same transaction.
    public func acceptInvitation(tokenHash: String, user: User, now: Date, checking check: WriteCheck) async throws -> Invitation {
        try await write(checking: check) { db in
            guard var invitation = try Invitation.filter(Column("token_hash") == tokenHash).fetchOne(db) else {
                throw AppError.notFound
            }
            guard invitation.usedAt == nil else { throw AppError.conflict("This invitation has already been used.") }
            guard invitation.expiresAt > now else {
                throw AppError.conflict("This invitation has expired. Ask a moderator of the community for a new one.")
            }
            if let invitee = invitation.inviteeUserId, invitee != user.id {
                throw AppError.forbidden("This invitation is for another account.")
            }
            if !invitation.inviteeEmail.isEmpty, invitation.inviteeEmail != user.email {
                throw AppError.forbidden("This invitation is for another email address.")
            }
            invitation.usedAt = now
            invitation.usedBy = user.id
            try invitation.update(db)
            _ = try Self.addMember(db, communityID: invitation.communityId, userID: user.id!, role: .member, now: now)
            return invitation
        }
    }
}
