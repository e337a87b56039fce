import Foundation
import Hummingbird

/// Moderators keep a community's resource library current: feature, confirm as current (reviewed), mark outdated
/// or current again, archive and unarchive; the review queue of resources due for review; one resource's curation
/// panel. Each action is one transaction with its moderation-log row.
///
///     GET  /r/{id}/curate
///     POST /r/{id}/feature      (featured=true|false, return_to)
///     POST /r/{id}/review       (review_by: optional YYYY-MM-DD, the next review-by date; return_to)
///     POST /r/{id}/outdated     (note, required; return_to)
///     POST /r/{id}/current      (return_to)
///     POST /r/{id}/archive      (return_to)
///     POST /r/{id}/unarchive    (return_to)
///     GET  /mod/{community}/reviews
///
/// `return_to` (curate, reviews, resource) picks the page a form goes back to; the curation panel by default.
struct CurationController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("r/:id/curate", use: panel)
        router.post("r/:id/feature", use: feature)
        router.post("r/:id/review", use: review)
        router.post("r/:id/outdated", use: outdated)
        router.post("r/:id/current", use: current)
        router.post("r/:id/archive", use: archive)
        router.post("r/:id/unarchive", use: unarchive)
        router.get("mod/:community/reviews", use: reviews)
    }

    // MARK: - Loading and refusing

    /// The resource in `{id}` with its community, if this visitor may see it (404 otherwise).
    private func resource(_ context: AppRequestContext) async throws -> (CurationRow, Community) {
        guard let id = context.parameters.get("id", as: Int64.self),
              let row = try await services.database.curationRow(resourceID: id),
              let community = try await services.database.community(id: row.resource.communityId) else { throw AppError.notFound }
        try context.guardian.ensureVisible(context.guardian.canSee(row.resource, in: community))
        return (row, community)
    }

    private func ensureCurator(_ community: Community, _ context: AppRequestContext) throws {
        try context.guardian.ensureCanCurate(community)
    }

    private func stamp(_ context: AppRequestContext) -> ModeratorStamp { ModeratorStamp(moderatorID: context.user!.id!, at: services.now) }

    /// Where a curation form goes back to.
    enum ReturnTo: String { case curate, reviews, resource }

    private func destination(_ returnTo: String?, _ resource: Resource, _ community: Community) -> String {
        switch ReturnTo(rawValue: cleanText(returnTo)) ?? .curate {
        case .curate: Paths.curateResource(resource.id!)
        case .reviews: Paths.modReviews(community)
        case .resource: Paths.resource(resource.id!)
        }
    }

    // MARK: - The curation panel

    @Sendable func panel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await resource(context)
        try context.guardian.ensureSignedIn()
        try ensureCurator(community, context)
        let page = try await panelPage(row, community)
        return try services.page(.curationPanel, title: "Curate “\(row.resource.title)”", page: page, context: context)
    }

    private func panelPage(_ row: CurationRow, _ community: Community) async throws -> CurationPanelPage {
        let r = row.resource, id = r.id!
        let now = services.now
        let (holding, others) = try await services.database.collections(communityID: community.id!, aroundResource: id)
        return CurationPanelPage(
            community: CommunityHeader(community), id: id, title: r.title, url: Paths.resource(id), typeLabel: r.type.label,
            authorName: row.author?.displayName ?? "A former member", shared: Formatting.day(r.createdAt),
            isHeld: r.isHeld, isArchived: r.isArchived, archivedSince: r.archivedAt.map(Formatting.day),
            isFeatured: r.isFeatured, featuredSince: r.featuredAt.map(Formatting.day),
            lastReviewed: r.lastReviewedAt.map(Formatting.day), reviewerName: row.reviewer?.displayName,
            reviewBy: r.reviewBy.map(Formatting.day), reviewOverdue: r.reviewBy.map { $0 <= now } ?? false,
            isOutdated: r.isOutdated, outdatedSince: r.outdatedAt.map(Formatting.day), outdatedNote: r.outdatedNote.nonEmpty,
            featureURL: Paths.featureResource(id), reviewURL: Paths.reviewResource(id), outdatedURL: Paths.markOutdated(id),
            currentURL: Paths.markCurrent(id), archiveURL: Paths.archiveResource(id), unarchiveURL: Paths.unarchiveResource(id),
            inCollections: holding.map { c in
                CollectionChoice(title: c.title, url: Paths.collection(community, c.slug), formURL: Paths.removeFromCollection(community, c.slug, id))
            },
            otherCollections: others.map { c in
                CollectionChoice(title: c.title, url: Paths.collection(community, c.slug), formURL: Paths.collectionItems(community, c.slug))
            },
            reviewsURL: Paths.modReviews(community), collectionsURL: Paths.collections(community),
            newCollectionURL: Paths.newCollection(community), logURL: Paths.modLog(community), minReviewBy: Formatting.isoDay(now.addingTimeInterval(86_400)))
    }

    /// The panel again with a form's error, 400.
    private func refuse(_ row: CurationRow, _ community: Community, _ context: AppRequestContext,
                        _ edit: (inout CurationPanelPage) -> Void) async throws -> Response {
        var page = try await panelPage(row, community)
        edit(&page)
        page.hasErrors = true
        return try services.page(.curationPanel, title: "Curate “\(row.resource.title)”", page: page, context: context, status: .badRequest)
    }

    // MARK: - Actions

    struct ReturnForm: Decodable { let return_to: String? }
    struct FeatureForm: Decodable { let featured: String?; let return_to: String? }
    struct ReviewForm: Decodable { let review_by: String?; let return_to: String? }
    struct OutdatedForm: Decodable { let note: String?; let return_to: String? }

    /// Loads, checks the moderator, then applies `change` (one transaction with its log row) and goes back.
    private func apply(_ change: CurationChange, to resource: Resource, in community: Community, returnTo: String?,
                       _ context: AppRequestContext) async throws -> Response {
        // Inside the write: the resource's community as it is then (a merge moves resources), still curated by this actor.
        let id = resource.id!
        try await services.database.curate(resourceID: id, change, by: stamp(context), checking: context.guardian.writeCheck { guardian, db in
            try guardian.ensureCanCurate(CheckedRows.resource(db, id: id).community)
        })
        return redirect(to: destination(returnTo, resource, community))
    }

    /// The steps every action shares: the resource (404), an account (403 when suspended), a moderator (403).
    private func acting(_ context: AppRequestContext) async throws -> (CurationRow, Community) {
        let (row, community) = try await resource(context)
        _ = try load.actingUser(context)
        try ensureCurator(community, context)
        return (row, community)
    }

    @Sendable func feature(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(FeatureForm.self, from: request, context: context)
        let choice = cleanText(form.featured)
        guard choice == "true" || choice == "false" else { throw AppError.badRequest("“featured” must be true or false.") }
        return try await apply(choice == "true" ? .feature : .unfeature, to: row.resource, in: community, returnTo: form.return_to, context)
    }

    /// The first moment of a `YYYY-MM-DD` day, in UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// The furthest ahead a review-by date may be set.
    static let maxReviewYears = 10

    @Sendable func review(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(ReviewForm.self, from: request, context: context)
        let text = cleanText(form.review_by)
        var next: Date?
        if !text.isEmpty {
            let now = services.now
            guard let date = Self.day(text), date > now, date < now.addingTimeInterval(Double(Self.maxReviewYears) * 365.25 * 86_400) else {
                return try await refuse(row, community, context) { page in
                    page.reviewByValue = text
                    page.errors.reviewBy = "Give the next review-by date as a day after today, within \(Self.maxReviewYears) years, like \(Formatting.isoDay(now.addingTimeInterval(365 * 86_400)))."
                }
            }
            next = date
        }
        return try await apply(.review(nextReviewBy: next), to: row.resource, in: community, returnTo: form.return_to, context)
    }

    @Sendable func outdated(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(OutdatedForm.self, from: request, context: context)
        let note = cleanText(form.note)
        var error: String?
        if note.isEmpty { error = "Say what is out of date: members see the note as a warning on the resource." }
        else if note.count > Resource.maxOutdatedNote { error = "The note can be at most \(Resource.maxOutdatedNote) characters (this one has \(note.count))." }
        if let error {
            return try await refuse(row, community, context) { page in
                page.noteValue = note
                page.errors.note = error
            }
        }
        return try await apply(.markOutdated(note: note), to: row.resource, in: community, returnTo: form.return_to, context)
    }

    @Sendable func current(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(ReturnForm.self, from: request, context: context)
        return try await apply(.markCurrent, to: row.resource, in: community, returnTo: form.return_to, context)
    }

    @Sendable func archive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(ReturnForm.self, from: request, context: context)
        return try await apply(.archive, to: row.resource, in: community, returnTo: form.return_to, context)
    }

    @Sendable func unarchive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (row, community) = try await acting(context)
        let form = try await FormBody.decode(ReturnForm.self, from: request, context: context)
        return try await apply(.unarchive, to: row.resource, in: community, returnTo: form.return_to, context)
    }

    // MARK: - Review queue

    @Sendable func reviews(_ request: Request, context: AppRequestContext) async throws -> Response {
        let community = try await load.community(context)
        try context.guardian.ensureSignedIn()
        try ensureCurator(community, context)
        let now = services.now
        let settings = try await services.database.resourceSettings(communityID: community.id!)
        let (due, total) = try await services.database.resourcesDueForReview(communityID: community.id!, now: now)
        let outdated = try await services.database.outdatedResources(communityID: community.id!)
        let cutoff = AppDatabase.reviewCutoff(now: now, months: settings.reviewMonths)
        let page = ReviewQueuePage(
            community: CommunityHeader(community), reviewMonths: settings.reviewMonths,
            monthsLabel: settings.reviewMonths == 1 ? "1 month" : "\(settings.reviewMonths) months",
            settingsURL: Paths.modSettings(community), total: total,
            totalLabel: total == 1 ? "1 resource is due for review." : "\(total) resources are due for review.",
            shownAll: due.count == total,
            due: due.map { entry($0, reasons: Self.reasons($0.resource, now: now, cutoff: cutoff)) },
            outdated: outdated.map { entry($0, reasons: []) })
        return try services.page(.curationReviews, title: "Resources to review", page: page, context: context)
    }

    private func entry(_ row: CurationRow, reasons: [String]) -> ReviewEntry {
        let r = row.resource, id = r.id!
        return ReviewEntry(
            id: id, title: r.title, url: Paths.resource(id), typeLabel: r.type.label, curateURL: Paths.curateResource(id),
            authorName: row.author?.displayName ?? "A former member", shared: Formatting.day(r.createdAt),
            lastReviewed: r.lastReviewedAt.map(Formatting.day), reviewerName: row.reviewer?.displayName, reasons: reasons,
            outdatedSince: r.outdatedAt.map(Formatting.day), outdatedNote: r.outdatedNote.nonEmpty,
            reviewURL: Paths.reviewResource(id), outdatedURL: Paths.markOutdated(id), currentURL: Paths.markCurrent(id),
            archiveURL: Paths.archiveResource(id))
    }

    /// Why a resource is due: its review-by date passed, or it has not been reviewed since the cutoff.
    static func reasons(_ r: Resource, now: Date, cutoff: Date) -> [String] {
        var reasons: [String] = []
        if let due = r.reviewBy, due <= now { reasons.append("Its review-by date, \(Formatting.day(due)), has passed.") }
        if let reviewed = r.lastReviewedAt {
            if reviewed <= cutoff { reasons.append("Last reviewed \(Formatting.day(reviewed)).") }
        } else if r.createdAt <= cutoff {
            reasons.append("Never reviewed since it was shared on \(Formatting.day(r.createdAt)).")
        }
        return reasons
    }
}
