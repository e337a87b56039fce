import Foundation
import Hummingbird

/// A community's flag queue: open flags grouped by post or discussion, each group resolved at once.
///
///     GET  /mod/{community}/flags
///     POST /mod/{community}/flags/{flag id}/resolve      (outcome = hide|edited|dismiss, note)
struct FlagQueueController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("mod/:community/flags", use: queue)
        router.post("mod/:community/flags/:id/resolve", use: resolve)
    }

    /// How many recent resolutions the queue lists below the open flags.
    static let recentResolutions = 10

    static let notices = ["resolved": "Resolved: the members who flagged it can see the outcome and your note."]

    private func ensureCanReview(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureSignedIn()
        try context.guardian.ensure(context.guardian.canReview(community), "Only this community's moderators review its flags.")
    }

    @Sendable func queue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try ensureCanReview(community, context)
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
        return try services.page(.flagsQueue, title: "Flags", page: try await page(community).page, context: context, notice: notice)
    }

    struct ResolveForm: Decodable {
        let outcome: String?
        let note: String?
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        let moderator = try load.actingUser(context)
        try context.guardian.ensure(context.guardian.canReview(community), "Only this community's moderators resolve its flags.")
        guard let id = context.parameters.get("id", as: Int64.self),
              let flag = try await services.database.flag(id: id), flag.communityId == community.id else { throw AppError.notFound }
        let form = try await FormBody.decode(ResolveForm.self, from: request, context: context)
        let resolution = Flag.Resolution(rawValue: form.outcome ?? "")
        let note = cleanText(form.note)
        var problem: String?
        if resolution == nil { problem = "Choose an outcome: hide it, you edited it, or dismiss the flags." }
        else if note.isEmpty { problem = "Write a short note: the members who flagged it will read it." }
        else if note.count > Flag.maxNoteLength { problem = "The note can be at most \(Flag.maxNoteLength) characters (it has \(note.count))." }
        if let problem {
            guard flag.status == .open else { throw AppError.badRequest(problem) }  // its form is no longer on the queue
            var model = try await page(community)
            if let index = model.groups.firstIndex(where: { $0.flagIDs.contains(id) }) {
                model.groups[index].entry.error = problem
                model.groups[index].entry.draftNote = note
                model.groups[index].entry.outcomes = OutcomeOption.all(group: model.groups[index].entry.id, checked: resolution?.rawValue)
            }
            return try services.page(.flagsQueue, title: "Flags", page: model.page, context: context, status: .badRequest)
        }
        if flag.status != .open { throw AppError.conflict("These flags were already resolved.") }
        try await services.database.resolveFlags(id: id, communityID: community.id!, resolution: resolution!, note: note,
                                                 moderatorID: moderator.id!, now: services.now,
                                                 checking: context.guardian.moderatorCheck(community, "Only this community's moderators resolve its flags."))
        return redirect(to: Paths.modFlags(community) + "?notice=resolved")
    }

    // MARK: - The page

    /// The queue page, with each group's flag ids (to find the group a resolve form belongs to).
    private struct Model {
        var groups: [(entry: FlagGroupEntry, flagIDs: [Int64])]
        let resolved: [ResolvedFlagEntry]
        let community: Community
        var page: FlagQueuePage {
            FlagQueuePage(community: CommunityHeader(community), groups: groups.map(\.entry), resolved: resolved)
        }
    }

    private func page(_ community: Community) async throws -> Model {
        let open = try await services.database.openFlagGroups(communityID: community.id!)
        let resolved = try await services.database.resolvedFlagGroups(communityID: community.id!, limit: Self.recentResolutions)
        return Model(groups: open.map { (entry($0, community), $0.flags.map { $0.flag.id! }) },
                     resolved: resolved.map(resolvedEntry), community: community)
    }

    private func targetURL(_ group: FlagGroup) -> String {
        group.post.map { Paths.post(group.discussion, number: $0.number) } ?? Paths.discussion(group.discussion)
    }

    private static func members(_ count: Int) -> String { count == 1 ? "1 member" : "\(count) members" }

    private func entry(_ group: FlagGroup, _ community: Community) -> FlagGroupEntry {
        let d = group.discussion
        let first = group.flags[0].flag
        let html = group.post?.bodyHtml ?? ([group.opening?.bodyHtml ?? ""]
            + [d.lessonContextHtml, d.lessonWhatHappenedHtml, d.lessonWhatWeLearnedHtml, d.lessonRecommendationHtml]).joined(separator: "\n")
        let autoHidden = group.post?.isAutoHidden ?? d.isAutoHidden
        let hidden = group.post?.isHidden ?? d.isHidden
        let editID = group.post?.id ?? group.opening?.id
        let flaggers = Set(group.flags.map(\.flag.flaggerId)).count
        return FlagGroupEntry(
            id: first.id!, kind: group.post == nil ? "Discussion" : "Post",
            targetLabel: AppDatabase.flagTargetLabel(d, postNumber: group.post?.number), targetURL: targetURL(group),
            editURL: editID.map(Paths.editPost), excerpt: Excerpt.text(fromHTML: html).nonEmpty,
            authorName: group.author?.displayName ?? "A former member", authorURL: group.author.map { Paths.user($0.handle) },
            countLabel: "\(Self.members(flaggers)) flagged this", isAutoHidden: autoHidden,
            hiddenReason: hidden && !autoHidden ? ((group.post?.hiddenReason ?? d.hiddenReason).nonEmpty ?? "No reason given.") : nil,
            flags: group.flags.map { row in
                FlagLine(reason: row.flag.reason.label, note: row.flag.note.nonEmpty,
                         flaggerName: row.flagger?.displayName ?? "A former member",
                         flaggerURL: row.flagger.map { Paths.user($0.handle) }, created: Formatting.moment(row.flag.createdAt))
            },
            resolveAction: Paths.resolveFlag(community, first.id!), outcomes: OutcomeOption.all(group: first.id!))
    }

    private func resolvedEntry(_ group: FlagGroup) -> ResolvedFlagEntry {
        let flag = group.flags[0]
        let reasons = Array(Set(group.flags.map(\.flag.reason))).sorted { $0.rawValue < $1.rawValue }.map(\.label)
        return ResolvedFlagEntry(
            targetLabel: AppDatabase.flagTargetLabel(group.discussion, postNumber: group.post?.number), targetURL: targetURL(group),
            outcome: flag.flag.status.outcome, resolverName: flag.resolver?.displayName ?? "A former moderator",
            note: flag.flag.resolutionNote, resolved: flag.flag.resolvedAt.map(Formatting.moment) ?? "",
            countLabel: "\(Self.members(Set(group.flags.map(\.flag.flaggerId)).count)) flagged it",
            reasons: reasons.joined(separator: "; "))
    }
}
