import Foundation
import Hummingbird

/// Silencing a member in one community (they can read, not post) and lifting it: the community's moderators.
///
///     POST /c/{community}/members/{handle}/silence       (days, reason)
///     POST /c/{community}/members/{handle}/unsilence
struct SilenceController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }
    var members: MembershipController { MembershipController(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("c/:community/members/:handle/silence", use: silence)
        router.post("c/:community/members/:handle/unsilence", use: unsilence)
    }

    struct SilenceForm: Decodable {
        let days: String?
        let reason: String?
    }

    /// How long a member can be silenced for, in days.
    static let silenceDays = [1, 3, 7, 14, 30, 90, 365]

    /// The choices the members page offers, a week selected.
    static let dayOptions: [Option] = silenceDays.map { days in
        Option(value: String(days), label: days == 1 ? "1 day" : "\(days) days", selected: days == 7)
    }

    /// 409 unless the member is `silenced` (or not) as the action expects.
    static func ensureState(_ membership: Membership, of target: User, silenced: Bool, now: Date) throws {
        guard membership.isSilenced(at: now) == silenced else {
            throw AppError.conflict(silenced ? "@\(target.handle) is not silenced here." : "@\(target.handle) is already silenced here.")
        }
    }

    @Sendable func silence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureCanManageMembers(of: community, "Only this community's moderators can silence members.")
        let (target, membership) = try await members.targetMembership(community, context: context)
        try context.guardian.ensureCanSilence(membership, in: community, silencing: true)
        let form = try await FormBody.decode(SilenceForm.self, from: request, context: context)
        guard let days = Int(form.days ?? ""), Self.silenceDays.contains(days) else {
            throw AppError.badRequest("Choose how long to silence the member for: \(Self.silenceDays.map(String.init).joined(separator: ", ")) days.")
        }
        let reason = try moderatorReason(form.reason, required: "Give a reason for silencing the member: they see it.")
        let now = services.now
        try Self.ensureState(membership, of: target, silenced: false, now: now)
        let until = now.addingTimeInterval(Double(days) * 86_400)
        try await services.database.setSilence(
            communityID: community.id!, userID: target.id!, until: until, reason: reason,
            log: ModerationAction(communityId: community.id!, actorId: moderator.id!, action: .silenceMember, targetType: .user,
                                  targetId: target.id!, targetLabel: "@\(target.handle)",
                                  reason: "\(days) day\(days == 1 ? "" : "s"): \(reason)", createdAt: now),
            checking: MembershipController.memberCheck(context.guardian, community, userID: target.id!) { guardian, membership, community in
                try guardian.ensureCanSilence(membership, in: community, silencing: true)
                try Self.ensureState(membership, of: target, silenced: false, now: now)
            })
        return redirect(to: Paths.members(community))
    }

    @Sendable func unsilence(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureCanManageMembers(of: community, "Only this community's moderators can lift a silence.")
        let (target, membership) = try await members.targetMembership(community, context: context)
        try context.guardian.ensureCanSilence(membership, in: community, silencing: false)
        let now = services.now
        try Self.ensureState(membership, of: target, silenced: true, now: now)
        try await services.database.setSilence(
            communityID: community.id!, userID: target.id!, until: nil, reason: "",
            log: ModerationAction(communityId: community.id!, actorId: moderator.id!, action: .unsilenceMember, targetType: .user,
                                  targetId: target.id!, targetLabel: "@\(target.handle)", createdAt: now),
            checking: MembershipController.memberCheck(context.guardian, community, userID: target.id!) { guardian, membership, community in
                try guardian.ensureCanSilence(membership, in: community, silencing: false)
                try Self.ensureState(membership, of: target, silenced: true, now: now)
            })
        return redirect(to: Paths.members(community))
    }
}
