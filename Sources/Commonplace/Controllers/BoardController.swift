import Foundation
import Hummingbird

/// Boards: the board page, and their management by the community's moderators.
///
///     GET  /c/{community}/b/{board}            ?filter=answered|unanswered &page=N
///     GET  /c/{community}/boards
///     GET  /c/{community}/boards/new           POST /c/{community}/boards/new
///     GET  /c/{community}/b/{board}/edit       POST /c/{community}/b/{board}/edit
///     POST /c/{community}/b/{board}/move       (direction=up|down)
///     POST /c/{community}/b/{board}/archive    (archived=true|false)
struct BoardController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/:community/b/:board", use: show)
        router.get("c/:community/boards", use: manage)
        router.get("c/:community/boards/new", use: newForm)
        router.post("c/:community/boards/new", use: create)
        router.get("c/:community/b/:board/edit", use: editForm)
        router.post("c/:community/b/:board/edit", use: update)
        router.post("c/:community/b/:board/move", use: move)
        router.post("c/:community/b/:board/archive", use: archive)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        let query = request.uri.queryParameters
        let filterParam = query.get("filter") ?? "all"
        guard let filter = AnsweredFilter(rawValue: filterParam.isEmpty ? "all" : filterParam) else {
            throw AppError.badRequest("There is no filter “\(filterParam)”. Choose answered or unanswered.")
        }
        guard let page = Int(query.get("page") ?? "1"), page >= 1, page <= 100_000 else {
            throw AppError.badRequest("The page number must be a whole number from 1.")
        }
        let (rows, total) = try await services.database.boardPage(boardID: board.id!, listed: context.guardian.listedDiscussionFilter(in: community), filter: filter, page: page)
        let pageCount = max(1, (total + AppDatabase.discussionsPerPage - 1) / AppDatabase.discussionsPerPage)
        if page > pageCount { throw AppError.notFound }
        let guardian = context.guardian
        let canStart = guardian.canStartDiscussion(in: board, of: community, kind: .question)
        // The member's marks and watch levels in one read (each read transaction costs its locks).
        let watching = context.user != nil && guardian.canWatch(board, in: community) ? (community: community.id!, board: board.id) : nil
        let reading = try ReadingLoading(services: services).state(
            context, discussions: guardian.canTrackReading(in: community) ? rows.map(\.discussion) : [], watching: watching)
        let unread = reading.unread
        let entries = rows.map { row in
            var entry = DiscussionListEntry(row, views: services.views.unsaved(row.discussion.id!))
            entry.unread = unread.badge(row.discussion)
            return entry
        }
        let emptyMessage: String = switch filter {
        case .all: canStart ? "No discussions yet. Start the first one: ask a question or share a lesson learned."
            : "No discussions yet."
        case .answered: "No answered questions here yet."
        case .unanswered: "Every question here has an accepted answer."
        }
        var model = BoardPage(
            community: try await load.header(community, context), name: board.name, description: board.description.nonEmpty,
            isArchived: board.isArchived, discussions: entries,
            filters: AnsweredFilter.allCases.map { option in
                FilterLink(label: option.label,
                           url: Paths.board(community, board, filter: option, page: 1), isCurrent: option == filter)
            },
            canStart: canStart, newURL: Paths.newDiscussion(community, board),
            emptyMessage: emptyMessage,
            pagination: Pagination.make(current: page, total: pageCount) { Paths.board(community, board, filter: filter, page: $0) },
            signInURL: guardian.isSignedIn ? nil : Paths.signIn(next: Paths.board(community, board)),
            joinURL: guardian.isSignedIn && !guardian.isMember(of: community) && !guardian.isAdmin && community.status == .active
                ? Paths.join(community) : nil)
        if guardian.canTrackReading(in: community) {
            model.markReadAction = Paths.markRead(community)
            model.markReadBoard = board.slug
        }
        if let state = reading.watch {
            model.watch = WatchControl(.board, state: state, action: Paths.watchBoard(community, board))
        }
        let notice = request.uri.queryParameters.get("notice").flatMap { ReadingController.notices[$0] } ?? WatchController.notice(request)
        return try services.page(.boardsShow, title: "\(board.name) · \(community.name)", page: model, context: context,
                                 notice: notice,
                                 feed: FeedLink.of("Latest discussions in \(board.name)", path: Paths.boardFeed(community, board), community: community))
    }

    // MARK: - Management

    private func ensureManager(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanManageBoards(of: community)
    }

    /// The same decision, taken again inside the write on the community as it is then.
    private func managerCheck(_ community: Community, _ context: AppRequestContext) -> WriteCheck {
        context.guardian.communityCheck(community) { guardian, community in try guardian.ensureCanManageBoards(of: community) }
    }

    @Sendable func manage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try ensureManager(community, context)
        let summaries = try await services.database.boards(communityID: community.id!)
        let active = summaries.filter { !$0.board.isArchived }
        let entries = summaries.map { summary in
            let b = summary.board
            return BoardManageEntry(
                name: b.name, url: Paths.board(community, b), editURL: Paths.editBoard(community, b),
                moveURL: Paths.moveBoard(community, b), archiveURL: Paths.archiveBoard(community, b),
                isArchived: b.isArchived, isFirst: active.first?.board.id == b.id, isLast: active.last?.board.id == b.id,
                discussions: summary.discussionCount)
        }
        let page = BoardsManagePage(community: CommunityHeader(community), boards: entries, newURL: Paths.newBoard(community))
        return try services.page(.boardsManage, title: "Boards of \(community.name)", page: page, context: context)
    }

    struct BoardForm: Decodable {
        let name: String
        let slug: String
        let description: String?
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try ensureManager(community, context)
        let page = BoardFormPage(community: CommunityHeader(community), heading: "New board", action: Paths.newBoard(community), submitLabel: "Create board")
        return try services.page(.boardsForm, title: "New board", page: page, context: context)
    }

    /// Validates the form into `board`, returning messages per field.
    private func apply(_ form: BoardForm, to board: inout Board) -> BoardErrors {
        board.name = cleanText(form.name)
        board.slug = cleanText(form.slug).lowercased()
        board.description = cleanText(form.description)
        var errors = BoardErrors()
        if board.name.isEmpty { errors.name = "Give the board a name." }
        else if board.name.count > Board.Limits.name { errors.name = "A name can be at most \(Board.Limits.name) characters." }
        if board.slug.isEmpty { board.slug = Paths.slugify(board.name) }
        if board.slug.count < 2 || board.slug.count > Board.Limits.slug
            || !board.slug.allSatisfy(CommunityForm.slugCharacters.contains) || board.slug.hasPrefix("-") || board.slug.hasSuffix("-") {
            errors.slug = "Use 2 to \(Board.Limits.slug) lowercase letters a–z, digits and hyphens."
        }
        if board.description.count > Board.Limits.description { errors.description = "A description can be at most \(Board.Limits.description) characters." }
        return errors
    }

    private func formPage(_ community: Community, _ board: Board, errors: BoardErrors?, heading: String, action: String, submit: String) -> BoardFormPage {
        var page = BoardFormPage(community: CommunityHeader(community), heading: heading, action: action, submitLabel: submit)
        page.name = board.name
        page.slug = board.slug
        page.description = board.description
        if let errors { page.errors = errors; page.hasErrors = true }
        return page
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        _ = try load.actingUser(context)
        try ensureManager(community, context)
        let form = try await FormBody.decode(BoardForm.self, from: request, context: context)
        var board = Board(communityId: community.id!, slug: "", name: "", position: 0, createdAt: services.now)
        var errors = apply(form, to: &board)
        if errors.name == nil, errors.slug == nil, errors.description == nil {
            do {
                board = try await services.database.createBoard(board, log: boardLog(.createBoard, board, community, context),
                                                                checking: managerCheck(community, context))
                return redirect(to: Paths.boards(community))
            } catch is SlugTaken {
                errors.slug = "This community already has a board at that address."
            }
        }
        let page = formPage(community, board, errors: errors, heading: "New board", action: Paths.newBoard(community), submit: "Create board")
        return try services.page(.boardsForm, title: "New board", page: page, context: context, status: .badRequest)
    }

    @Sendable func editForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        try ensureManager(community, context)
        let page = formPage(community, board, errors: nil, heading: "Edit \(board.name)", action: Paths.editBoard(community, board), submit: "Save board")
        return try services.page(.boardsForm, title: "Edit \(board.name)", page: page, context: context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, original) = try await load.board(context)
        _ = try load.actingUser(context)
        try ensureManager(community, context)
        let form = try await FormBody.decode(BoardForm.self, from: request, context: context)
        var board = original
        var errors = apply(form, to: &board)
        if errors.name == nil, errors.slug == nil, errors.description == nil {
            do {
                try await services.database.updateBoard(board, log: boardLog(.editBoard, board, community, context),
                                                        checking: managerCheck(community, context))
                return redirect(to: Paths.boards(community))
            } catch is SlugTaken {
                errors.slug = "This community already has a board at that address."
            }
        }
        let page = formPage(community, board, errors: errors, heading: "Edit \(original.name)", action: Paths.editBoard(community, original), submit: "Save board")
        return try services.page(.boardsForm, title: "Edit \(original.name)", page: page, context: context, status: .badRequest)
    }

    struct MoveForm: Decodable { let direction: String }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        _ = try load.actingUser(context)
        try ensureManager(community, context)
        let form = try await FormBody.decode(MoveForm.self, from: request, context: context)
        guard form.direction == "up" || form.direction == "down" else { throw AppError.badRequest("The direction must be “up” or “down”.") }
        try await services.database.moveBoard(id: board.id!, by: form.direction == "up" ? -1 : 1,
                                              log: boardLog(.moveBoard, board, community, context, reason: form.direction),
                                              checking: managerCheck(community, context))
        return redirect(to: Paths.boards(community))
    }

    struct ArchiveForm: Decodable { let archived: String }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (community, board) = try await load.board(context)
        _ = try load.actingUser(context)
        try ensureManager(community, context)
        let form = try await FormBody.decode(ArchiveForm.self, from: request, context: context)
        guard form.archived == "true" || form.archived == "false" else { throw AppError.badRequest("“archived” must be true or false.") }
        let archive = form.archived == "true"
        if archive == board.isArchived { throw AppError.conflict("This board is already \(archive ? "archived" : "open").") }
        try await services.database.setBoardArchived(id: board.id!, archived: archive, now: services.now,
                                                     log: boardLog(archive ? .archiveBoard : .unarchiveBoard, board, community, context),
                                                     checking: managerCheck(community, context))
        return redirect(to: Paths.boards(community))
    }

    /// The moderation-log row for a board change by the signed-in moderator.
    private func boardLog(_ action: ModerationAction.Kind, _ board: Board, _ community: Community,
                          _ context: AppRequestContext, reason: String = "") -> ModerationAction {
        ModerationAction(communityId: community.id!, actorId: context.user?.id, action: action, targetType: .board,
                         targetId: board.id, targetLabel: board.name, reason: reason, createdAt: services.now)
    }
}

extension DiscussionListEntry {
    init(_ row: DiscussionListRow, views unsaved: Int) {
        let d = row.discussion
        title = d.title
        url = Paths.discussion(d)
        kind = d.kind.label
        isQuestion = d.kind == .question
        isAnswered = d.isAnswered
        pinned = d.pinned
        locked = d.isLocked
        replies = d.replyCount
        repliesLabel = d.replyCount == 1 ? "1 reply" : "\(d.replyCount) replies"
        views = d.viewCount + unsaved
        authorName = row.author?.displayName ?? "A former member"
        started = Day(d.createdAt)
        lastPosterName = row.lastPoster?.displayName ?? "A former member"
        lastActivity = Day(d.lastPostAt)
        lastActivityISO = ISOTime(d.lastPostAt)
        isHeld = d.isHeld
        isHidden = d.isHidden
    }
}
