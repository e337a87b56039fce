import Foundation
import Hummingbird

/// Editing, deleting, hiding and restoring posts; their history.
///
///     GET  /p/{id}/edit       POST /p/{id}/edit       (body; title and lesson sections on post #1)
///     GET  /p/{id}/history
///     POST /p/{id}/delete
///     POST /p/{id}/hide       (reason)
///     POST /p/{id}/restore
struct PostController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("p/:id/edit", use: editForm)
        router.post("p/:id/edit", use: update)
        router.get("p/:id/history", use: history)
        router.post("p/:id/delete", use: delete)
        router.post("p/:id/hide", use: hide)
        router.post("p/:id/restore", use: restore)
    }

    struct EditForm: Decodable {
        let body: String?
        let title: String?
        let context: String?
        let what_happened: String?
        let what_we_learned: String?
        let recommendation: String?
    }

    private func ensureCanEdit(_ row: PostRow, _ found: DiscussionContext, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanEdit(row.post, in: found.discussion, of: found.community)
    }

    /// A rule about the post `id`, taken again inside the write on the post, discussion and community as they are then.
    private func check(_ id: Int64, _ context: AppRequestContext,
                       _ rule: @escaping @Sendable (Guardian, Post, DiscussionContext) throws -> Void) -> WriteCheck {
        context.guardian.writeCheck { guardian, db in
            let (post, found) = try CheckedRows.post(db, id: id)
            try rule(guardian, post, found)
        }
    }

    private func page(_ row: PostRow, _ found: DiscussionContext) -> EditPostPage {
        let d = found.discussion
        let opening = row.post.number == 1  // the opening post carries the title and lesson sections
        return EditPostPage(
            discussionTitle: d.title, discussionURL: Paths.post(d, number: row.post.number), action: Paths.editPost(row.post.id!),
            number: row.post.number, editsTitle: opening, editsLesson: opening && d.kind == .lesson,
            title: d.title, body: row.post.bodyMarkdown, context: d.lessonContext, whatHappened: d.lessonWhatHappened,
            whatWeLearned: d.lessonWhatWeLearned, recommendation: d.lessonRecommendation)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        try ensureCanEdit(row, found, context)
        return try services.page(.postsEdit, title: "Edit post", page: page(row, found), context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        try ensureCanEdit(row, found, context)
        let form = try await FormBody.decode(EditForm.self, from: request, context: context)
        var model = page(row, found)
        let opening = row.post.number == 1  // the opening post carries the title and lesson sections
        let isLesson = opening && found.discussion.kind == .lesson
        model.body = cleanText(form.body)
        model.errors.body = PostValidation.body(model.body, required: !isLesson)
        if opening {
            model.title = cleanText(form.title)
            model.errors.title = PostValidation.title(model.title)
        }
        let sections = [form.context, form.what_happened, form.what_we_learned, form.recommendation].map(cleanText)
        if isLesson {
            (model.context, model.whatHappened, model.whatWeLearned, model.recommendation) = (sections[0], sections[1], sections[2], sections[3])
            model.errors.lesson = PostValidation.lesson(sections)
        }
        if model.errors.body != nil || model.errors.title != nil || model.errors.lesson != nil {
            model.hasErrors = true
            return try services.page(.postsEdit, title: "Edit post", page: model, context: context, status: .badRequest)
        }
        try await services.database.editPost(id: row.post.id!, PostEdit(
            body: .from(model.body), title: opening ? model.title : nil,
            lesson: isLesson ? sections.map(RenderedText.from) : nil, editorID: context.user!.id!, now: services.now),
            checking: check(row.post.id!, context) { guardian, post, found in
                try guardian.ensureCanEdit(post, in: found.discussion, of: found.community)
            })
        var discussion = found.discussion
        if opening { discussion.title = model.title }
        return redirect(to: Paths.post(discussion, number: row.post.number))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        try context.guardian.ensureVisible(context.guardian.canSeeHistory(of: row.post, in: found.community))
        let revisions = try await services.database.revisions(postID: row.post.id!)
        let entries = revisions.enumerated().map { index, revision in
            let r = revision.postRevision
            return RevisionEntry(
                number: index + 1, editorName: revision.editor?.displayName ?? "A former member",
                when: Formatting.moment(r.createdAt),
                titleChange: r.titleBefore.flatMap { before in r.titleAfter.map { TitleChange(before: before, after: $0) } },
                lines: LineDiff.lines(before: r.bodyBefore, after: r.bodyAfter))
        }
        let page = HistoryPage(
            discussionTitle: found.discussion.title, postURL: Paths.post(found.discussion, number: row.post.number),
            number: row.post.number, authorName: row.author?.displayName ?? "A former member",
            created: Formatting.moment(row.post.createdAt), revisions: entries)
        return try services.page(.postsHistory, title: "History of post \(row.post.number)", page: page, context: context)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        _ = try load.actingUser(context)
        try context.guardian.ensureCanDelete(row.post, in: found.discussion, of: found.community)
        try await services.database.deletePost(id: row.post.id!, now: services.now, checking: check(row.post.id!, context) { guardian, post, found in
            try guardian.ensureCanDelete(post, in: found.discussion, of: found.community)
        })
        return redirect(to: Paths.post(found.discussion, number: row.post.number))
    }

    struct HideForm: Decodable { let reason: String? }

    @Sendable func hide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensure(context.guardian.isModerator(of: found.community), "Only this community's moderators hide posts.")
        if row.post.isHidden { throw AppError.conflict("This post is already hidden.") }
        let form = try await FormBody.decode(HideForm.self, from: request, context: context)
        let reason = try moderatorReason(form.reason, required: "Give a reason for hiding the post: its author will see it.")
        try await services.database.hidePost(id: row.post.id!, moderatorID: moderator.id!, reason: reason, now: services.now,
                                             checking: context.guardian.moderatorCheck(found.community, "Only this community's moderators hide posts."))
        return redirect(to: Paths.post(found.discussion, number: row.post.number))
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, found) = try await load.post(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensure(context.guardian.isModerator(of: found.community), "Only this community's moderators restore posts.")
        if !row.post.isHidden && !row.post.isDeleted { throw AppError.conflict("This post is not hidden.") }
        try await services.database.restorePost(id: row.post.id!, moderatorID: moderator.id!, now: services.now,
                                                checking: context.guardian.moderatorCheck(found.community, "Only this community's moderators restore posts."))
        return redirect(to: Paths.post(found.discussion, number: row.post.number))
    }
}
