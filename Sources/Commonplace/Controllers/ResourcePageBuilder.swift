import Foundation

/// Builds the resource page and library entries from loaded rows, with the Guardian's flags for this visitor.
struct ResourcePageBuilder {
    let context: AppRequestContext

    func build(_ row: ResourceRow, community: Community, discussion: Discussion?, declinedReason: String?) -> ResourcePage {
        let r = row.resource
        let guardian = context.guardian
        let visibleDiscussion = discussion.flatMap { guardian.canSee($0, in: community) ? $0 : nil }
        return ResourcePage(
            community: CommunityHeader(community), libraryURL: Paths.resources(community),
            title: r.title, type: r.type.label, audience: r.audience.nonEmpty,
            tags: Self.tagLinks(row.tags, community),
            link: r.url, linkHost: r.url.flatMap { URLComponents(string: $0)?.host },
            file: Self.file(r),
            descriptionHtml: r.descriptionHtml,
            sharedBy: row.author?.displayName ?? "A former member", sharedByURL: row.author.map { Paths.user($0.handle) },
            shared: Formatting.day(r.createdAt), sharedISO: Formatting.iso(r.createdAt),
            updated: r.updatedAt.timeIntervalSince(r.createdAt) > 60 ? Formatting.day(r.updatedAt) : nil,
            reviewBy: r.reviewBy.map(Formatting.day), lastReviewed: r.lastReviewedAt.map(Formatting.day),
            isFeatured: r.isFeatured, isOutdated: r.isOutdated, outdatedNote: r.outdatedNote.nonEmpty,
            isArchived: r.isArchived, isHeld: r.isHeld, declinedReason: declinedReason,
            helpfulLabel: Self.helpful(r.helpfulCount),
            discussionURL: visibleDiscussion.map(Paths.discussion),
            discussionLabel: visibleDiscussion.map { $0.replyCount == 1 ? "1 reply" : "\($0.replyCount) replies" } ?? "",
            editURL: guardian.canEdit(r, in: community) ? Paths.editResource(r.id!) : nil,
            queueURL: r.isHeld && !r.isArchived && guardian.canReview(community) ? Paths.modQueue(community) : nil,
            curateURL: guardian.canCurate(community) && !r.isHeld ? Paths.curateResource(r.id!) : nil)
    }

    static func entry(_ row: ResourceRow, community: Community) -> ResourceListEntry {
        let r = row.resource
        let summary = Excerpt.text(fromHTML: r.descriptionHtml, limit: 200)
        return ResourceListEntry(
            title: r.title, url: Paths.resource(r.id!), type: r.type.label,
            linkHost: r.url.flatMap { URLComponents(string: $0)?.host }, fileDetails: file(r)?.details,
            summary: summary.nonEmpty, tags: tagLinks(row.tags, community), audience: r.audience.nonEmpty,
            authorName: row.author?.displayName ?? "A former member",
            shared: Formatting.day(r.createdAt), sharedISO: Formatting.iso(r.createdAt),
            helpfulLabel: helpful(r.helpfulCount),
            isFeatured: r.isFeatured, isOutdated: r.isOutdated, isArchived: r.isArchived, isHeld: r.isHeld)
    }

    static func tagLinks(_ tags: [String], _ community: Community) -> [TagLink] {
        tags.map { tag in
            var filter = ResourceLibraryFilter()
            filter.tag = tag
            return TagLink(tag: tag, url: Paths.resources(community, filter: filter))
        }
    }

    static func file(_ r: Resource) -> ResourceFileEntry? {
        guard r.isFile, let name = r.fileName else { return nil }
        let type = UploadedFileType.named(name)
        return ResourceFileEntry(name: name, url: Paths.resourceFile(r.id!),
                                 details: [type.map { $0.rawValue.uppercased() }, ResourceForm.size(r.fileSize ?? 0)]
                                    .compactMap { $0 }.joined(separator: " · "),
                                 isImage: type?.isImage ?? false)
    }

    static func helpful(_ count: Int) -> String {
        count == 1 ? "1 member found this helpful" : "\(count) members found this helpful"
    }
}
