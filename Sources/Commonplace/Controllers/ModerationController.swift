import Foundation
import Hummingbird

/// A community's moderation: the dashboard, the approval queue, the log and the settings.
/// (Flags have their own controller.)
///
///     GET  /mod/{community}
///     GET  /mod/{community}/queue
///     POST /mod/{community}/queue/{post id}/approve
///     POST /mod/{community}/queue/{post id}/decline      (reason)
///     POST /mod/{community}/queue/resources/{resource id}/approve
///     POST /mod/{community}/queue/resources/{resource id}/decline   (reason: the resource is archived, its author sees why)
///     GET  /mod/{community}/log                          ?action= &actor= &page=
///     GET  /mod/{community}/settings                     POST (hold_first_posts, flag_hide_threshold, unanswered_after_days)
struct ModerationController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("mod/:community", use: dashboard)
        router.get("mod/:community/queue", use: queue)
        router.post("mod/:community/queue/:id/approve", use: approve)
        router.post("mod/:community/queue/:id/decline", use: decline)
        router.post("mod/:community/queue/resources/:id/approve", use: approveResource)
        router.post("mod/:community/queue/resources/:id/decline", use: declineResource)
        router.get("mod/:community/log", use: log)
        router.get("mod/:community/settings", use: settingsPage)
        router.post("mod/:community/settings", use: saveSettings)
    }

    /// The community, if this visitor may see it (404) and moderates it (403).
    private func moderated(_ context: AppRequestContext, acting: Bool = false) async throws -> Community {
        let community = try await load.community(context)
        if acting {
            try context.guardian.ensureModerates(community, Self.refusal(community))
        } else {
            try context.guardian.ensureSignedIn()
            try context.guardian.ensure(context.guardian.canReview(community), Self.refusal(community))
        }
        return community
    }

    /// What a member who does not moderate `community` is told.
    static func refusal(_ community: Community) -> String { "Only \(community.name)'s moderators can do that." }

    /// The moderator's check of an action here, taken again inside its write.
    private func moderatorCheck(_ community: Community, _ context: AppRequestContext) -> WriteCheck {
        context.guardian.moderatorCheck(community, Self.refusal(community))
    }

    // MARK: - Dashboard

    @Sendable func dashboard(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context)
        let now = services.now
        let figures = try await services.database.dashboard(community: community, now: now)
        var page = DashboardPage(
            community: CommunityHeader(community),
            openFlags: figures.openFlags, flagsURL: Paths.modFlags(community),
            heldPosts: figures.heldPosts, queueURL: Paths.modQueue(community),
            pendingRequests: figures.pendingRequests, requestsURL: Paths.joinRequests(community),
            unansweredAfterDays: community.unansweredAfterDays, unansweredCount: figures.unansweredCount,
            unanswered: figures.unanswered.map { d in
                UnansweredEntry(title: d.title, url: Paths.discussion(d), asked: Formatting.day(d.createdAt),
                                age: Self.daysAgo(d.createdAt, now: now),
                                replies: d.replyCount == 1 ? "1 reply" : "\(d.replyCount) replies")
            },
            lastPost: figures.lastPostAt.map { Self.daysAgo($0, now: now) } ?? "No posts yet",
            membersURL: Paths.members(community), boardsURL: Paths.boards(community),
            logURL: Paths.modLog(community), settingsURL: Paths.modSettings(community))
        page.resourcesToReview = try await services.database.resourcesDueForReview(communityID: community.id!, now: now, limit: 0).total
        page.reviewsURL = Paths.modReviews(community)
        page.collectionsURL = Paths.collections(community)
        page.topicsURL = Paths.communityTopics(community)
        return try services.page(.moderationDashboard, title: "Moderation: \(community.name)", page: page, context: context)
    }

    /// "today", "1 day ago", "12 days ago".
    static func daysAgo(_ date: Date, now: Date) -> String {
        let days = max(0, Int(now.timeIntervalSince(date) / 86_400))
        return days == 0 ? "today" : days == 1 ? "1 day ago" : "\(days) days ago"
    }

    // MARK: - Approval queue

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context)
        let rows = try await services.database.heldPosts(communityID: community.id!)
        let resources = try await services.database.heldResources(communityID: community.id!)
        var page = QueuePage(
            community: CommunityHeader(community), holdFirstPosts: community.holdFirstPosts,
            settingsURL: Paths.modSettings(community),
            posts: rows.map { row in
                HeldEntry(
                    id: row.post.id!, discussionTitle: row.discussion.title,
                    url: Paths.post(row.discussion, number: row.post.number),
                    isDiscussion: row.post.number == 1 && row.discussion.isHeld, number: row.post.number,
                    authorName: row.author?.displayName ?? "A former member", authorURL: row.author.map { Paths.user($0.handle) },
                    submitted: Formatting.moment(row.post.createdAt), bodyHtml: row.post.bodyHtml,
                    approveURL: Paths.approvePost(community, row.post.id!), declineURL: Paths.declinePost(community, row.post.id!))
            })
        page.resources = resources.map { row in
            let r = row.resource
            return HeldResourceEntry(
                id: r.id!, title: r.title, url: Paths.resource(r.id!), type: r.type.label,
                authorName: row.author?.displayName ?? "A former member", authorURL: row.author.map { Paths.user($0.handle) },
                submitted: Formatting.moment(r.createdAt),
                target: r.url ?? ResourcePageBuilder.file(r).map { "\($0.name) (\($0.details))" } ?? "",
                descriptionHtml: r.descriptionHtml,
                approveURL: Paths.approveResource(community, r.id!), declineURL: Paths.declineResource(community, r.id!))
        }
        return try services.page(.moderationQueue, title: "Awaiting approval", page: page, context: context)
    }

    @Sendable func approve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context, acting: true)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        try await services.database.approvePost(id: id, communityID: community.id!, moderatorID: context.user!.id!, now: services.now,
            checking: moderatorCheck(community, context))
        return redirect(to: Paths.modQueue(community))
    }

    struct DeclineForm: Decodable { let reason: String? }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context, acting: true)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        let form = try await FormBody.decode(DeclineForm.self, from: request, context: context)
        let reason = try moderatorReason(form.reason, required: "Give a reason for declining the post: its author sees it.")
        try await services.database.declinePost(id: id, communityID: community.id!, moderatorID: context.user!.id!,
                                                reason: reason, now: services.now,
            checking: moderatorCheck(community, context))
        return redirect(to: Paths.modQueue(community))
    }

    @Sendable func approveResource(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context, acting: true)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        try await services.database.approveResource(id: id, communityID: community.id!, moderatorID: context.user!.id!, now: services.now,
            checking: moderatorCheck(community, context))
        return redirect(to: Paths.modQueue(community))
    }

    @Sendable func declineResource(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context, acting: true)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        let form = try await FormBody.decode(DeclineForm.self, from: request, context: context)
        let reason = try moderatorReason(form.reason, required: "Give a reason for declining the resource: the member who shared it sees it.")
        try await services.database.declineResource(id: id, communityID: community.id!, moderatorID: context.user!.id!,
                                                    reason: reason, now: services.now,
            checking: moderatorCheck(community, context))
        return redirect(to: Paths.modQueue(community))
    }

    // MARK: - Log

    @Sendable func log(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canReadLog(of: community), "Only \(community.name)'s moderators can read its log.")
        let page = try await ModerationLogPages(services: services).page(
            request, filter: ModerationLogFilter(communityID: community.id!), community: community,
            baseURL: Paths.modLog(community), heading: "Moderation log")
        return try services.page(.moderationLog, title: "Moderation log: \(community.name)", page: page, context: context)
    }

    // MARK: - Settings

    @Sendable func settingsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context)
        var page = ModerationSettingsPage(
            community: CommunityHeader(community), action: Paths.modSettings(community),
            holdFirstPosts: String(community.holdFirstPosts), flagHideThreshold: String(community.flagHideThreshold),
            unansweredAfterDays: String(community.unansweredAfterDays))
        let resources = try await services.database.resourceSettings(communityID: community.id!)
        page.resourceReviewMonths = String(resources.reviewMonths)
        page.requireResourceApproval = resources.requireApproval
        return try services.page(.moderationSettings, title: "Moderation settings", page: page, context: context)
    }

    struct SettingsForm: Decodable {
        let hold_first_posts: String?
        let flag_hide_threshold: String?
        let unanswered_after_days: String?
        /// Curation. A form without `resource_review_months` (an older page) leaves both resource settings as they are.
        let resource_review_months: String?
        let require_resource_approval: String?
    }

    @Sendable func saveSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await moderated(context, acting: true)
        let form = try await FormBody.decode(SettingsForm.self, from: request, context: context)
        var page = ModerationSettingsPage(
            community: CommunityHeader(community), action: Paths.modSettings(community),
            holdFirstPosts: cleanText(form.hold_first_posts), flagHideThreshold: cleanText(form.flag_hide_threshold),
            unansweredAfterDays: cleanText(form.unanswered_after_days))
        let currentResources = try await services.database.resourceSettings(communityID: community.id!)
        page.resourceReviewMonths = form.resource_review_months.map { cleanText($0) } ?? String(currentResources.reviewMonths)
        page.requireResourceApproval = form.resource_review_months == nil ? currentResources.requireApproval
            : ["on", "true", "1"].contains(cleanText(form.require_resource_approval))
        let reviewMonths = Int(page.resourceReviewMonths)
        let hold = Int(page.holdFirstPosts), threshold = Int(page.flagHideThreshold), days = Int(page.unansweredAfterDays)
        if hold.map({ !(0...Community.maxHoldFirstPosts).contains($0) }) ?? true {
            page.error = "Posts held for approval must be a whole number from 0 to \(Community.maxHoldFirstPosts)."
        } else if threshold.map({ !Community.flagHideThresholdRange.contains($0) }) ?? true {
            page.error = "The number of flags that hides a post must be a whole number from \(Community.flagHideThresholdRange.lowerBound) to \(Community.flagHideThresholdRange.upperBound)."
        } else if days.map({ !Community.unansweredAfterDaysRange.contains($0) }) ?? true {
            page.error = "The days before a question counts as unanswered must be a whole number from 1 to \(Community.unansweredAfterDaysRange.upperBound)."
        } else if reviewMonths.map({ !ResourceSettings.reviewMonthsRange.contains($0) }) ?? true {
            page.error = "The months before a resource is due for review must be a whole number from 1 to \(ResourceSettings.reviewMonthsRange.upperBound)."
        }
        if page.error != nil {
            return try services.page(.moderationSettings, title: "Moderation settings", page: page, context: context, status: .badRequest)
        }
        let (h, t, d) = (hold!, threshold!, days!)
        let resources = ResourceSettings(reviewMonths: reviewMonths!, requireApproval: page.requireResourceApproval)
        guard (h, t, d) != (community.holdFirstPosts, community.flagHideThreshold, community.unansweredAfterDays) || resources != currentResources else {
            return redirect(to: Paths.modDashboard(community))  // nothing changed: nothing to log
        }
        try await services.database.saveModerationSettings(
            communityID: community.id!, holdFirstPosts: h, flagHideThreshold: t, unansweredAfterDays: d, resources: resources,
            log: ModerationAction(communityId: community.id!, actorId: context.user!.id!, action: .changeSettings,
                                  targetType: .community, targetId: community.id!, targetLabel: community.name,
                                  reason: "hold first \(h) posts; hide after \(t) flags; unanswered after \(d) days; "
                                      + "review resources after \(resources.reviewMonths) months; "
                                      + (resources.requireApproval ? "approve members' resources" : "members' resources need no approval"),
                                  createdAt: services.now),
            checking: moderatorCheck(community, context))
        return redirect(to: Paths.modDashboard(community))
    }
}
