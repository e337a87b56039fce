import Foundation
import Hummingbird

/// Asking a member to look at a question, the requests a member received and sent, and the unanswered
/// questions matching what a member can help with.
///
///     POST /d/{id}/ask              (helper = handle, message optional)   303 to /help-requests
///     GET  /help-requests           received (unread first marked new) and sent requests
///     POST /help-requests/seen      marks every received request read; 409 when none is unread
///     GET  /questions-for-you       unanswered questions in one's communities matching one's "can help with" topics
///
/// Asking: 403 for non-members, suspended or silenced accounts, and helpers who did not opt in to being suggested;
/// 400 for no helper, an unknown one, oneself, a helper outside the community, a message too long, or a discussion
/// that is not a question; 409 when the helper was already asked about the question; 429 past
/// `HelpRequest.maxPerWindow` requests in 24 hours.
struct HelpRequestController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("d/:id/ask", use: ask)
        router.get("help-requests", use: list)
        router.post("help-requests/seen", use: markSeen)
        router.get("questions-for-you", use: questionsForYou)
    }

    struct AskForm: Decodable {
        let helper: String?
        let message: String?
    }

    static let notices = [
        "asked": "Your request was sent: they will see it on their help requests page.",
        "seen": "Every help request is marked read.",
    ]

    /// How many requests each list of the help requests page shows, and questions for you.
    static let listLimit = 100
    static let questionsLimit = 50

    // MARK: - Asking

    @Sendable func ask(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await load.discussion(context)
        let user = try load.actingUser(context)
        let (discussion, community) = (found.discussion, found.community)
        let guardian = context.guardian
        try guardian.ensureCanAskForHelp(on: discussion, in: community)
        let form = try await FormBody.decode(AskForm.self, from: request, context: context)
        guard discussion.kind == .question else {
            throw AppError.badRequest("Help requests are for questions; this discussion is a \(discussion.kind.label.lowercased()).")
        }
        var handle = cleanText(form.helper).lowercased()
        while handle.hasPrefix("@") { handle.removeFirst() }
        guard !handle.isEmpty else { throw AppError.badRequest("Choose whom to ask to look at this question.") }
        guard let helper = try await services.database.user(handle: handle) else {
            throw AppError.badRequest("There is no member @\(handle).")
        }
        try guardian.ensureCanBeAsked(
            helper, isMember: try await services.database.membership(communityID: community.id!, userID: helper.id!) != nil,
            suggestable: try await services.database.expertise(userID: helper.id!).suggestable, in: community)
        let message = cleanText(form.message)
        guard message.count <= HelpRequest.maxMessageLength else {
            throw AppError.badRequest("The message can be at most \(HelpRequest.maxMessageLength) characters (it has \(message.count)).")
        }
        try guardian.ensureAskable(discussion)
        _ = try await services.database.createHelpRequest(HelpRequest(
            communityId: community.id!, discussionId: discussion.id!, requesterId: user.id!, helperId: helper.id!,
            message: message, createdAt: services.now), helperName: helper.displayName,
            checking: Self.askCheck(guardian, discussionID: discussion.id!, helperID: helper.id!))
        return redirect(to: Paths.helpRequests + "?notice=asked")
    }

    /// The asker's rule and the helper's, taken again inside the write on the rows as they are then: the asker still
    /// takes part in the community, the question is still listed, the helper still a member, opted in, not suspended.
    static func askCheck(_ guardian: Guardian, discussionID: Int64, helperID: Int64) -> WriteCheck {
        guardian.writeCheck { guardian, db in
            let found = try CheckedRows.discussion(db, id: discussionID)
            try guardian.ensureCanAskForHelp(on: found.discussion, in: found.community)
            let helper = try CheckedRows.user(db, id: helperID)
            let isMember = try CheckedRows.membershipIfAny(db, communityID: found.community.id!, userID: helperID) != nil
            try guardian.ensureCanBeAsked(helper, isMember: isMember, suggestable: AppDatabase.expertise(db, userID: helperID).suggestable,
                                          in: found.community)
            try guardian.ensureAskable(found.discussion)
        }
    }

    // MARK: - Your requests

    private func entry(_ row: HelpRequestRow, person: User?, guardian: Guardian, isNew: Bool) -> HelpRequestEntry {
        let seesQuestion = guardian.canSee(row.discussion, in: row.community)
        return HelpRequestEntry(
            personName: person?.displayName ?? "A former member", personURL: person.map { Paths.user($0.handle) },
            questionTitle: seesQuestion ? row.discussion.title : "A question that is no longer visible",
            questionURL: seesQuestion ? Paths.discussion(row.discussion) : nil, communityName: row.community.name,
            message: row.helpRequest.message.nonEmpty, created: Formatting.moment(row.helpRequest.createdAt),
            createdISO: Formatting.iso(row.helpRequest.createdAt), isNew: isNew)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let guardian = context.guardian
        try guardian.ensure(guardian.canSeeOwnLearning)
        let id = context.user!.id!
        let visible = guardian.visibleCommunitySQL(table: "community")
        let received = try await services.database.helpRequests(helperID: id, visible: visible, limit: Self.listLimit)
        let sent = try await services.database.sentHelpRequests(requesterID: id, visible: visible, limit: Self.listLimit)
        let page = HelpRequestsPage(
            received: received.map { entry($0, person: $0.requester, guardian: guardian, isNew: $0.helpRequest.seenAt == nil) },
            sent: sent.map { entry($0, person: $0.helper, guardian: guardian, isNew: false) },
            hasUnseen: received.contains { $0.helpRequest.seenAt == nil },
            nav: try await SettingsNav.make(.helpRequests, services: services, context: context))
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.learningHelpRequests, title: "Help requests", page: page, context: context, notice: notice)
    }

    @Sendable func markSeen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canSeeOwnLearning)
        let count = try await services.database.markHelpRequestsSeen(helperID: context.user!.id!, now: services.now)
        guard count > 0 else { throw AppError.conflict("There are no unread help requests.") }
        return redirect(to: Paths.helpRequests + "?notice=seen")
    }

    // MARK: - Questions for you

    @Sendable func questionsForYou(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.guardian.ensureSignedIn()
        let guardian = context.guardian
        try guardian.ensure(guardian.canSeeOwnLearning)
        let id = context.user!.id!
        let topics = try await services.database.expertise(userID: id).help
        let matches = try await services.database.questionsForYou(
            userID: id, topics: topics, visible: guardian.visibleCommunitySQL(table: "community"), limit: Self.questionsLimit)
        let entries = matches.filter { guardian.canSee($0.discussion, in: $0.community) }.map { match in
            let d = match.discussion
            return QuestionForYouEntry(
                title: d.title, url: Paths.discussion(d), communityName: match.community.name,
                communityURL: Paths.community(match.community), created: Formatting.day(d.createdAt), createdISO: Formatting.iso(d.createdAt),
                replies: d.replyCount == 1 ? "1 reply" : "\(d.replyCount) replies",
                why: "Matches \(match.topics.joined(separator: " and ")), which you said you can help with.")
        }
        let page = QuestionsForYouPage(
            questions: entries, hasTopics: !topics.isEmpty, topics: topics.joined(separator: ", ").nonEmpty,
            limit: Self.questionsLimit, nav: try await SettingsNav.make(.questions, services: services, context: context))
        return try services.page(.learningQuestionsForYou, title: "Questions you could answer", page: page, context: context)
    }
}
