import Foundation
import Hummingbird

/// Moderators' discussion tools: move a discussion to another board (of a community they also moderate), merge it
/// into another discussion, split replies out into a new one, hide and restore it. Each action is one transaction
/// with its moderation log row.
///
///     GET  /d/{id}/move     POST /d/{id}/move     (board: a board id)
///     GET  /d/{id}/merge    POST /d/{id}/merge    (into: an id or a discussion URL; review=1 shows the confirmation step)
///     GET  /d/{id}/split    POST /d/{id}/split    (posts[]: post ids, title, kind=question|conversation, board: a board id)
///     POST /d/{id}/hide                           (reason)
///     POST /d/{id}/restore
struct DiscussionToolsController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("d/:id/move", use: moveForm)
        router.post("d/:id/move", use: move)
        router.get("d/:id/merge", use: mergeForm)
        router.post("d/:id/merge", use: merge)
        router.get("d/:id/split", use: splitForm)
        router.post("d/:id/split", use: split)
        router.post("d/:id/hide", use: hide)
        router.post("d/:id/restore", use: restore)
    }

    private func subject(_ found: DiscussionContext) -> ToolSubject {
        ToolSubject(title: found.discussion.title, url: Paths.discussion(found.discussion), community: CommunityHeader(found.community),
                    place: "\(found.community.name) › \(found.board.name)")
    }

    private func stamp(_ moderator: User) -> ModeratorStamp { ModeratorStamp(moderatorID: moderator.id!, at: services.now) }

    /// Merge and split need an active community and its moderators.
    private func ensureCanRestructure(_ found: DiscussionContext, _ context: AppRequestContext, _ message: String) throws {
        try context.guardian.ensureCanRestructure(found.community, message)
    }

    // MARK: - Move

    private func movePage(_ found: DiscussionContext, _ context: AppRequestContext, selected: Int64? = nil) async throws -> MoveDiscussionPage {
        let targets = context.guardian.moveTargets(of: found.discussion, from: found.community, among: try await services.database.communities())
        let boards = Dictionary(grouping: try await services.database.openBoards(communityIDs: targets.map { $0.id! }), by: \.communityId)
        let groups = targets.compactMap { community -> BoardGroup? in
            let options = (boards[community.id!] ?? []).filter { $0.id != found.board.id }
                .map { Option(value: "\($0.id!)", label: $0.name, selected: $0.id == selected) }
            return options.isEmpty ? nil : BoardGroup(label: community.name, boards: options)
        }
        return MoveDiscussionPage(subject: subject(found), action: Paths.moveDiscussion(found.discussion), groups: groups, hasTargets: !groups.isEmpty)
    }

    @Sendable func moveForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        try context.guardian.ensureCanMoveDiscussions(from: found.community)
        return try services.page(.discussionsMove, title: "Move discussion", page: try await movePage(found, context), context: context)
    }

    struct MoveForm: Decodable { let board: String? }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureCanMoveDiscussions(from: found.community)
        let form = try await FormBody.decode(MoveForm.self, from: request, context: context)
        // A board of a community this moderator cannot even see is as unknown as a made-up id.
        guard let boardID = Int64(cleanText(form.board)), let (board, community) = try await services.database.boardWithCommunity(id: boardID),
              context.guardian.canSee(community) else {
            var page = try await movePage(found, context)
            page.error = "Choose a board from the list."
            page.hasErrors = true
            return try services.page(.discussionsMove, title: "Move discussion", page: page, context: context, status: .badRequest)
        }
        try context.guardian.ensureCanMove(found, to: board, of: community)
        let id = found.discussion.id!
        try await services.database.moveDiscussion(id: id, toBoardID: boardID, by: stamp(moderator),
                                                   checking: context.guardian.writeCheck { guardian, db in
            let target = try CheckedRows.board(db, id: boardID)
            try guardian.ensureCanMove(CheckedRows.discussion(db, id: id), to: target.board, of: target.community)
        })
        return redirect(to: Paths.discussion(found.discussion))
    }

    // MARK: - Merge

    /// The discussion id in what a moderator typed: a number, or an address such as `/d/123/title` or `https://host/d/123#p4`.
    static func discussionID(in text: String) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let id = Int64(text) { return id > 0 ? id : nil }
        guard let range = text.range(of: "/d/") else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard let id = Int64(digits), id > 0 else { return nil }
        let rest = text[range.upperBound...].dropFirst(digits.count)
        return rest.isEmpty || "/?#".contains(rest.first!) ? id : nil
    }

    private func mergePage(_ found: DiscussionContext) -> MergeDiscussionPage {
        MergeDiscussionPage(subject: subject(found), action: Paths.mergeDiscussion(found.discussion))
    }

    @Sendable func mergeForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        _ = try load.actingUser(context)
        try ensureCanRestructure(found, context, "Only this community's moderators merge discussions.")
        return try services.page(.discussionsMerge, title: "Merge discussion", page: mergePage(found), context: context)
    }

    struct MergeForm: Decodable {
        let into: String?
        /// Present on the first step: show what would be merged, write nothing.
        let review: String?
    }

    /// The discussion `id` names (following an earlier merge), if this moderator can see it.
    private func mergeTarget(_ id: Int64, _ context: AppRequestContext) async throws -> DiscussionContext? {
        var found = try await services.database.discussionContext(id: id)
        if found == nil, let redirected = try await services.database.discussionRedirect(id: id) {
            found = try await services.database.discussionContext(id: redirected)
        }
        guard let found, context.guardian.canSee(found.discussion, in: found.community) else { return nil }
        return found
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try ensureCanRestructure(found, context, "Only this community's moderators merge discussions.")
        let form = try await FormBody.decode(MergeForm.self, from: request, context: context)
        var page = mergePage(found)
        page.into = cleanText(form.into)
        func refuse(_ message: String) throws -> Response {
            page.error = message
            page.hasErrors = true
            return try services.page(.discussionsMerge, title: "Merge discussion", page: page, context: context, status: .badRequest)
        }
        guard let targetID = Self.discussionID(in: page.into) else {
            return try refuse("Give the number or the address of a discussion, like 123 or /d/123/its-title.")
        }
        guard let target = try await mergeTarget(targetID, context) else { return try refuse("There is no such discussion, or you cannot see it.") }
        guard target.discussion.id != found.discussion.id else { return try refuse("A discussion cannot be merged into itself.") }
        try context.guardian.ensureCanMerge(found, into: target)
        if form.review != nil {
            let sourcePosts = try await services.database.postCount(discussionIDs: [found.discussion.id!])
            let targetPosts = try await services.database.postCount(discussionIDs: [target.discussion.id!])
            page.postsLabel = Self.posts(sourcePosts)
            page.review = MergeReview(
                id: "\(target.discussion.id!)", title: target.discussion.title, url: Paths.discussion(target.discussion),
                place: "\(target.community.name) › \(target.board.name)", postsLabel: Self.posts(targetPosts), total: sourcePosts + targetPosts)
            return try services.page(.discussionsMerge, title: "Merge discussion", page: page, context: context)
        }
        let (sourceID, intoID) = (found.discussion.id!, target.discussion.id!)
        let merged = try await services.database.mergeDiscussion(
            id: sourceID, into: intoID, sourceOpening: try await foldedLesson(found.discussion), by: stamp(moderator),
            checking: context.guardian.writeCheck { guardian, db in
                try guardian.ensureCanMerge(CheckedRows.discussion(db, id: sourceID), into: CheckedRows.discussion(db, id: intoID))
            })
        services.views.transfer(from: found.discussion.id!, to: merged.id!)
        return redirect(to: Paths.discussion(merged))
    }

    /// "1 post", "4 posts".
    static func posts(_ count: Int) -> String { count == 1 ? "1 post" : "\(count) posts" }

    /// A lesson's opening post with its four sections appended as headed Markdown, so nothing is lost when it
    /// becomes a reply of another discussion; nil for other kinds.
    private func foldedLesson(_ discussion: Discussion) async throws -> RenderedText? {
        guard discussion.kind == .lesson, let opening = try await services.database.post(discussionID: discussion.id!, number: 1) else { return nil }
        let sections = [discussion.lessonContext, discussion.lessonWhatHappened, discussion.lessonWhatWeLearned, discussion.lessonRecommendation]
        var markdown = opening.post.bodyMarkdown
        for (heading, text) in zip(PostValidation.lessonHeadings, sections) where !text.isEmpty {
            markdown += "\n\n## \(heading)\n\n\(text)"
        }
        return .from(markdown.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: - Split

    /// The kinds a split-out discussion can take.
    static let splitKinds: [Discussion.Kind] = [.question, .conversation]

    private func splitPage(_ found: DiscussionContext, posts: [PostRow], chosen: Set<Int64> = [], kind: Discussion.Kind? = nil,
                           boardID: Int64? = nil) async throws -> SplitDiscussionPage {
        let d = found.discussion
        let kind = kind ?? (Self.splitKinds.contains(d.kind) ? d.kind : .conversation)
        let boards = try await services.database.openBoards(communityIDs: [found.community.id!])
        let board = boardID ?? found.board.id
        let entries = posts.filter { $0.post.number > 1 && !$0.post.isDeleted }.map { row in
            let p = row.post
            return SplitPostEntry(
                id: p.id!, fieldID: "post-\(p.id!)", number: p.number, authorName: row.author?.displayName ?? "A former member",
                created: Formatting.moment(p.createdAt), createdISO: Formatting.iso(p.createdAt), excerpt: Self.excerpt(p.bodyMarkdown),
                status: p.isHidden ? "Hidden" : p.isHeld ? "Awaiting approval" : nil, checked: chosen.contains(p.id!))
        }
        return SplitDiscussionPage(
            subject: subject(found), action: Paths.splitDiscussion(d), posts: entries,
            kinds: Self.splitKinds.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == kind) },
            boards: boards.map { Option(value: "\($0.id!)", label: $0.name, selected: $0.id == board) })
    }

    /// The start of a post's text on one line.
    static func excerpt(_ markdown: String, length: Int = 160) -> String {
        let line = markdown.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > length ? String(line.prefix(length)) + "…" : line
    }

    @Sendable func splitForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        _ = try load.actingUser(context)
        try ensureCanRestructure(found, context, "Only this community's moderators split discussions.")
        let posts = try await services.database.posts(discussionID: found.discussion.id!)
        return try services.page(.discussionsSplit, title: "Split discussion", page: try await splitPage(found, posts: posts), context: context)
    }

    /// Checkboxes named `posts[]` arrive as an array (Hummingbird's form decoder: `posts[]=3&posts[]=5`).
    struct SplitForm: Decodable {
        let posts: [String]?
        let title: String?
        let kind: String?
        let board: String?
    }

    @Sendable func split(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try ensureCanRestructure(found, context, "Only this community's moderators split discussions.")
        let form = try await FormBody.decode(SplitForm.self, from: request, context: context)
        let posts = try await services.database.posts(discussionID: found.discussion.id!)
        let chosenIDs = (form.posts ?? []).compactMap { Int64(cleanText($0)) }
        let kind = Discussion.Kind(rawValue: cleanText(form.kind)).flatMap { Self.splitKinds.contains($0) ? $0 : nil }
        let boardID = Int64(cleanText(form.board))
        var page = try await splitPage(found, posts: posts, chosen: Set(chosenIDs), kind: kind, boardID: boardID)
        page.title = cleanText(form.title)

        let byID = Dictionary(uniqueKeysWithValues: posts.map { ($0.post.id!, $0.post) })
        let chosen = chosenIDs.compactMap { byID[$0] }.sorted { ($0.createdAt, $0.id!) < ($1.createdAt, $1.id!) }
        if (form.posts ?? []).isEmpty {
            page.errors.posts = "Choose at least one reply to move into the new discussion."
        } else if chosen.count != (form.posts ?? []).count {
            page.errors.posts = "Only replies of this discussion can be split out."
        } else if chosen.contains(where: { $0.number == 1 }) {
            page.errors.posts = "The opening post stays: it is what this discussion is about. Choose replies only."
        } else if let deleted = chosen.first(where: \.isDeleted) {
            page.errors.posts = "Post #\(deleted.number) was deleted by its author; it stays where it is."
        } else if let first = chosen.first, !first.isVisible {
            page.errors.posts = "The earliest chosen post, #\(first.number), would open the new discussion, so it must be visible: "
                + (first.isHeld ? "it is awaiting approval." : "it is hidden.")
        }
        page.errors.title = PostValidation.title(page.title)
        if kind == nil { page.errors.kind = "Choose question or conversation." }
        if !page.boards.contains(where: { $0.value == boardID.map { "\($0)" } }) { page.errors.board = "Choose one of this community's open boards." }
        let errors = page.errors
        if errors.posts != nil || errors.title != nil || errors.kind != nil || errors.board != nil {
            page.hasErrors = true
            return try services.page(.discussionsSplit, title: "Split discussion", page: page, context: context, status: .badRequest)
        }
        let sourceID = found.discussion.id!
        let created = try await services.database.splitDiscussion(
            DiscussionSplit(sourceID: sourceID, postIDs: chosenIDs, title: page.title, kind: kind!, boardID: boardID!),
            by: stamp(moderator), checking: context.guardian.writeCheck { guardian, db in
                try guardian.ensureCanRestructure(CheckedRows.discussion(db, id: sourceID).community,
                                                  "Only this community's moderators split discussions.")
            })
        return redirect(to: Paths.discussion(created))
    }

    // MARK: - Hide and restore

    struct HideForm: Decodable { let reason: String? }

    static let hideRefusal = "Only this community's moderators hide discussions."
    static let restoreRefusal = "Only this community's moderators restore discussions."

    @Sendable func hide(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureModerates(found.community, Self.hideRefusal)
        let form = try await FormBody.decode(HideForm.self, from: request, context: context)
        let reason = try moderatorReason(form.reason, required: "Give a reason for hiding the discussion: its author will see it.")
        guard !found.discussion.isHidden else { throw AppError.conflict("This discussion is already hidden.") }
        try await services.database.setDiscussionHidden(id: found.discussion.id!, hidden: true, reason: reason, by: stamp(moderator),
                                                        checking: context.guardian.discussionModeratorCheck(found.discussion.id!, Self.hideRefusal))
        return redirect(to: Paths.discussion(found.discussion))
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensureModerates(found.community, Self.restoreRefusal)
        guard found.discussion.isHidden else { throw AppError.conflict("This discussion is not hidden.") }
        try await services.database.setDiscussionHidden(id: found.discussion.id!, hidden: false, reason: "", by: stamp(moderator),
                                                        checking: context.guardian.discussionModeratorCheck(found.discussion.id!, Self.restoreRefusal))
        return redirect(to: Paths.discussion(found.discussion))
    }
}
