import Foundation

/// Builds the discussion page's view model: every post with what this visitor may see and do.
struct DiscussionPageBuilder {
    let services: AppServices
    let context: AppRequestContext

    func build(_ thread: DiscussionThread, draft: String, error: String? = nil) async throws -> DiscussionPage {
        let (discussion, board, community) = (thread.context.discussion, thread.context.board, thread.context.community)
        let guardian = context.guardian
        let canReply = guardian.canReply(to: discussion, in: board, of: community)
        var shared = Shared(thread: thread, guardian: guardian, canReply: canReply)
        shared.zone = MomentZone(viewerZone: context.user?.timeZone)
        shared.unreachable = unreachableMentions(thread)
        // A held post is shown only to its author and the moderators; others do not learn it exists.
        // One pass, each entry built once and moved where it goes (a post entry is large: copying 50 of them showed).
        var opening: PostEntry?
        var replies: [PostEntry] = []
        replies.reserveCapacity(thread.posts.count)
        for row in thread.posts where !row.post.isHeld || guardian.canSeeContent(of: row.post, in: community) {
            if row.post.number == 1 { opening = entry(row, shared) } else { replies.append(entry(row, shared)) }
        }
        var cannotReply: String?
        if !canReply {
            if community.status != .active { cannotReply = "\(community.name) is inactive: it is kept for reading only." }
            else if board.isArchived { cannotReply = "This board is archived: it is kept for reading only." }
            else if discussion.isLocked { cannotReply = "This discussion is locked\(discussion.lockReason.isEmpty ? "" : ": \(discussion.lockReason)")." }
            else if guardian.isSuspended { cannotReply = "Your account is suspended: you can read, but not post." }
            else if guardian.isSilenced(in: community) {
                cannotReply = "A moderator has silenced you in \(community.name)\(context.silences[community.id!].map { " until \(Formatting.day($0))" } ?? ""): you can read, but not post."
            }
            else if guardian.isSignedIn { cannotReply = "Only members of \(community.name) can reply." }
        }
        let lesson: [LessonSection] = discussion.kind == .lesson ? zip(PostValidation.lessonHeadings, [
            discussion.lessonContextHtml, discussion.lessonWhatHappenedHtml,
            discussion.lessonWhatWeLearnedHtml, discussion.lessonRecommendationHtml,
        ]).map { LessonSection(heading: $0, html: $1) } : []
        let showLesson = opening.map { $0.html != nil } ?? true
        var page = DiscussionPage(
            id: discussion.id!, title: discussion.title, kind: discussion.kind.label,
            isQuestion: discussion.kind == .question, isLesson: discussion.kind == .lesson && showLesson,
            isAnswered: discussion.isAnswered, community: CommunityHeader(community), boardName: board.name,
            boardURL: Paths.board(community, board), locked: discussion.isLocked, lockReason: discussion.lockReason.nonEmpty,
            pinned: discussion.pinned, views: discussion.viewCount + services.views.unsaved(discussion.id!),
            repliesLabel: discussion.replyCount == 1 ? "1 reply" : "\(discussion.replyCount) replies",
            lesson: showLesson ? lesson : [], opening: thread.page == 1 ? opening : nil,
            accepted: thread.page == 1 ? thread.accepted.map { entry($0, shared, anchor: "accepted-answer") } : nil,
            posts: replies,
            pagination: Pagination.make(current: thread.page, total: thread.pageCount) { Paths.discussion(discussion, page: $0) },
            canReply: canReply, replyAction: Paths.reply(discussion), replyDraft: draft, replyError: error,
            cannotReplyReason: cannotReply,
            signInURL: guardian.isSignedIn ? nil : Paths.signIn(next: Paths.discussion(discussion)),
            joinURL: guardian.isSignedIn && !guardian.isMember(of: community) && !guardian.isAdmin && community.status == .active
                ? Paths.join(community) : nil,
            canModerate: guardian.canModerate(community), lockAction: Paths.lock(discussion),
            pinAction: Paths.pin(discussion), acceptAction: Paths.accept(discussion),
            isHeld: discussion.isHeld, isHidden: discussion.isHidden,
            hiddenReason: discussion.isHidden ? (discussion.hiddenReason.nonEmpty ?? "No reason given.") : nil,
            canFlag: guardian.canFlag(authorID: discussion.authorId, in: community), flagURL: Paths.flagDiscussion(discussion),
            canRestructure: guardian.canRestructure(in: community), moveURL: Paths.moveDiscussion(discussion),
            mergeURL: Paths.mergeDiscussion(discussion), splitURL: Paths.splitDiscussion(discussion),
            hideURL: Paths.hideDiscussion(discussion), restoreURL: Paths.restoreDiscussion(discussion),
            dashboardURL: Paths.modDashboard(community),
            helpers: try await helpersBox(thread))
        page.watch = watchControl(thread)
        return page
    }

