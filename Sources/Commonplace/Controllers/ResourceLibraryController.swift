import Foundation
import Hummingbird

/// A community's resource library: featured first, then current, then outdated; filters and sorts.
///
///     GET /c/{community}/resources   ?type= &tag= &audience= &sort=newest|helpful|title &archived=1 (moderators) &page=N
struct ResourceLibraryController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/resources", use: library)
    }

    /// The filter in the query string (400 for values that are not a type, a sort, or a page).
    static func filter(_ query: [String: String], mayShowArchived: Bool) throws -> (ResourceLibraryFilter, Int) {
        var filter = ResourceLibraryFilter()
        if let type = query["type"], !type.isEmpty {
            guard let kind = Resource.Kind(rawValue: type) else {
                throw AppError.badRequest("There is no resource type “\(type)”. Choose " + Resource.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            filter.type = kind
        }
        if let tag = query["tag"], let normalized = AppDatabase.normalizedTags([tag]).first { filter.tag = normalized }
        if let audience = query["audience"]?.trimmingCharacters(in: .whitespaces), !audience.isEmpty { filter.audience = audience }
        if let sort = query["sort"], !sort.isEmpty {
            guard let value = ResourceSort(rawValue: sort) else { throw AppError.badRequest("Sort by newest, helpful or title.") }
            filter.sort = value
        }
        filter.includeArchived = mayShowArchived && query["archived"] == "1"
        guard let page = Int(query["page"] ?? "1"), (1...100_000).contains(page) else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        return (filter, page)
    }

    @Sendable func library(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let guardian = context.guardian
        let mayShowArchived = guardian.canReview(community)
        let (filter, page) = try Self.filter(FormBody.queryParameters(request), mayShowArchived: mayShowArchived)
        let visible = guardian.visibleResourceSQL(in: community)
        let (rows, total) = try await services.database.resourceLibrary(communityID: community.id!, visible: visible, filter: filter, page: page)
        let pageCount = max(1, (total + AppDatabase.resourcesPerPage - 1) / AppDatabase.resourcesPerPage)
        if page > pageCount { throw AppError.notFound }
        let facets = try await services.database.resourceFacets(communityID: community.id!, visible: visible)
        let canShare = guardian.canShareResource(in: community)
        let isFiltered = filter.type != nil || filter.tag != nil || filter.audience != nil
        func with(_ change: (inout ResourceLibraryFilter) -> Void) -> String {
            var changed = filter
            change(&changed)
            return Paths.resources(community, filter: changed)
        }
        var tagNames = facets.tags.map(\.tag)
        if let tag = filter.tag, !tagNames.contains(tag) { tagNames.append(tag) }
        var audiences = facets.audiences
        if let audience = filter.audience, !audiences.contains(where: { $0.caseInsensitiveCompare(audience) == .orderedSame }) { audiences.append(audience) }

        let model = ResourceLibraryPage(
            community: CommunityHeader(community), action: Paths.resources(community),
            resources: rows.map { ResourcePageBuilder.entry($0, community: community) },
            totalLabel: total == 1 ? "1 resource" : "\(total) resources",
            typeOptions: [Option(value: "", label: "Any type", selected: filter.type == nil)]
                + Resource.Kind.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.type == $0) },
            tagOptions: [Option(value: "", label: "Any tag", selected: filter.tag == nil)]
                + tagNames.map { Option(value: $0, label: $0, selected: filter.tag == $0) },
            audienceOptions: [Option(value: "", label: "Anyone", selected: filter.audience == nil)]
                + audiences.map { Option(value: $0, label: $0, selected: filter.audience?.caseInsensitiveCompare($0) == .orderedSame) },
            sortOptions: ResourceSort.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: filter.sort == $0) },
            sorts: ResourceSort.allCases.map { sort in
                FilterLink(label: sort.label, url: with { $0.sort = sort }, isCurrent: filter.sort == sort)
            },
            tags: facets.tags.map { item in
                FilterLink(label: "\(item.tag) (\(item.count))", url: with { $0.tag = item.tag }, isCurrent: filter.tag == item.tag)
            },
            showArchivedOption: mayShowArchived, showArchived: filter.includeArchived,
            isFiltered: isFiltered, clearURL: Paths.resources(community),
            emptyMessage: isFiltered ? "No resources match these filters."
                : canShare ? "No resources yet. Share the first one: a guide, a template, a policy you rely on."
                : "No resources have been shared here yet.",
            canShare: canShare, shareURL: Paths.newResource(community),
            signInURL: guardian.isSignedIn ? nil : Paths.signIn(next: Paths.resources(community)),
            joinURL: guardian.isSignedIn && !guardian.isMember(of: community) && !guardian.isAdmin && community.status == .active
                ? Paths.join(community) : nil,
            pagination: Pagination.make(current: page, total: pageCount) { Paths.resources(community, filter: filter, page: $0) })
        return try services.page(.resourcesLibrary, title: "Resources · \(community.name)", page: model, context: context,
                                 feed: FeedLink.of("Resources of \(community.name)", path: Paths.resourcesFeed(community), community: community))
    }
}
