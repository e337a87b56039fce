import Foundation
import Hummingbird

/// Members flag a post, or a discussion as a whole, for the community's moderators; and see their own flags.
///
///     GET  /p/{id}/flag       POST /p/{id}/flag       (reason = spam|off_topic|disrespectful|private_data|other, note)
///     GET  /d/{id}/flag       POST /d/{id}/flag       (reason, note)
///     GET  /flags             the signed-in member's flags, newest first, with their outcomes
struct FlagController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("p/:id/flag", use: postForm)
        router.post("p/:id/flag", use: flagPost)
        router.get("d/:id/flag", use: discussionForm)
        router.post("d/:id/flag", use: flagDiscussion)
        router.get("flags", use: mine)
    }

    struct FlagForm: Decodable {
        let reason: String?
        let note: String?
    }

    /// What a flag form is about: a post, or (with `post` nil) a discussion as a whole.
    private struct Target {
        let found: DiscussionContext
        let post: Post?
        let authorID: Int64?
        let authorName: String
        let excerptHTML: String
        var what: String { post == nil ? "discussion" : "post" }
    }

    private func postTarget(_ context: AppRequestContext) async throws -> Target {
        let (row, found) = try await load.post(context)
        return Target(found: found, post: row.post, authorID: row.post.authorId,
                      authorName: row.author?.displayName ?? "A former member", excerptHTML: row.post.bodyHtml)
    }

    private func discussionTarget(_ context: AppRequestContext) async throws -> Target {
        let found = try await load.discussion(context)
        let opening = try await services.database.post(discussionID: found.discussion.id!, number: 1)
        let d = found.discussion
        let html = ([opening?.post.bodyHtml ?? ""] + [d.lessonContextHtml, d.lessonWhatHappenedHtml, d.lessonWhatWeLearnedHtml, d.lessonRecommendationHtml])
            .joined(separator: "\n")
        return Target(found: found, post: nil, authorID: d.authorId,
                      authorName: opening?.author?.displayName ?? "A former member", excerptHTML: html)
    }

    /// Sign-in (suspended accounts refused), the Guardian's rule (403), then the target's state (409).
    private func ensureCanFlag(_ target: Target, _ context: AppRequestContext) throws -> User {
        let user = try load.actingUser(context)
        let refusal = context.guardian.flagRefusal(authorID: target.authorID, in: target.found.community, what: target.what)
        try context.guardian.ensure(refusal == nil, refusal ?? "")
        return user
    }

    private func ensureFlaggable(_ target: Target, by user: User) async throws {
        let visible = target.post?.isVisible ?? target.found.discussion.isListed
        if !visible { throw AppError.conflict(AppDatabase.notFlaggable(post: target.post != nil)) }
        if try await services.database.hasOpenFlag(flaggerID: user.id!, discussionID: target.found.discussion.id!, postID: target.post?.id) {
            throw AppError.conflict(AppDatabase.alreadyFlagged(post: target.post != nil))
        }
    }

    private func formPage(_ target: Target) -> FlagFormPage {
        let d = target.found.discussion
        return FlagFormPage(
            heading: target.post.map { "Flag post #\($0.number)" } ?? "Flag this discussion",
            community: CommunityHeader(target.found.community), discussionTitle: d.title,
            targetURL: target.post.map { Paths.post(d, number: $0.number) } ?? Paths.discussion(d),
            authorName: target.authorName, excerpt: Excerpt.text(fromHTML: target.excerptHTML).nonEmpty,
            action: target.post.map { Paths.flagPost($0.id!) } ?? Paths.flagDiscussion(d),
            reasons: ReasonOption.all(checked: nil))
    }

    private func show(_ target: Target, _ context: AppRequestContext) async throws -> Response {
        let user = try ensureCanFlag(target, context)
        try await ensureFlaggable(target, by: user)
        let page = formPage(target)
        return try services.page(.flagsNew, title: page.heading, page: page, context: context)
    }

    private func submit(_ target: Target, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let user = try ensureCanFlag(target, context)
        let form = try await FormBody.decode(FlagForm.self, from: request, context: context)
        var page = formPage(target)
        let reason = Flag.Reason(rawValue: form.reason ?? "")
        page.reasons = ReasonOption.all(checked: reason?.rawValue)
        page.note = cleanText(form.note)
        if reason == nil { page.errors.reason = "Choose what is wrong with this \(target.what)." }
        if reason == .other && page.note.isEmpty {
            page.errors.note = "Say in a few words what is wrong: the moderators need it for “Something else”."
        } else if page.note.count > Flag.maxNoteLength {
            page.errors.note = "The note can be at most \(Flag.maxNoteLength) characters (it has \(page.note.count))."
        }
        if page.errors.reason != nil || page.errors.note != nil {
            page.hasErrors = true
            return try services.page(.flagsNew, title: page.heading, page: page, context: context, status: .badRequest)
        }
        try await ensureFlaggable(target, by: user)
        let authorID = target.authorID
        _ = try await services.database.createFlag(Flag(
            communityId: target.found.community.id!, discussionId: target.found.discussion.id!, postId: target.post?.id,
            flaggerId: user.id!, reason: reason!, note: page.note, createdAt: services.now),
            checking: context.guardian.writeCheck { [discussionID = target.found.discussion.id!, what = target.what] guardian, db in
                let found = try CheckedRows.discussion(db, id: discussionID)
                try guardian.ensureActing()
                try guardian.ensureVisible(guardian.canSee(found.discussion, in: found.community))
                let refusal = guardian.flagRefusal(authorID: authorID, in: found.community, what: what)
                try guardian.ensure(refusal == nil, refusal ?? "")
            })
        return redirect(to: Paths.myFlags + "?notice=flagged")
    }

    @Sendable func postForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await show(try await postTarget(context), context)
    }

    @Sendable func flagPost(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(try await postTarget(context), request, context)
    }

    @Sendable func discussionForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await show(try await discussionTarget(context), context)
    }

    @Sendable func flagDiscussion(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await submit(try await discussionTarget(context), request, context)
    }

    // MARK: - Your flags

    /// How many of their flags a member's page lists.
    static let myFlagsLimit = 100

    static let notices = [
        "flagged": "Thank you: your flag was sent to the community's moderators. Its outcome will show here.",
    ]

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnFlags)
        let guardian = context.guardian
        let rows = try await services.database.flags(flaggerID: context.user!.id!, limit: Self.myFlagsLimit)
        let entries = rows.map { row in
            let flag = row.flag
            let seesCommunity = guardian.canSee(row.community)
            let seesTarget = guardian.canSee(row.discussion, in: row.community)
                && row.post.map { guardian.canSeeContent(of: $0, in: row.community) } ?? true
            let label = seesCommunity
                ? AppDatabase.flagTargetLabel(row.discussion, postNumber: row.post?.number)
                : "Something in a community you no longer belong to"
            return MyFlagEntry(
                targetLabel: label,
                targetURL: seesTarget ? (row.post.map { Paths.post(row.discussion, number: $0.number) } ?? Paths.discussion(row.discussion)) : nil,
                reason: flag.reason.label, note: flag.note.nonEmpty,
                created: Formatting.moment(flag.createdAt), createdISO: Formatting.iso(flag.createdAt),
                outcome: flag.status.outcome, isOpen: flag.status == .open,
                resolutionNote: flag.resolutionNote.nonEmpty, resolved: flag.resolvedAt.map(Formatting.moment))
        }
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.flagsMine, title: "Your flags", page: MyFlagsPage(flags: entries, limit: Self.myFlagsLimit),
                                 context: context, notice: notice)
    }
}
