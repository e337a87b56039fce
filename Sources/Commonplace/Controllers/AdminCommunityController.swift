import Foundation
import Hummingbird

/// Site administration of communities: list, create, edit (each creation and edit logged).
/// Archiving, reactivating and merging are in `CommunityLifeController`.
///
///     GET /admin/communities
///     GET /admin/communities/new               POST /admin/communities/new
///     GET /admin/communities/{community}/edit  POST /admin/communities/{community}/edit
struct AdminCommunityController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("admin/communities", use: list)
        router.get("admin/communities/new", use: newForm)
        router.post("admin/communities/new", use: create)
        router.get("admin/communities/:community/edit", use: editForm)
        router.post("admin/communities/:community/edit", use: update)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canCreateCommunity, "Only site admins can manage communities.")
        let all = try await services.database.communities()
        let names = Dictionary(all.compactMap { c in c.id.map { ($0, c.name) } }, uniquingKeysWith: { a, _ in a })
        let rows = all.map {
            AdminCommunityRow(name: $0.name, slug: $0.slug, url: Paths.community($0), editURL: Paths.editCommunity($0),
                              status: $0.mergedIntoId.map { "merged into \(names[$0] ?? "another community")" } ?? $0.status.rawValue,
                              visibility: $0.visibility == .public ? "public" : "members only")
        }
        return try services.page(.adminCommunities, title: "Communities", page: AdminCommunitiesPage(communities: rows), context: context)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanCreateCommunity()
        let now = services.now
        let blank = Community(slug: "", name: "", summary: "", description: "", visibility: .public, joinPolicy: .request, createdAt: now, updatedAt: now)
        let page = try await formPage(blank, heading: "New community", action: Paths.adminNewCommunity, submit: "Create community")
        return try services.page(.adminCommunityForm, title: "New community", page: page, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureCanCreateCommunity()
        let form = try await FormBody.decode(CommunityForm.self, from: request, context: context)
        let now = services.now
        var community = Community(slug: "", name: "", summary: "", description: "", visibility: .public, joinPolicy: .request, createdAt: now, updatedAt: now)
        var errors = form.apply(to: &community, communities: try await services.database.communities(), hasChildren: false)
        if !errors.isEmpty {
            return try await reject(community, errors: errors, heading: "New community", action: Paths.adminNewCommunity, submit: "Create community", context: context)
        }
        do {
            community = try await services.database.createCommunity(community, actorID: context.user!.id!,
                                                                    checking: context.guardian.writeCheck { guardian, _ in try guardian.ensureCanCreateCommunity() })
        } catch is SlugTaken {
            errors.slug = "Another community already uses this address."
            return try await reject(community, errors: errors, heading: "New community", action: Paths.adminNewCommunity, submit: "Create community", context: context)
        }
        // On to its first moderator and boards.
        return redirect(to: Paths.setUpCommunity(community))
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load(context)
        try context.guardian.ensureEditable(community)
        let page = try await formPage(community, heading: "Edit \(community.name)", action: Paths.editCommunity(community), submit: "Save changes")
        return try services.page(.adminCommunityForm, title: "Edit \(community.name)", page: page, context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let original = try await load(context)
        let form = try await FormBody.decode(CommunityForm.self, from: request, context: context)
        var community = original
        community.updatedAt = services.now
        let hasChildren = try await !services.database.children(of: original.id!).isEmpty
        var errors = form.apply(to: &community, communities: try await services.database.communities(), hasChildren: hasChildren)
        let heading = "Edit \(original.name)"
        let action = Paths.editCommunity(original)
        if !errors.isEmpty {
            return try await reject(community, errors: errors, heading: heading, action: action, submit: "Save changes", context: context)
        }
        try context.guardian.ensureEditable(original)
        do {
            // Inside the write: still a site admin, and the community not merged away meanwhile.
            try await services.database.updateCommunity(community, actorID: context.user!.id!,
                                                        checking: context.guardian.communityCheck(original) { guardian, community in
                try guardian.ensureCanEdit(community)
                try guardian.ensureEditable(community)
            })
        } catch is SlugTaken {
            errors.slug = "Another community already uses this address."
            return try await reject(community, errors: errors, heading: heading, action: action, submit: "Save changes", context: context)
        }
        return redirect(to: Paths.community(community))
    }

    /// The community named in the path, after the Guardian allows editing it (404 if unknown, 403 if not allowed).
    private func load(_ context: AppRequestContext) async throws -> Community {
        try context.guardian.ensureSignedIn()
        guard let community = try await services.database.community(slug: context.parameters.get("community") ?? "") else {
            throw AppError.notFound
        }
        try context.guardian.ensureCanEdit(community)
        return community
    }

    private func reject(_ community: Community, errors: CommunityErrors, heading: String, action: String, submit: String,
                        context: AppRequestContext) async throws -> Response {
        var page = try await formPage(community, heading: heading, action: action, submit: submit)
        page.errors = errors
        page.hasErrors = true
        page.life = nil  // its links use the saved address, which the form may be changing
        return try services.page(.adminCommunityForm, title: heading, page: page, context: context, status: .badRequest)
    }

    private func formPage(_ c: Community, heading: String, action: String, submit: String) async throws -> CommunityFormPage {
        var page = CommunityFormPage(heading: heading, action: action, submitLabel: submit)
        page.name = c.name
        page.slug = c.slug
        page.summary = c.summary
        page.description = c.description
        page.howToJoin = c.howToJoin
        page.partnerName = c.partnerName
        page.meetingRhythm = c.meetingRhythm
        page.founded = c.founded
        page.inactiveSince = c.inactiveSince ?? ""
        page.isInactive = c.status == .inactive
        page.visibilityOptions = [
            Option(value: "public", label: "Public: anyone can read; members post", selected: c.visibility == .public),
            Option(value: "members", label: "Members only: others see only its name and description", selected: c.visibility == .members),
        ]
        page.joinPolicyOptions = Community.JoinPolicy.allCases.map {
            Option(value: $0.rawValue, label: CommunityLabels.join($0), selected: c.joinPolicy == $0)
        }
        page.stewardOptions = [
            Option(value: "alliance", label: "The Alliance", selected: c.steward == .alliance),
            Option(value: "partner", label: "A system partner", selected: c.steward == .partner),
        ]
        let parents = try await services.database.communities().filter { $0.parentId == nil && !$0.isMerged && $0.id != c.id }
        page.parentOptions = [Option(value: "", label: "None (a top-level community)", selected: c.parentId == nil)]
            + parents.map { Option(value: $0.slug, label: $0.name, selected: c.parentId == $0.id) }
        page.kindOptions = Community.Kind.allCases.map {
            Checkbox(name: "type_\($0.rawValue)", id: "type-\($0.rawValue)", label: $0.label, checked: c.kinds.contains($0))
        }
        if c.id != nil {
            page.life = CommunityLifeLinks(
                isInactive: c.status == .inactive, isMerged: c.isMerged, inactiveSince: c.inactiveSince.map(Formatting.month),
                archiveURL: Paths.archiveCommunity(c), reactivateURL: Paths.reactivateCommunity(c), mergeURL: Paths.mergeCommunity(c))
        }
        return page
    }
}
