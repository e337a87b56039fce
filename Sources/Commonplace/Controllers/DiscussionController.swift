import Foundation
import Hummingbird

/// Starting, reading and replying to discussions; accepted answers, locks and pins (each logged when a moderator acts).
///
///     GET  /c/{community}/b/{board}/new        POST /c/{community}/b/{board}/new
///     GET  /d/{id}   /d/{id}/{slug}            ?page=N &quote=N
///     POST /d/{id}/reply                       (body)
///     POST /d/{id}/accept                      (post_id, or empty to clear)
///     POST /d/{id}/lock                        (locked=true|false, reason)    409 when already so
///     POST /d/{id}/pin                         (pinned=true|false)            409 when already so
struct DiscussionController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/b/:board/new", use: newForm)
        router.post("c/:community/b/:board/new", use: create)
        router.get("d/:id", use: show)
        router.get("d/:id/:slug", use: show)
        router.post("d/:id/reply", use: reply)
        router.post("d/:id/accept", use: accept)
        router.post("d/:id/lock", use: lock)
        router.post("d/:id/pin", use: pin)
    }

    struct DiscussionForm: Decodable {
        let title: String
        let kind: String
        let body: String?
        let context: String?
        let what_happened: String?
        let what_we_learned: String?
        let recommendation: String?
        /// Present when the "check for similar discussions" button was used: show matches, write nothing.
        let check: String?
    }

    /// Words too common to say what a title is about.
    static let stopWords: Set<String> = ["the", "and", "for", "with", "what", "how", "can", "does", "our", "are", "you",
                                         "that", "this", "from", "have", "any", "who", "when", "where", "why", "should"]

    /// Discussions in `community` whose words match the title's (best first).
    func similar(to title: String, in community: Community, context: AppRequestContext) async throws -> [SearchResultEntry] {
        let words = SearchLexer.words(title).filter { !Self.stopWords.contains($0) && ($0.count >= 3 || $0.count >= 2) }
        guard !words.isEmpty else { return [] }
        var query = SearchQuery()
        query.clauses = [Array(words.prefix(12)).map { .word($0, prefix: false) }]
        query.community = community.slug
        let results = try await services.database.search(
            query, visible: context.guardian.visibleCommunitySQL(table: "community"), sort: .relevance, page: 1, perPage: 5)
        return results.hits.map(SearchResultEntry.init)
    }

    // MARK: - Starting

    private func kindOptions(_ board: Board, _ community: Community, _ context: AppRequestContext, selected: Discussion.Kind) -> [Option] {
        Discussion.Kind.allCases
            .filter { context.guardian.canStartDiscussion(in: board, of: community, kind: $0) }
            .map { Option(value: $0.rawValue, label: $0.label, selected: $0 == selected) }
    }

    private func ensureCanStart(_ board: Board, _ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanStartDiscussion(in: board, of: community, kind: .question)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        try ensureCanStart(board, community, context)
        let requested = Discussion.Kind(rawValue: request.uri.queryParameters.get("kind") ?? "") ?? .question
        let page = NewDiscussionPage(
            community: CommunityHeader(community), boardName: board.name, boardURL: Paths.board(community, board),
            action: Paths.newDiscussion(community, board), kinds: kindOptions(board, community, context, selected: requested),
            communitySlug: community.slug)
        return try services.page(.discussionsNew, title: "New discussion", page: page, context: context)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        try ensureCanStart(board, community, context)
        let user = context.user!
        let form = try await FormBody.decode(DiscussionForm.self, from: request, context: context)
        guard let kind = Discussion.Kind(rawValue: form.kind) else {
            throw AppError.badRequest("There is no discussion kind “\(form.kind)”. Choose question, lesson, conversation or announcement.")
        }
        try context.guardian.ensureCanStartDiscussion(in: board, of: community, kind: kind)
        let title = cleanText(form.title)
        let body = cleanText(form.body)
        let sections = [form.context, form.what_happened, form.what_we_learned, form.recommendation].map(cleanText)
        var page = NewDiscussionPage(
            community: CommunityHeader(community), boardName: board.name, boardURL: Paths.board(community, board),
            action: Paths.newDiscussion(community, board), kinds: kindOptions(board, community, context, selected: kind),
            communitySlug: community.slug, title: title, body: body, context: sections[0], whatHappened: sections[1], whatWeLearned: sections[2],
            recommendation: sections[3])
        if form.check != nil {
            page.similar = try await similar(to: title, in: community, context: context)
            page.checked = true
            return try services.page(.discussionsNew, title: "New discussion", page: page, context: context)
        }
        page.errors.title = PostValidation.title(title)
        page.errors.body = PostValidation.body(body, required: kind != .lesson)
        if kind == .lesson { page.errors.lesson = PostValidation.lesson(sections) }
        if page.errors.title != nil || page.errors.body != nil || page.errors.lesson != nil {
            page.hasErrors = true
            return try services.page(.discussionsNew, title: "New discussion", page: page, context: context, status: .badRequest)
        }
        let discussion = try await services.database.createDiscussion(NewDiscussion(
            communityID: community.id!, boardID: board.id!, kind: kind, title: title, authorID: user.id!,
            body: .from(body), lesson: kind == .lesson ? sections.map(RenderedText.from) : [], createdAt: services.now,
            holdFirst: holdFirst(community, context)), checking: context.guardian.writeCheck { guardian, db in
                let community = try CheckedRows.community(db, id: community.id!)
                guard let board = try Board.fetchOne(db, cached: "SELECT * FROM board WHERE id = ?", [board.id!]) else { throw AppError.notFound }
                try guardian.ensureCanStartDiscussion(in: board, of: community, kind: kind)
            })
        return redirect(to: Paths.discussion(discussion))
    }

    /// The approval-queue setting that applies to this author: moderators' posts are never held.
    func holdFirst(_ community: Community, _ context: AppRequestContext) -> Int {
        context.guardian.isModerator(of: community) ? 0 : community.holdFirstPosts
    }


    // MARK: - Reading

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        let query = request.uri.queryParameters
        guard let requestedPage = Int(query.get("page") ?? "1"), requestedPage >= 1 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        guard let thread = try await services.database.discussionThread(id: id, page: requestedPage, reader: context.user?.id) else {
            _ = try await load.discussion(context)  // a merged discussion's old id redirects; anything else is 404
            throw AppError.notFound
        }
        try context.guardian.ensureVisible(context.guardian.canSee(thread.context.discussion, in: thread.context.community))
        if requestedPage > thread.pageCount { throw AppError.notFound }
        services.views.record(id)
        PageCapture.current?.countedView(of: id)
        await markNotificationsRead(discussionID: id, context: context)

        var draft = ""
        if let quoteParam = query.get("quote") {
            guard let number = Int(quoteParam), number >= 1 else { throw AppError.badRequest("“quote” must be a post number.") }
            // The page's posts carry HTML only: the quoted post's Markdown is read on its own.
            if let quoted = try await services.database.post(discussionID: id, number: number), context.guardian.canSeeContent(of: quoted.post, in: thread.context.community), quoted.post.isVisible {
                draft = Markdown.quote(quoted.post.bodyMarkdown, author: quoted.author?.handle ?? "former-member",
                                       link: Paths.post(thread.context.discussion, number: number))
            }
        }
        var page = try await DiscussionPageBuilder(services: services, context: context).build(thread, draft: draft)
        ReadingLoading(services: services).read(&page, thread.context, viewer: thread.viewer, context: context)
        return try services.page(.discussionsShow, title: thread.context.discussion.title, page: page, context: context,
                                 notice: WatchController.notice(request),
                                 feed: FeedLink.of(thread.context.discussion, in: thread.context.community))
    }

    // MARK: - Replying

    struct ReplyForm: Decodable { let body: String }

    @Sendable func reply(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let user = try load.actingUser(context)
        let (discussion, board, community) = (found.discussion, found.board, found.community)
        try context.guardian.ensureCanReply(to: discussion, in: board, of: community)
        let form = try await FormBody.decode(ReplyForm.self, from: request, context: context)
        let body = cleanText(form.body)
        if let problem = PostValidation.body(body) {
            guard let thread = try await services.database.discussionThread(id: discussion.id!, page: Int.max, reader: context.user?.id) else { throw AppError.notFound }
            let page = try await DiscussionPageBuilder(services: services, context: context).build(thread, draft: form.body, error: problem)
            return try services.page(.discussionsShow, title: discussion.title, page: page, context: context, status: .badRequest)
        }
        let post = try await services.database.reply(discussionID: discussion.id!, authorID: user.id!, body: .from(body),
                                                     now: services.now, holdFirst: holdFirst(community, context),
                                                     checking: context.guardian.writeCheck { guardian, db in
            let found = try CheckedRows.discussion(db, id: discussion.id!)
            try guardian.ensureCanReply(to: found.discussion, in: found.board, of: found.community)
        })
        return redirect(to: Paths.post(discussion, number: post.number))
    }

    // MARK: - Moderation of a discussion

    struct AcceptForm: Decodable { let post_id: String }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        _ = try load.actingUser(context)
        let form = try await FormBody.decode(AcceptForm.self, from: request, context: context)
        try context.guardian.ensureCanAcceptAnswer(of: found.discussion, in: found.community)
        let postID: Int64?
        if form.post_id.isEmpty { postID = nil } else {
            guard let id = Int64(form.post_id) else { throw AppError.badRequest("“post_id” must be a post number.") }
            postID = id
        }
        let moderator = context.guardian.acceptsAsModerator(found.discussion, in: found.community)
            ? ModeratorStamp(moderatorID: context.user!.id!, at: services.now) : nil
        let id = found.discussion.id!
        try await services.database.setAcceptedAnswer(discussionID: id, postID: postID, loggedAs: moderator, now: services.now,
                                                      checking: context.guardian.writeCheck { guardian, db in
            let found = try CheckedRows.discussion(db, id: id)
            try guardian.ensureCanAcceptAnswer(of: found.discussion, in: found.community)
        })
        return redirect(to: Paths.discussion(found.discussion))
    }

    struct LockForm: Decodable {
        let locked: String
        let reason: String?
    }

    @Sendable func lock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensure(context.guardian.canModerate(found.community), "Only moderators lock discussions.")
        let form = try await FormBody.decode(LockForm.self, from: request, context: context)
        guard form.locked == "true" || form.locked == "false" else { throw AppError.badRequest("“locked” must be true or false.") }
        let reason = try moderatorReason(form.reason)
        let locked = form.locked == "true"
        guard found.discussion.isLocked != locked else {
            throw AppError.conflict(locked ? "This discussion is already locked." : "This discussion is not locked.")
        }
        try await services.database.setLocked(discussionID: found.discussion.id!, locked: locked, reason: reason,
                                              by: ModeratorStamp(moderatorID: moderator.id!, at: services.now),
                                              checking: context.guardian.moderatorCheck(found.community, "Only moderators lock discussions."))
        return redirect(to: Paths.discussion(found.discussion))
    }

    struct PinForm: Decodable { let pinned: String }

    @Sendable func pin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensure(context.guardian.canModerate(found.community), "Only moderators pin discussions.")
        let form = try await FormBody.decode(PinForm.self, from: request, context: context)
        guard form.pinned == "true" || form.pinned == "false" else { throw AppError.badRequest("“pinned” must be true or false.") }
        let pinned = form.pinned == "true"
        guard found.discussion.pinned != pinned else {
            throw AppError.conflict(pinned ? "This discussion is already pinned." : "This discussion is not pinned.")
        }
        try await services.database.setPinned(discussionID: found.discussion.id!, pinned: pinned,
                                              by: ModeratorStamp(moderatorID: moderator.id!, at: services.now),
                                              checking: context.guardian.moderatorCheck(found.community, "Only moderators pin discussions."))
        return redirect(to: Paths.discussion(found.discussion))
    }
}