    /// The Notifications control for signed-in visitors who may watch the discussion: their levels in one cached
    /// statement of primary-key lookups (none for anonymous readers).
    private func watchControl(_ thread: DiscussionThread) -> WatchControl? {
        let (discussion, community) = (thread.context.discussion, thread.context.community)
        guard let state = thread.viewer?.watch, context.guardian.canWatch(discussion, in: community) else { return nil }
        return WatchControl(.discussion, state: state, action: Paths.watchDiscussion(discussion))
    }

    /// "People who could help" under a listed question (first page), for signed-in visitors (the ranking is not
    /// worth running for every anonymous page view): Who to ask's ranking for the community's topics (its vocabulary
    /// and what opted-in members can help with) that the question's title and body match, leaving out the asker.
    private func helpersBox(_ thread: DiscussionThread) async throws -> HelpersBox? {
        let (discussion, community) = (thread.context.discussion, thread.context.community)
        guard context.user != nil, discussion.kind == .question, discussion.isListed, thread.page == 1,
              let opening = thread.posts.first(where: { $0.post.number == 1 }), opening.post.isVisible else { return nil }
        let database = services.database
        let (topics, people) = try await rankedHelpers(discussion, community: community, openingPostID: opening.post.id!)
        let asked = people.isEmpty ? [] : try await database.askedHelpers(discussionID: discussion.id!)
        let entries = people.map { HelperEntry($0, topicCount: topics.count, viewerID: context.user?.id, asked: asked.contains($0.user.id!)) }
        let askable = entries.filter { !$0.isYou && !$0.asked }
        return HelpersBox(
            topics: topics.joined(separator: ", ").nonEmpty, people: entries,
            canAsk: context.guardian.canAskForHelp(in: community) && !askable.isEmpty,
            askAction: Paths.askForHelp(discussion),
            askOptions: askable.map { Option(value: $0.handle, label: $0.displayName, selected: false) },
            whoToAskURL: topics.first.map { Paths.whoToAsk(community, topic: $0) } ?? Paths.whoToAsk(community))
    }

    /// The question's matching topics and the people ranked for them, from the cache while it is fresh.
    private func rankedHelpers(_ discussion: Discussion, community: Community, openingPostID: Int64) async throws -> ([String], [HelperSuggestion]) {
        let now = services.now
        if let cached = services.helpers.get(discussion.id!, now: now) { return (cached.topics, cached.people) }
        let database = services.database
        let candidates = try await database.candidateTopics(communityID: community.id!)
        let topics = candidates.isEmpty ? []
            : Array(try await database.topics(matchingPost: openingPostID, among: candidates).prefix(WhoToAsk.maxQuestionTopics))
        let people = topics.isEmpty ? [] : try await database.whoToAsk(
            communityID: community.id!, topics: topics, excluding: Set([discussion.authorId].compactMap { $0 }),
            now: now, limit: WhoToAsk.questionLimit)
        let ttl = services.config.helperCacheSeconds
        if ttl > 0 { services.helpers.set(discussion.id!, topics: topics, people: people, expires: now.addingTimeInterval(ttl)) }
        return (topics, people)
    }

    /// What every post of the page shares: worked out once, not per post.
    struct Shared {
        let thread: DiscussionThread
        let guardian: Guardian
        let discussionPath: String
        let canReply: Bool
        let canAcceptAnswer: Bool
        let canReview: Bool
        let canMarkHelpful: Bool
        /// Mentioned members who cannot see the discussion, by post, for the posts of the viewer's own on this page.
        var unreachable: [Int64: [String]] = [:]
        /// The zone the viewer chose in Settings (nil: UTC), for the posts' times.
        var zone: MomentZone?

        init(thread: DiscussionThread, guardian: Guardian, canReply: Bool) {
            let (discussion, community) = (thread.context.discussion, thread.context.community)
            self.thread = thread
            self.guardian = guardian
            self.canReply = canReply
            discussionPath = Paths.discussion(discussion)
            canAcceptAnswer = guardian.canAcceptAnswer(of: discussion, in: community)
            canReview = guardian.canReview(community)
            canMarkHelpful = discussion.isListed
        }
    }

