import Foundation
import Hummingbird

/// Resource posts: sharing one (a link or an uploaded file), its page, its file, and editing it.
///
///     GET  /c/{community}/resources/new   POST multipart/form-data (_csrf first; title, url | file, description,
///                                         type, audience, tags, review_by); URL-encoded also accepted for a link
///     GET  /r/{id}
///     GET  /r/{id}/file                   the uploaded file, to those who may see the resource
///     GET  /r/{id}/edit                   POST (same fields; a file only to replace the current one)
struct ResourceController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }
    var form: ResourceForm { ResourceForm(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/resources/new", use: newForm)
        router.post("c/:community/resources/new", use: create)
        router.get("r/:id", use: show)
        router.get("r/:id/file", use: file)
        router.get("r/:id/edit", use: editForm)
        router.post("r/:id/edit", use: update)
    }

    /// The resource in `{id}` with its community, if this visitor may see it (404 otherwise).
    func resource(_ context: AppRequestContext) async throws -> (ResourceRow, Community) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let row = try await services.database.resource(id: id),
              let community = try await services.database.community(id: row.resource.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(row.resource, in: community))
        return (row, community)
    }

    // MARK: - Sharing

    private func ensureCanShare(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanShareResource(in: community)
    }

    /// Whether what this member shares waits for a moderator (the community requires approval; moderators' never waits).
    private func willBeHeld(_ community: Community, _ context: AppRequestContext) async throws -> Bool {
        guard !context.guardian.isModerator(of: community) else { return false }
        return try await services.database.requiresResourceApproval(communityID: community.id!)
    }

    private func sharePage(_ community: Community, held: Bool) -> ResourceFormPage {
        form.page(community, heading: "Share a resource", action: Paths.newResource(community), submit: "Share resource",
                  cancel: Paths.resources(community), willBeHeld: held)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try ensureCanShare(community, context)
        let page = sharePage(community, held: try await willBeHeld(community, context))
        return try services.page(.resourcesForm, title: "Share a resource", page: page, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let user = try load.actingUser(context)
        try ensureCanShare(community, context)
        let held = try await willBeHeld(community, context)
        var page = sharePage(community, held: held)
        let submission: ResourceForm.Submission
        do {
            submission = try await form.read(request, context: context)
        } catch is UploadTooLarge {
            return try services.page(.resourcesForm, title: "Share a resource", page: form.tooLarge(page), context: context,
                                     status: .contentTooLarge)
        }
        defer { services.uploads.discard(submission.file?.temporaryURL) }
        let now = services.now
        var resource = Resource(communityId: community.id!, authorId: user.id!, title: "", type: .other,
                                createdAt: now, updatedAt: now)
        let (tags, fileType, status) = form.apply(submission, to: &resource, original: nil, page: &page)
        if page.hasErrors {
            return try services.page(.resourcesForm, title: "Share a resource", page: page, context: context, status: status)
        }
        resource.descriptionHtml = RenderedText.from(resource.descriptionMarkdown).html
        resource.heldAt = held ? now : nil
        var stored: String?
        if let file = submission.file, let fileType {
            stored = try services.uploads.keep(file.temporaryURL)
            resource.url = nil
            resource.fileStorageName = stored
            resource.fileName = file.fileName
            resource.fileContentType = fileType.contentType
            resource.fileSize = file.size
        }
        do {
            let communityID = community.id!
            resource = try await services.database.createResource(resource, tags: tags, checking: context.guardian.writeCheck { guardian, db in
                try guardian.ensureCanShareResource(in: CheckedRows.community(db, id: communityID))
            })
        } catch {
            services.uploads.remove(stored)
            throw error
        }
        return redirect(to: Paths.resource(resource.id!))
    }

    // MARK: - Reading

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await resource(context)
        let discussion = try await row.resource.discussionId.asyncFlatMap { try await services.database.discussion(id: $0) }
        let declined = row.resource.isHeld && row.resource.isArchived
            ? try await services.database.declineReason(resourceID: row.resource.id!) : nil
        var page = ResourcePageBuilder(context: context).build(row, community: community, discussion: discussion, declinedReason: declined)
        let state = try await services.database.helpfulState(resourceID: row.resource.id!, userID: context.user?.id)
        // The count is in the page's facts; the control adds the viewer's button.
        page.helpful = HelpfulControl.resource(row.resource, in: community, state: (count: 0, marked: state.marked), guardian: context.guardian)
        return try services.page(.resourcesShow, title: row.resource.title, page: page, context: context)
    }

    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await resource(context)
        let resource = row.resource
        guard let name = resource.fileStorageName, let url = services.uploads.url(of: name),
              let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int else {
            throw AppError.notFound
        }
        let type = UploadedFileType.named(resource.fileName ?? "")
        let body = try await FileIO().loadFile(path: url.path, context: context)
        var headers: HTTPFields = [
            .contentType: resource.fileContentType ?? "application/octet-stream",
            .contentLength: String(size),
            .contentDisposition: Self.contentDisposition(inline: type?.isImage == true, fileName: resource.fileName ?? "resource"),
            .xContentTypeOptions: "nosniff",
        ]
        // Never in shared caches; files of members-only communities and of held resources not even in the browser's.
        let isPrivate = community.visibility == .members || resource.isHeld
        headers[.cacheControl] = isPrivate ? "private, no-store" : "private, max-age=300"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `attachment` (or `inline` for images) with an ASCII fallback name and the exact name as RFC 5987 UTF-8.
    static func contentDisposition(inline: Bool, fileName: String) -> String {
        let fallback = String(fileName.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? fallback
        return "\(inline ? "inline" : "attachment"); filename=\"\(fallback)\"; filename*=UTF-8''\(encoded)"
    }

    // MARK: - Editing

    private func ensureCanEdit(_ resource: Resource, _ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanEdit(resource, in: community)
    }

    private func editPage(_ resource: Resource, _ community: Community) -> ResourceFormPage {
        var page = form.page(community, heading: "Edit resource", action: Paths.editResource(resource.id!), submit: "Save resource",
                             cancel: Paths.resource(resource.id!), willBeHeld: false)
        page.currentFile = resource.fileName.map { "\($0), \(ResourceForm.size(resource.fileSize ?? 0))" }
        return page
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await resource(context)
        try ensureCanEdit(row.resource, community, context)
        var page = editPage(row.resource, community)
        let r = row.resource
        page.title = r.title
        page.url = r.url ?? ""
        page.description = r.descriptionMarkdown
        page.audience = r.audience
        page.tags = row.tags.joined(separator: ", ")
        page.reviewBy = r.reviewBy.map(Formatting.isoDay) ?? ""
        page.types = ResourceForm.typeOptions(selected: r.type)
        return try services.page(.resourcesForm, title: "Edit \(r.title)", page: page, context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await resource(context)
        _ = try load.actingUser(context)
        try ensureCanEdit(row.resource, community, context)
        let original = row.resource
        var page = editPage(original, community)
        let submission: ResourceForm.Submission
        do {
            submission = try await form.read(request, context: context)
        } catch is UploadTooLarge {
            return try services.page(.resourcesForm, title: "Edit \(original.title)", page: form.tooLarge(page),
                                     context: context, status: .contentTooLarge)
        }
        defer { services.uploads.discard(submission.file?.temporaryURL) }
        var resource = original
        let (tags, fileType, status) = form.apply(submission, to: &resource, original: original, page: &page)
        if page.hasErrors {
            return try services.page(.resourcesForm, title: "Edit \(original.title)", page: page, context: context, status: status)
        }
        resource.descriptionHtml = RenderedText.from(resource.descriptionMarkdown).html
        resource.updatedAt = services.now
        var stored: String?
        if let file = submission.file, let fileType {
            stored = try services.uploads.keep(file.temporaryURL)
            resource.url = nil
            resource.fileStorageName = stored
            resource.fileName = file.fileName
            resource.fileContentType = fileType.contentType
            resource.fileSize = file.size
        } else if resource.url != nil {
            resource.fileStorageName = nil
            resource.fileName = nil
            resource.fileContentType = nil
            resource.fileSize = nil
        }
        do {
            let (resourceID, communityID) = (original.id!, community.id!)
            try await services.database.updateResource(resource, tags: tags, checking: context.guardian.writeCheck { guardian, db in
                guard let current = try Resource.fetchOne(db, key: resourceID) else { throw AppError.notFound }
                try guardian.ensureCanEdit(current, in: CheckedRows.community(db, id: communityID))
            })
        } catch {
            services.uploads.remove(stored)
            throw error
        }
        // The old file goes once the change is saved (replaced by another, or by a link).
        if original.fileStorageName != resource.fileStorageName { services.uploads.remove(original.fileStorageName) }
        return redirect(to: Paths.resource(original.id!))
    }
}

extension Optional {
    /// `flatMap` for an async transform.
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
