import Foundation
import Hummingbird

/// Each feed: loading what its address names (404 for what its reader may not see, as pages do), one or two reads,
/// and its entries.
extension FeedController {
    /// Before the site's first post, an empty feed says it was updated at this fixed instant (so its ETag holds).
    static let emptySiteUpdated = Date(timeIntervalSince1970: 0)

    func build(_ kind: Kind, _ reader: Reader) async throws -> AtomFeed {
        let guardian = reader.guardian
        let context = reader.context
        switch kind {
        case .site:
            let rows = try await services.database.feedDiscussions(.site, shown: guardian.feedDiscussionSQL())
            return feed(reader, path: Paths.siteFeed, page: Paths.home, title: "Latest discussions · \(siteName)",
                        entries: try discussionEntries(rows), emptyUpdated: Self.emptySiteUpdated)
        case .community:
            let community = try await load.community(context)
            let rows = try await services.database.feedDiscussions(.community(community.id!), shown: guardian.feedDiscussionSQL())
            return feed(reader, path: Paths.communityFeed(community), page: Paths.community(community),
                        title: "Latest discussions in \(community.name)", subtitle: community.summary,
                        entries: try discussionEntries(rows), emptyUpdated: community.createdAt)
        case .board:
            let (community, board) = try await load.board(context)
            let rows = try await services.database.feedDiscussions(.board(board.id!), shown: guardian.feedDiscussionSQL())
            return feed(reader, path: Paths.boardFeed(community, board), page: Paths.board(community, board),
                        title: "Latest discussions in \(board.name) · \(community.name)", subtitle: board.description,
                        entries: try discussionEntries(rows), emptyUpdated: board.createdAt)
        case .resources:
            let community = try await load.community(context)
            let rows = try await services.database.feedResources(communityID: community.id!)
            return feed(reader, path: Paths.resourcesFeed(community), page: Paths.resources(community),
                        title: "Resources of \(community.name)", entries: rows.map { resourceEntry($0.resource, author: $0.author) },
                        emptyUpdated: community.createdAt)
        case .discussion:
            let found = try await discussion(reader)
            let rows = try await services.database.feedPosts(discussion: found.discussion)
            return feed(reader, path: Paths.discussionFeed(found.discussion), page: Paths.discussion(found.discussion),
                        title: found.discussion.title, subtitle: "New posts in \(found.community.name)",
                        entries: rows.map(postEntry), emptyUpdated: found.discussion.createdAt)
        case .member:
            guard let user = try await services.database.user(handle: context.parameters.get("handle") ?? "") else {
                throw AppError.notFound
            }
            let rows = try await services.database.feedPosts(authorID: user.id!, shown: guardian.feedDiscussionSQL())
            return feed(reader, path: Paths.userFeed(user.handle), page: Paths.user(user.handle),
                        title: "Posts by \(user.displayName) (@\(user.handle))", entries: rows.map(postEntry),
                        emptyUpdated: user.createdAt)
        }
    }

    /// The discussion in `{id}` if the feed may show it; one merged into another redirects to the other's feed.
    private func discussion(_ reader: Reader) async throws -> DiscussionContext {
        let guardian = reader.guardian
        guard let id = reader.context.parameters.get("id", as: Int64.self) else { throw AppError.notFound }
        guard let found = try await services.database.discussionContext(id: id) else {
            if let targetID = try await services.database.discussionRedirect(id: id),
               let target = try await services.database.discussionContext(id: targetID),
               guardian.showsInFeed(target.discussion, in: target.community) {
                throw AppError.movedPermanently(reader.prefix + Paths.discussionFeed(id: targetID))
            }
            throw AppError.notFound
        }
        try guardian.ensureVisible(guardian.showsInFeed(found.discussion, in: found.community))
        return found
    }

    // MARK: - The feed and its entries

    private var siteName: String { "Commonplace" }
    private var base: String { services.config.publicBaseURL }

    /// A feed at `path` (public form) following `page`. A public feed's id is its public address; a private one's
    /// names its owner and the feed, never the token.
    private func feed(_ reader: Reader, path: String, page: String, title: String, subtitle: String = "",
                      entries: [AtomEntry], emptyUpdated: Date) -> AtomFeed {
        let id = reader.context.user.map { owner in
            AtomID.tag(baseURL: base, created: owner.createdAt, "member", owner.id!) + "/private" + path
        } ?? base + path
        return AtomFeed(id: id, title: reader.token == nil ? title : "\(title) (private)", subtitle: subtitle,
                        selfURL: base + reader.prefix + path, pageURL: base + page, baseURL: base, siteName: siteName,
                        entries: entries, emptyUpdated: emptyUpdated)
    }

    private func discussionEntries(_ rows: [FeedDiscussionRow]) throws -> [AtomEntry] {
        let communities = Dictionary(try services.database.allCommunities().map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return rows.map { row in
            let d = row.discussion
            var html = row.opening.bodyHtml
            if d.kind == .lesson {
                let sections = [d.lessonContextHtml, d.lessonWhatHappenedHtml, d.lessonWhatWeLearnedHtml, d.lessonRecommendationHtml]
                for (heading, section) in zip(PostValidation.lessonHeadings, sections) where !section.isEmpty {
                    html += "<h3>\(heading)</h3>\n" + section
                }
            }
            return AtomEntry(
                id: AtomID.tag(baseURL: base, created: d.createdAt, "discussion", d.id!), title: d.title,
                url: base + Paths.discussion(d), published: d.createdAt, updated: row.opening.editedAt ?? d.createdAt,
                authorName: row.author?.displayName ?? "A former member",
                authorURL: row.author.map { base + Paths.user($0.handle) } ?? "",
                categories: [communities[d.communityId]?.name, d.kind.label].compactMap { $0 }, html: html)
        }
    }

    private func postEntry(_ row: FeedPostRow) -> AtomEntry {
        let post = row.post, d = row.discussion
        return AtomEntry(
            id: AtomID.tag(baseURL: base, created: post.createdAt, "post", post.id!),
            title: post.number == 1 ? d.title : "Re: \(d.title) (#\(post.number))",
            url: base + Paths.post(d, number: post.number), published: post.createdAt, updated: post.editedAt ?? post.createdAt,
            authorName: row.author?.displayName ?? "A former member",
            authorURL: row.author.map { base + Paths.user($0.handle) } ?? "",
            html: post.bodyHtml)
    }

    private func resourceEntry(_ resource: Resource, author: Author?) -> AtomEntry {
        AtomEntry(
            id: AtomID.tag(baseURL: base, created: resource.createdAt, "resource", resource.id!), title: resource.title,
            url: base + Paths.resource(resource.id!), published: resource.createdAt, updated: resource.updatedAt,
            authorName: author?.displayName ?? "A former member",
            authorURL: author.map { base + Paths.user($0.handle) } ?? "",
            categories: [resource.type.label] + (resource.isFeatured ? ["Featured"] : []) + (resource.isOutdated ? ["Outdated"] : []),
            html: resource.descriptionHtml)
    }
}
