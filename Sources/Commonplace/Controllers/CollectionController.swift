import Foundation
import Hummingbird

/// Collections: ordered lists of a community's resources with an introduction, read by whoever sees the community
/// and made, edited and reordered by its moderators (each change one transaction with its log row).
///
///     GET  /c/{community}/collections
///     GET  /c/{community}/collections/new                          POST (title, slug, introduction)
///     GET  /c/{community}/collections/{slug}
///     GET  /c/{community}/collections/{slug}/edit                  POST (title, slug, introduction)
///     POST /c/{community}/collections/{slug}/delete
///     POST /c/{community}/collections/{slug}/items                 (resource_id: a number or a resource's address; return_to)
///     POST /c/{community}/collections/{slug}/items/{resource}/remove   (return_to)
///     POST /c/{community}/collections/{slug}/items/{resource}/move     (direction=up|down)
///
/// `return_to=curate` sends an item form back to the resource's curation panel; the collection page by default.
struct CollectionController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/collections", use: list)
        router.get("c/:community/collections/new", use: newForm)
        router.post("c/:community/collections/new", use: create)
        router.get("c/:community/collections/:slug", use: show)
        router.get("c/:community/collections/:slug/edit", use: editForm)
        router.post("c/:community/collections/:slug/edit", use: update)
        router.post("c/:community/collections/:slug/delete", use: delete)
        router.post("c/:community/collections/:slug/items", use: add)
        router.post("c/:community/collections/:slug/items/:resource/remove", use: remove)
        router.post("c/:community/collections/:slug/items/:resource/move", use: move)
    }

    // MARK: - Loading and refusing

    /// The collection in `{slug}` of the community in `{community}`, if this visitor may see it (404).
    private func collection(_ context: AppRequestContext) async throws -> (Community, ResourceCollection) {
        let community = try await load.community(context)
        guard let collection = try await services.database.collection(communityID: community.id!, slug: context.parameters.get("slug") ?? "") else {
            throw AppError.notFound
        }
        try context.guardian.ensureVisible(context.guardian.canSee(collection, in: community))
        return (community, collection)
    }

    private func ensureCurator(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanCurate(community)
    }

    /// The same decision, taken again inside the write on the community as it is then.
    private func curatorCheck(_ community: Community, _ context: AppRequestContext) -> WriteCheck {
        context.guardian.communityCheck(community) { guardian, community in try guardian.ensureCanCurate(community) }
    }

    private func logRow(_ action: ModerationAction.Kind, _ collection: ResourceCollection, _ community: Community,
                        _ context: AppRequestContext, reason: String = "") -> ModerationAction {
        ModerationAction(communityId: community.id!, actorId: context.user?.id, action: action, targetType: .collection,
                         targetId: collection.id, targetLabel: collection.title, reason: reason, createdAt: services.now)
    }

    // MARK: - Reading

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let guardian = context.guardian
        let summaries = try await services.database.collections(communityID: community.id!, visible: guardian.collectionResourceSQL(in: community))
        let page = CollectionsPage(
            community: CommunityHeader(community),
            collections: summaries.map { s in
                CollectionListEntry(title: s.collection.title, url: Paths.collection(community, s.collection.slug),
                                    excerpt: DiscussionToolsController.excerpt(s.collection.introductionMarkdown).nonEmpty,
                                    countLabel: s.resourceCount == 1 ? "1 resource" : "\(s.resourceCount) resources")
            },
            canCurate: guardian.canCurate(community), newURL: Paths.newCollection(community))
        return try services.page(.collectionsList, title: "Collections · \(community.name)", page: page, context: context)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        let page = try await showPage(community, collection, context)
        return try services.page(.collectionsShow, title: "\(collection.title) · \(community.name)", page: page, context: context)
    }

    private func showPage(_ community: Community, _ collection: ResourceCollection, _ context: AppRequestContext) async throws -> CollectionPage {
        let guardian = context.guardian
        let entries = try await services.database.collectionEntries(collectionID: collection.id!, visible: guardian.collectionResourceSQL(in: community))
        let canCurate = guardian.canCurate(community)
        return CollectionPage(
            community: CommunityHeader(community), title: collection.title, introductionHtml: collection.introductionHtml,
            resources: entries.enumerated().map { index, entry in
                let r = entry.resource, id = r.id!
                return CollectionResourceEntry(
                    id: id, title: r.title, url: Paths.resource(id), typeLabel: r.type.label,
                    outdatedNote: r.isOutdated ? (r.outdatedNote.nonEmpty ?? "Marked outdated") : nil,
                    isArchived: r.isArchived, isHeld: r.isHeld,
                    isFirst: index == 0, isLast: index == entries.count - 1,
                    moveURL: Paths.moveInCollection(community, collection.slug, id),
                    removeURL: Paths.removeFromCollection(community, collection.slug, id))
            },
            canCurate: canCurate, editURL: Paths.editCollection(community, collection.slug),
            addURL: Paths.collectionItems(community, collection.slug), collectionsURL: Paths.collections(community))
    }

    // MARK: - Create, edit, delete

    struct CollectionForm: Decodable {
        let title: String?
        let slug: String?
        let introduction: String?
    }

    /// Copies the form into `collection`, returning a message for each field that is wrong.
    private func apply(_ form: CollectionForm, to collection: inout ResourceCollection) -> CollectionErrors {
        collection.title = cleanText(form.title)
        collection.slug = cleanText(form.slug).lowercased()
        let introduction = cleanText(form.introduction)
        var errors = CollectionErrors()
        typealias L = ResourceCollection.Limits
        if collection.title.isEmpty { errors.title = "Give the collection a title, like “Start here”." }
        else if collection.title.count > L.title { errors.title = "A title can be at most \(L.title) characters." }
        if collection.slug.isEmpty { collection.slug = Paths.slugify(collection.title) }
        if collection.slug.count > L.slug { collection.slug = String(collection.slug.prefix(L.slug)) }
        if collection.slug.count < 2 || !collection.slug.allSatisfy(CommunityForm.slugCharacters.contains)
            || collection.slug.hasPrefix("-") || collection.slug.hasSuffix("-") {
            errors.slug = "Use 2 to \(L.slug) lowercase letters a–z, digits and hyphens (not at the start or end)."
        } else if ResourceCollection.reservedSlugs.contains(collection.slug) {
            errors.slug = "“\(collection.slug)” is taken by the site itself: choose another address."
        }
        if introduction.count > L.introduction {
            errors.introduction = "An introduction can be at most \(L.introduction) characters (this one has \(introduction.count))."
        } else if introduction != collection.introductionMarkdown {
            let rendered = RenderedText.from(introduction)
            collection.introductionMarkdown = rendered.markdown
            collection.introductionHtml = rendered.html
        }
        return errors
    }

    private func formPage(_ community: Community, _ collection: ResourceCollection, introduction: String? = nil, errors: CollectionErrors?,
                          heading: String, action: String, submit: String, deleteURL: String? = nil, cancelURL: String) -> CollectionFormPage {
        var page = CollectionFormPage(community: CommunityHeader(community), heading: heading, action: action, submitLabel: submit,
                                      deleteURL: deleteURL, cancelURL: cancelURL)
        page.title = collection.title
        page.slug = collection.slug
        page.introduction = introduction ?? collection.introductionMarkdown
        if let errors { page.errors = errors; page.hasErrors = true }
        return page
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try ensureCurator(community, context)
        let page = CollectionFormPage(community: CommunityHeader(community), heading: "New collection", action: Paths.newCollection(community),
                                      submitLabel: "Create collection", deleteURL: nil, cancelURL: Paths.collections(community))
        return try services.page(.collectionsForm, title: "New collection", page: page, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try ensureCurator(community, context)
        let form = try await FormBody.decode(CollectionForm.self, from: request, context: context)
        var collection = ResourceCollection(communityId: community.id!, slug: "", title: "", createdBy: moderator.id, createdAt: services.now)
        var errors = apply(form, to: &collection)
        if errors.isEmpty {
            do {
                collection = try await services.database.createCollection(collection, log: logRow(.createCollection, collection, community, context),
                                                                          checking: curatorCheck(community, context))
                return redirect(to: Paths.collection(community, collection.slug))
            } catch is SlugTaken {
                errors.slug = "This community already has a collection at that address."
            }
        }
        let page = formPage(community, collection, introduction: cleanText(form.introduction), errors: errors, heading: "New collection",
                            action: Paths.newCollection(community), submit: "Create collection", cancelURL: Paths.collections(community))
        return try services.page(.collectionsForm, title: "New collection", page: page, context: context, status: .badRequest)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        try context.guardian.ensureSignedIn()
        try ensureCurator(community, context)
        let page = formPage(community, collection, errors: nil, heading: "Edit “\(collection.title)”", action: Paths.editCollection(community, collection.slug),
                            submit: "Save collection", deleteURL: Paths.deleteCollection(community, collection.slug),
                            cancelURL: Paths.collection(community, collection.slug))
        return try services.page(.collectionsForm, title: "Edit \(collection.title)", page: page, context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, original) = try await collection(context)
        _ = try load.actingUser(context)
        try ensureCurator(community, context)
        let form = try await FormBody.decode(CollectionForm.self, from: request, context: context)
        var collection = original
        var errors = apply(form, to: &collection)
        if errors.isEmpty {
            collection.updatedAt = services.now
            do {
                try await services.database.updateCollection(collection, log: logRow(.editCollection, collection, community, context),
                                                             checking: curatorCheck(community, context))
                return redirect(to: Paths.collection(community, collection.slug))
            } catch is SlugTaken {
                errors.slug = "This community already has a collection at that address."
            }
        }
        let page = formPage(community, collection, introduction: cleanText(form.introduction), errors: errors,
                            heading: "Edit “\(original.title)”", action: Paths.editCollection(community, original.slug), submit: "Save collection",
                            deleteURL: Paths.deleteCollection(community, original.slug), cancelURL: Paths.collection(community, original.slug))
        return try services.page(.collectionsForm, title: "Edit \(original.title)", page: page, context: context, status: .badRequest)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        _ = try load.actingUser(context)
        try ensureCurator(community, context)
        _ = try await FormBody.decode(ReturnForm.self, from: request, context: context)
        try await services.database.deleteCollection(id: collection.id!, log: logRow(.deleteCollection, collection, community, context),
                                                     checking: curatorCheck(community, context))
        return redirect(to: Paths.collections(community))
    }

    // MARK: - Items

    struct ReturnForm: Decodable { let return_to: String? }
    struct AddForm: Decodable { let resource_id: String?; let return_to: String? }
    struct MoveForm: Decodable { let direction: String? }

    /// The resource id in what a moderator typed: a number, or an address such as `/r/42` or `https://host/r/42/curate`.
    static func resourceID(in text: String) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = Int64(text) { return id > 0 ? id : nil }
        guard let range = text.range(of: "/r/") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard let id = Int64(digits), id > 0 else { return nil }
        let rest = text[range.upperBound...].dropFirst(digits.count)
        return rest.isEmpty || "/?#".contains(rest.first!) ? id : nil
    }

    /// Where an item form goes back to: the resource's curation panel, or the collection.
    private func destination(_ returnTo: String?, resourceID: Int64, _ community: Community, _ collection: ResourceCollection) -> String {
        cleanText(returnTo) == "curate" ? Paths.curateResource(resourceID) : Paths.collection(community, collection.slug)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        let moderator = try load.actingUser(context)
        try ensureCurator(community, context)
        let form = try await FormBody.decode(AddForm.self, from: request, context: context)
        let typed = cleanText(form.resource_id)
        func refuse(_ message: String) async throws -> Response {
            var page = try await showPage(community, collection, context)
            page.resourceValue = typed
            page.addError = message
            page.hasErrors = true
            return try services.page(.collectionsShow, title: "\(collection.title) · \(community.name)", page: page, context: context, status: .badRequest)
        }
        guard let id = Self.resourceID(in: typed) else {
            return try await refuse("Give the number or the address of a resource, like 42 or /r/42.")
        }
        // A resource this moderator cannot see is as unknown as a made-up number.
        guard let found = try await services.database.curationRow(resourceID: id)?.resource,
              let home = try await services.database.community(id: found.communityId),
              context.guardian.canSee(found, in: home) else {
            return try await refuse("There is no resource \(id), or you cannot see it.")
        }
        if case .badRequest(let message)? = AppDatabase.addRefusal(found, to: collection) { return try await refuse(message) }
        try await services.database.addToCollection(
            collectionID: collection.id!, resourceID: id, by: ModeratorStamp(moderatorID: moderator.id!, at: services.now),
            log: logRow(.addToCollection, collection, community, context, reason: "“\(found.title)” (resource \(id))"),
            checking: curatorCheck(community, context))
        return redirect(to: destination(form.return_to, resourceID: id, community, collection))
    }

    /// The resource in `{resource}` as the item routes name it (404 when it is not a number or is gone).
    private func itemResource(_ context: AppRequestContext) async throws -> Resource {
        guard let id = context.parameters.get("resource", as: Int64.self),
              let resource = try await services.database.curationRow(resourceID: id)?.resource else { throw AppError.notFound }
        return resource
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        _ = try load.actingUser(context)
        try ensureCurator(community, context)
        let form = try await FormBody.decode(ReturnForm.self, from: request, context: context)
        let resource = try await itemResource(context)
        try await services.database.removeFromCollection(
            collectionID: collection.id!, resourceID: resource.id!,
            log: logRow(.removeFromCollection, collection, community, context, reason: "“\(resource.title)” (resource \(resource.id!))"),
            checking: curatorCheck(community, context))
        return redirect(to: destination(form.return_to, resourceID: resource.id!, community, collection))
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, collection) = try await collection(context)
        _ = try load.actingUser(context)
        try ensureCurator(community, context)
        let form = try await FormBody.decode(MoveForm.self, from: request, context: context)
        let direction = cleanText(form.direction)
        guard direction == "up" || direction == "down" else { throw AppError.badRequest("The direction must be “up” or “down”.") }
        let resource = try await itemResource(context)
        try await services.database.moveInCollection(
            collectionID: collection.id!, resourceID: resource.id!, by: direction == "up" ? -1 : 1,
            log: logRow(.reorderCollection, collection, community, context, reason: "“\(resource.title)” \(direction)"),
            checking: curatorCheck(community, context))
        return redirect(to: Paths.collection(community, collection.slug))
    }
}
