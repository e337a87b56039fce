import Foundation
import GRDB
import Hummingbird

/// Invitations: moderators invite by handle or email and hand out a single-use link that expires.
///
///     GET  /c/{community}/invitations      POST /c/{community}/invitations   (invitee)
///     GET  /invitations/{token}            POST /invitations/{token}
struct InvitationController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/invitations", use: list)
        router.post("c/:community/invitations", use: create)
        router.get("invitations/:token", use: show)
        router.post("invitations/:token", use: accept)
    }

    struct InviteForm: Decodable { let invitee: String }

    static let inviteRefusal = "Only this community's moderators invite members."

    private func model(_ community: Community, invitee: String = "", error: String? = nil, newLink: String? = nil) async throws -> InvitationsPage {
        let open = try await services.database.openInvitations(communityID: community.id!, now: services.now)
        var entries: [InvitationEntry] = []
        for invitation in open {
            var label = invitation.inviteeEmail
            if let id = invitation.inviteeUserId, let user = try await services.database.user(id: id) { label = "@\(user.handle)" }
            entries.append(InvitationEntry(invitee: label, created: Formatting.day(invitation.createdAt), expires: Formatting.day(invitation.expiresAt)))
        }
        return InvitationsPage(community: CommunityHeader(community), action: Paths.invitations(community),
                               invitee: invitee, error: error, newLink: newLink, open: entries)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canManageMembers(of: community), Self.inviteRefusal)
        return try services.page(.communitiesInvitations, title: "Invitations", page: try await model(community), context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureCanManageMembers(of: community, Self.inviteRefusal)
        let form = try await FormBody.decode(InviteForm.self, from: request, context: context)
        let invitee = cleanText(form.invitee)
        let handle = invitee.hasPrefix("@") ? String(invitee.dropFirst()).lowercased() : invitee.lowercased()
        var inviteeUser: User?
        var inviteeEmail = ""
        var problem: String?
        if invitee.isEmpty {
            problem = "Enter the handle or email address of the person to invite."
        } else if invitee.contains("@") && !invitee.hasPrefix("@") {
            if let message = AccountValidation.email(invitee) { problem = message } else {
                inviteeEmail = User.normalizedEmail(invitee)
                inviteeUser = try await services.database.user(email: inviteeEmail)
                if inviteeUser != nil { inviteeEmail = "" }
            }
        } else if let user = try await services.database.user(handle: handle) {
            inviteeUser = user
        } else {
            problem = "There is no member with the handle @\(handle). Check it, or invite by email address."
        }
        if let user = inviteeUser, try await services.database.membership(communityID: community.id!, userID: user.id!) != nil {
            problem = "@\(user.handle) is already a member of \(community.name)."
        }
        if let problem {
            let page = try await model(community, invitee: invitee, error: problem)
            return try services.page(.communitiesInvitations, title: "Invitations", page: page, context: context, status: .badRequest)
        }
        let token = RandomToken.urlSafe(bytes: 32)
        let now = services.now
        _ = try await services.database.createInvitation(Invitation(
            communityId: community.id!, invitedBy: moderator.id, inviteeUserId: inviteeUser?.id, inviteeEmail: inviteeEmail,
            tokenHash: RandomToken.sha256(token), createdAt: now, expiresAt: now.addingTimeInterval(Invitation.lifetime)),
            checking: context.guardian.communityCheck(community) { try $0.ensureCanManageMembers(of: $1, Self.inviteRefusal) })
        // The link is shown once: only its hash is kept.
        let page = try await model(community, newLink: Paths.invitation(token: token))
        return try services.page(.communitiesInvitations, title: "Invitations", page: page, context: context)
    }

    private func loadInvitation(_ context: AppRequestContext) async throws -> (String, Invitation, Community) {
        let token = context.parameters.get("token") ?? ""
        guard token.count <= 64, let invitation = try await services.database.invitation(tokenHash: RandomToken.sha256(token)),
              let community = try await services.database.community(id: invitation.communityId)
        else { throw AppError.notFound }
        return (token, invitation, community)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (token, invitation, community) = try await loadInvitation(context)
        if invitation.usedAt != nil { throw AppError.conflict("This invitation has already been used.") }
        if invitation.expiresAt <= services.now {
            throw AppError.conflict("This invitation has expired. Ask a moderator of the community for a new one.")
        }
        let path = Paths.invitation(token: token)
        let page = InvitationPage(
            communityName: community.name, communityURL: Paths.community(community), summary: community.summary,
            action: path, signedIn: context.user != nil, signInURL: Paths.signIn(next: path), signUpURL: Paths.signUp(invitation: token))
        return try services.page(.invitationsShow, title: "Invitation to \(community.name)", page: page, context: context)
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try load.actingUser(context)
        let (token, _, community) = try await loadInvitation(context)
        try context.guardian.ensureCanAcceptInvitation(to: community)
        // Inside the write: the invitation's community as it is then (archived, or merged into another, meanwhile).
        let tokenHash = RandomToken.sha256(token)
        _ = try await services.database.acceptInvitation(tokenHash: tokenHash, user: user, now: services.now,
                                                         checking: context.guardian.writeCheck { guardian, db in
            guard let invitation = try Invitation.filter(Column("token_hash") == tokenHash).fetchOne(db) else { throw AppError.notFound }
            try guardian.ensureCanAcceptInvitation(to: CheckedRows.community(db, id: invitation.communityId))
        })
        return redirect(to: Paths.community(community) + "?notice=joined")
    }
}