    /// The notices under the viewer's own posts of this page (read with the page: `DiscussionThread.viewer`).
    private func unreachableMentions(_ thread: DiscussionThread) -> [Int64: [String]] {
        thread.viewer?.unreachable ?? [:]
    }

    /// "@ana cannot see this discussion, so was not notified." (several handles joined with "and").
    static func unreachableNotice(_ handles: [String]) -> String? {
        guard !handles.isEmpty else { return nil }
        let names = handles.map { "@\($0)" }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return "\(list) cannot see this discussion, so \(names.count == 1 ? "was" : "were") not notified of your mention."
    }

    /// `anchor` overrides the post's own `p{number}` id (the accepted answer is shown twice; ids must stay unique).
    /// Links are built only for what this visitor may do (an anonymous reader's page needs none of them).
    private func entry(_ row: ThreadPost, _ shared: Shared, anchor: String? = nil) -> PostEntry {
        let post = row.post
        let id = post.id!
        let (discussion, community) = (shared.thread.context.discussion, shared.thread.context.community)
        let guardian = shared.guardian
        let seesContent = guardian.canSeeContent(of: post, in: community)
        let placeholder: String? = post.isDeleted ? "This post was deleted by its author."
            : post.isHidden && post.hiddenBy == nil ? "This post was hidden after several members flagged it; a moderator will review it."
            : post.isHidden ? "This post was hidden by a moderator." : nil
        let isAccepted = discussion.acceptedPostId == id
        let canAccept = shared.canAcceptAnswer && post.number > 1 && post.isVisible
        let edited = post.revisionCount > 0 && seesContent
        let canEdit = guardian.canEdit(post, in: community)
        let canDelete = guardian.canDelete(post, in: community)
        let canHide = guardian.canHide(post, in: community)
        let canRestore = guardian.canRestore(post, in: community)
        let canQuote = shared.canReply && post.isVisible
        let canApprove = post.isHeld && shared.canReview
        let canFlag = post.isVisible && guardian.canFlag(authorID: post.authorId, in: community)
        let canMark = shared.canMarkHelpful && post.isVisible && guardian.canMarkHelpful(authorID: post.authorId, in: community)
        var entry = PostEntry(
            id: id, number: post.number, anchor: anchor ?? "p\(post.number)",
            permalink: PostPermalink(discussionPath: shared.discussionPath, number: post.number),
            authorName: row.author?.displayName ?? "A former member", authorHandle: row.author?.handle,
            authorURL: row.author.map { Paths.user($0.handle) },
            created: Moment(post.createdAt, in: shared.zone), createdISO: ISOTime(post.createdAt),
            edited: edited, historyURL: PostAction(id, "history"),
            html: seesContent ? post.bodyHtml : nil,
            placeholder: seesContent ? nil : placeholder,
            hiddenReason: post.isHidden && seesContent ? (post.hiddenReason.nonEmpty ?? "No reason given.") : nil,
            hiddenAutomatically: post.isHidden && post.hiddenBy == nil,
            isHidden: post.isHidden, isDeleted: post.isDeleted && seesContent, isAccepted: isAccepted,
            canEdit: canEdit, editURL: PostAction(id, "edit"),
            canDelete: canDelete, deleteURL: PostAction(id, "delete"),
            canHide: canHide, hideURL: PostAction(id, "hide"),
            canRestore: canRestore, restoreURL: PostAction(id, "restore"),
            canQuote: canQuote, quoteURL: QuoteLink(discussionID: discussion.id!, number: post.number, page: shared.thread.page),
            canAccept: canAccept && !isAccepted, canUnaccept: canAccept && isAccepted,
            isHeld: post.isHeld, canApprove: canApprove,
            approveURL: canApprove ? Paths.approvePost(community, id) : "",
            canFlag: canFlag, flagURL: PostAction(id, "flag"),
            helpful: post.isVisible ? HelpfulControl(
                count: row.helpfulCount, marked: shared.thread.markedHelpful.contains(id), canMark: canMark,
                action: canMark ? Paths.helpfulPost(id) : "", what: "post \(post.number)") : nil)
        if let handles = shared.unreachable[id], guardian.isSelf(post.authorId) { entry.unreachableMentions = Self.unreachableNotice(handles) }
        return entry
    }
}
