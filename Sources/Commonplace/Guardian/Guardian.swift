import Foundation
import Hummingbird

/// Every permission rule lives here (split by resource into `Guardian+X.swift`).
/// Controllers ask `guardian.canX(…)` and call `try guardian.ensure(…)` right after loading.
public struct Guardian: Sendable {
    /// Who is asking. Anonymous visitors are a case, not a nil, so no rule forgets them.
    public enum Actor: Sendable, Equatable {
        case anonymous
        case member(User)
    }

    public let actor: Actor
    /// The actor's role in each community they belong to, by community id.
    public let memberships: [Int64: Membership.Role]
    /// Communities where a moderator has silenced the actor, until when.
    public let silences: [Int64: Date]
    /// The time rules are judged at (suspensions and silences end).
    public let now: Date

    /// The signed-in user's id (nil for anonymous visitors).
    let userID: Int64?
    public let isSignedIn: Bool
    public let isAdmin: Bool
    /// A suspended account may read but not act.
    public let isSuspended: Bool

    public init(_ user: User?, memberships: [Int64: Membership.Role] = [:], silences: [Int64: Date] = [:], now: Date = Date()) {
        actor = user.map(Actor.member) ?? .anonymous
        self.memberships = user == nil ? [:] : memberships
        self.silences = user == nil ? [:] : silences
        self.now = now
        // Worked out once: a page asks these for every post, and reading them from `user` would copy the account.
        userID = user?.id
        isSignedIn = user != nil
        isAdmin = user?.isAdmin ?? false
        isSuspended = user?.isSuspended(at: now) ?? false
    }

    /// The signed-in user, if any.
    public var user: User? {
        if case .member(let user) = actor { return user }
        return nil
    }

    /// Signed in and not suspended: may act at all.
    var canAct: Bool { isSignedIn && !isSuspended }

    /// Whether the actor is the owner of the account `userID`.
    func isSelf(_ userID: Int64?) -> Bool {
        guard let id = self.userID, let userID else { return false }
        return id == userID
    }

    /// Throws 403 when a rule says no (use 404 via `ensureVisible` for what may not even be seen).
    public func ensure(_ allowed: Bool, _ message: String = "You are not allowed to do that.") throws {
        guard allowed else { throw AppError.forbidden(message) }
    }

    /// Throws 404 when the actor may not see a thing: its existence is not revealed.
    public func ensureVisible(_ visible: Bool) throws {
        guard visible else { throw AppError.notFound }
    }

    /// Throws a redirect to sign-in for anonymous visitors.
    public func ensureSignedIn() throws {
        guard isSignedIn else { throw AppError.signInRequired }
    }

    /// Throws 403 with the suspension's reason for a suspended account.
    public func ensureNotSuspended() throws {
        guard let user, user.isSuspended(at: now) else { return }
        let until = user.suspendedUntil.map(Formatting.day) ?? ""
        throw AppError.forbidden("Your account is suspended until \(until)\(user.suspensionReason.isEmpty ? "" : ": \(user.suspensionReason)"). You can read, but not post.")
    }
}
