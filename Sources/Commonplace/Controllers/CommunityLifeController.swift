import Foundation
import Hummingbird

/// The life of a community, for site admins: archive (make inactive, naming a successor), reactivate, merge into another.
/// Each action is one transaction with its moderation log row.
///
///     GET  /admin/communities/{community}/archive     POST /admin/communities/{community}/archive   (successor: slug, optional)
///     POST /admin/communities/{community}/reactivate
///     GET  /admin/communities/{community}/merge       POST /admin/communities/{community}/merge     (into: slug)
struct CommunityLifeController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/communities/:community/archive", use: archiveForm)
        router.post("admin/communities/:community/archive", use: archive)
        router.post("admin/communities/:community/reactivate", use: reactivate)
        router.get("admin/communities/:community/merge", use: mergeForm)
        router.post("admin/communities/:community/merge", use: merge)
    }

    struct ArchiveForm: Decodable { let successor: String? }
    struct MergeForm: Decodable { let into: String? }

    /// The community named in the path (404 if unknown), once the Guardian allows administering it (403).
    private func load(_ context: AppRequestContext) async throws -> Community {
        try context.guardian.ensureSignedIn()
        guard let community = try await services.database.community(slug: context.parameters.get("community") ?? "") else {
            throw AppError.notFound
        }
        try context.guardian.ensureCanAdminister(community)
        return community
    }

    /// The same decision, taken again inside the write on the community as it is then.
    private func adminCheck(_ community: Community, _ context: AppRequestContext) -> WriteCheck {
        context.guardian.communityCheck(community) { guardian, community in try guardian.ensureCanAdminister(community) }
    }

    /// Communities that can take over another's work or members: active, not merged, not `community` itself.
    private func candidates(besides community: Community) async throws -> [Community] {
        try await services.database.communities().filter { $0.status == .active && !$0.isMerged && $0.id != community.id }
    }

    // MARK: - Archive and reactivate

    @Sendable func archiveForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load(context)
        try ensureActive(community)
        return try await archivePage(community, chosen: "", error: nil, context: context)
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load(context)
        let form = try await FormBody.decode(ArchiveForm.self, from: request, context: context)
        let slug = cleanText(form.successor).lowercased()
        var successor: Community?
        if !slug.isEmpty {
            successor = try await candidates(besides: community).first { $0.slug == slug }
            if successor == nil {
                let error = slug == community.slug ? "A community cannot be its own successor."
                    : "Choose an active community as the successor, or none."
                return try await archivePage(community, chosen: slug, error: error, context: context)
            }
        }
        try ensureActive(community)
        try await services.database.archiveCommunity(id: community.id!, successorID: successor?.id, actorID: context.user!.id!, now: services.now,
                                                     checking: adminCheck(community, context))
        return redirect(to: Paths.community(community))
    }

    private func ensureActive(_ community: Community) throws {
        if community.status == .inactive { throw AppError.conflict("\(community.name) is already inactive.") }
    }

    private func archivePage(_ community: Community, chosen: String, error: String?, context: AppRequestContext) async throws -> Response {
        let others = try await candidates(besides: community)
        let options = [Option(value: "", label: "None", selected: chosen.isEmpty)]
            + others.map { Option(value: $0.slug, label: $0.name, selected: $0.slug == chosen) }
        let page = ArchivePage(name: community.name, communityURL: Paths.community(community), editURL: Paths.editCommunity(community),
                               action: Paths.archiveCommunity(community), successorOptions: options, error: error)
        return try services.page(.adminArchive, title: "Archive \(community.name)", page: page, context: context,
                                 status: error == nil ? .ok : .badRequest)
    }

    @Sendable func reactivate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load(context)
        if community.isMerged { throw AppError.conflict("\(community.name) was merged into another community; it cannot be reactivated.") }
        if community.status == .active { throw AppError.conflict("\(community.name) is already active.") }
        try await services.database.reactivateCommunity(id: community.id!, actorID: context.user!.id!, now: services.now,
                                                        checking: adminCheck(community, context))
        return redirect(to: Paths.community(community))
    }

    // MARK: - Merge

    @Sendable func mergeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load(context)
        try ensureNotMerged(community)
        return try await mergePage(community, chosen: "", error: nil, context: context)
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let source = try await load(context)
        let form = try await FormBody.decode(MergeForm.self, from: request, context: context)
        let slug = cleanText(form.into).lowercased()
        if slug.isEmpty {
            return try await mergePage(source, chosen: slug, error: "Choose the community to merge into.", context: context)
        }
        if slug == source.slug {
            return try await mergePage(source, chosen: slug, error: "A community cannot be merged into itself.", context: context)
        }
        guard let target = try await services.database.community(slug: slug), context.guardian.canSee(target) else {
            return try await mergePage(source, chosen: slug, error: "There is no community at “\(slug)”. Choose one from the list.", context: context)
        }
        try ensureNotMerged(source)
        if target.isMerged { throw AppError.conflict("\(target.name) was itself merged into another community: merge into that one.") }
        if target.status == .inactive { throw AppError.conflict("\(target.name) is inactive: reactivate it first, or merge into an active community.") }
        try await services.database.mergeCommunity(sourceID: source.id!, into: target.id!, actorID: context.user!.id!, now: services.now,
                                                   checking: adminCheck(source, context))
        return redirect(to: Paths.community(target))
    }

    private func ensureNotMerged(_ community: Community) throws {
        if community.isMerged { throw AppError.conflict("\(community.name) has already been merged into another community.") }
    }

    private func mergePage(_ community: Community, chosen: String, error: String?, context: AppRequestContext) async throws -> Response {
        let counts = try await services.database.mergeCounts(communityID: community.id!, now: services.now)
        let others = try await candidates(besides: community)
        let options = [Option(value: "", label: "Choose a community", selected: chosen.isEmpty)]
            + others.map { Option(value: $0.slug, label: $0.name, selected: $0.slug == chosen) }
        let page = MergePage(
            name: community.name, slug: community.slug, communityURL: Paths.community(community), editURL: Paths.editCommunity(community),
            action: Paths.mergeCommunity(community), boards: counts.boards, discussions: counts.discussions, members: counts.members,
            pendingRequests: counts.pendingRequests, openInvitations: counts.openInvitations,
            hasChildren: try await !services.database.children(of: community.id!).isEmpty, targetOptions: options, error: error)
        return try services.page(.adminMerge, title: "Merge \(community.name)", page: page, context: context,
                                 status: error == nil ? .ok : .badRequest)
    }
}
