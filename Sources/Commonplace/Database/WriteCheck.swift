import Foundation
import GRDB
import Synchronization

/// A permission decided again inside the write it allowed.
///
/// A controller decides on rows it read before the write; between that read and the write's commit a moderator may
/// lock the discussion, hide it, archive its board, silence or remove the member, or suspend the account. So every
/// write a rule allowed carries the rule: `run(_:)`, inside the write transaction, re-reads the actor (account,
/// memberships, silences), builds a Guardian from those rows and asks the rule again on the rows as they are then,
/// refusing with the same 403, 404 or 409 as the check before the write. The write methods of `AppDatabase` that
/// act for someone take a `WriteCheck` as a required argument, so none can be called without one.
public struct WriteCheck: Sendable {
    /// Who acts (nil: nobody signed in, which every acting rule refuses).
    let actorID: Int64?
    /// The time the rule is judged at (silences and suspensions end by the clock).
    let now: Date
    /// The decision, on a Guardian and rows read inside the transaction.
    let rule: @Sendable (Guardian, Database) throws -> Void

    init(actorID: Int64?, now: Date, isTrusted: Bool = false, rule: @escaping @Sendable (Guardian, Database) throws -> Void) {
        self.actorID = actorID
        self.now = now
        self.isTrusted = isTrusted
        self.rule = rule
    }

    /// A write no request asked for (demo data, benchmark data, tests setting up their rows): nothing to decide again.
    public static let trusted = WriteCheck(actorID: nil, now: .distantPast, isTrusted: true) { _, _ in }

    private let isTrusted: Bool

    /// Takes the decision again on the rows of `db` (call it inside the write transaction, before writing).
    func run(_ db: Database) throws {
        guard !isTrusted else { return }
        try rule(Guardian.reread(db, userID: actorID, now: now), db)
    }
}

extension Guardian {
    /// A check for the write this Guardian allowed: `rule` is asked again inside the transaction, with this actor as
    /// the database then says they are.
    public func writeCheck(_ rule: @escaping @Sendable (Guardian, Database) throws -> Void) -> WriteCheck {
        WriteCheck(actorID: userID, now: now, rule: rule)
    }

    /// The actor `userID` as the rows of `db` say they are: the account (suspension, admin), memberships and silences.
    static func reread(_ db: Database, userID: Int64?, now: Date) throws -> Guardian {
        guard let userID, let user = try User.fetchOne(db, cached: "SELECT * FROM user WHERE id = ?", [userID]) else {
            return Guardian(nil, now: now)
        }
        let memberships = try Membership.fetchAll(db, cached: "SELECT * FROM membership WHERE user_id = ?", [userID])
        let roles = Visitor.roles(memberships)
        return Guardian(user, memberships: roles.memberships, silences: roles.silences.filter { $0.value > now }, now: now)
    }
}

extension Visitor {
    /// A user's roles and silences by community, from their membership rows.
    static func roles(_ memberships: [Membership]) -> (memberships: [Int64: Membership.Role], silences: [Int64: Date]) {
        (Dictionary(memberships.map { ($0.communityId, $0.role) }, uniquingKeysWith: { a, _ in a }),
         Dictionary(memberships.compactMap { m in m.silencedUntil.map { (m.communityId, $0) } }, uniquingKeysWith: { a, _ in a }))
    }
}

/// For tests of the races above: runs a step between a request's check and its write, once, so a test can commit
/// a lock (or a hide, a silence …) exactly there, without relying on timing. Nothing sets it outside tests.
public final class WriteBarrier: Sendable {
    private let step = Mutex<(@Sendable () async throws -> Void)?>(nil)

    public init() {}

    /// Runs `step` before the next checked write (only that one).
    public func once(_ step: @escaping @Sendable () async throws -> Void) {
        self.step.withLock { $0 = step }
    }

    /// Called by the checked writes just before they start their transaction.
    func pass() async throws {
        guard let step = self.step.withLock({ $0.take() }) else { return }
        try await step()
    }
}

extension AppDatabase {
    /// One transaction that first takes `check`'s decision again on its rows, then runs `body`.
    func write<T: Sendable>(checking check: WriteCheck, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writeBarrier.pass()
        let asked = ContinuousClock.now
        return try await writer.write { db in
            let started = ContinuousClock.now
            AppMetrics.shared.writeWait.record(asked.duration(to: started))
            defer { AppMetrics.shared.writeTransaction.record(started.duration(to: .now)) }
            try check.run(db)
            return try body(db)
        }
    }
}

extension Guardian {
    /// The check of a decision about `community` alone: inside the write, the community is read again (404 when it
    /// is gone) and `decision` asked of it, with the actor as the database then says they are.
    public func communityCheck(_ community: Community,
                               _ decision: @escaping @Sendable (Guardian, Community) throws -> Void) -> WriteCheck {
        let id = community.id!
        return writeCheck { guardian, db in try decision(guardian, CheckedRows.community(db, id: id)) }
    }

    /// The check of a moderator's action in `community`, taken again inside its write: still its moderator (or the
    /// parent's, or a site admin), not suspended; 403 with `message` otherwise.
    public func moderatorCheck(_ community: Community, _ message: String) -> WriteCheck {
        communityCheck(community) { guardian, community in try guardian.ensureModerates(community, message) }
    }

    /// The check of a moderator's action on discussion `id`: the discussion is read again with its community (it may
    /// have moved), and the actor must still moderate that community.
    public func discussionModeratorCheck(_ id: Int64, _ message: String) -> WriteCheck {
        writeCheck { guardian, db in try guardian.ensureModerates(CheckedRows.discussion(db, id: id).community, message) }
    }
}
