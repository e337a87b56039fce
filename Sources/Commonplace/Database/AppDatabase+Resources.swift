import Foundation
import GRDB

/// A resource with its tags and author, for pages and lists.
public struct ResourceRow: Sendable {
    public var resource: Resource
    public var tags: [String]
    public var author: User?
}

extension AppDatabase {
    /// The board that holds resources' own discussions in every community (created with the first resource).
    public static let resourceBoardSlug = "resource-discussions"

    /// Stores a new resource with its tags and creates its discussion (in the community's resource board,
    /// opened by the resource's description), all in one transaction. A held resource's discussion is held too.
    public func createResource(_ resource: Resource, tags: [String], checking check: WriteCheck) async throws -> Resource {
        try await write(checking: check) { db in
            var resource = resource
            try resource.insert(db)
            let board = try Self.resourceBoard(db, communityID: resource.communityId, now: resource.createdAt)
            let opening = resource.descriptionMarkdown.isEmpty
                ? RenderedText.from("Questions and comments about this resource.")
                : RenderedText(markdown: resource.descriptionMarkdown, html: resource.descriptionHtml)
            var discussion = Discussion(
                communityId: resource.communityId, boardId: board.id!, kind: .conversation, title: resource.title,
                authorId: resource.authorId, createdAt: resource.createdAt, lastPostAt: resource.createdAt,
                lastPosterId: resource.authorId, replyCount: 0, postCount: 1)
            discussion.heldAt = resource.heldAt
            try discussion.insert(db)
            var post = Post(discussionId: discussion.id!, number: 1, authorId: resource.authorId,
                            bodyMarkdown: opening.markdown, bodyHtml: opening.html, createdAt: resource.createdAt)
            post.heldAt = resource.heldAt
            try post.insert(db)
            resource.discussionId = discussion.id
            try resource.update(db)
            try Self.setTags(db, resourceID: resource.id!, tags: tags)
            return resource
        }
    }

    /// The community's board for resource discussions, created when first needed.
    static func resourceBoard(_ db: Database, communityID: Int64, now: Date) throws -> Board {
        if let board = try Board.filter(Column("community_id") == communityID && Column("slug") == resourceBoardSlug).fetchOne(db) {
            return board
        }
        var board = Board(communityId: communityID, slug: resourceBoardSlug, name: "Resource discussions",
                          description: "Questions and comments about the resources in the library, one discussion per resource.",
                          position: (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM board WHERE community_id = ?",
                                                      arguments: [communityID]) ?? 0) + 1,
                          createdAt: now)
        try board.insert(db)
        return board
    }

    /// Replaces a resource's tags (normalised: trimmed, lowercased, unique).
    static func setTags(_ db: Database, resourceID: Int64, tags: [String]) throws {
        try db.execute(sql: "DELETE FROM resource_tag WHERE resource_id = ?", arguments: [resourceID])
        for tag in Self.normalizedTags(tags) {
            try db.execute(sql: "INSERT INTO resource_tag(resource_id, tag) VALUES (?, ?)", arguments: [resourceID, tag])
        }
    }

    /// Tags as stored: trimmed, lowercased, without a leading '#', unique, in the order given.
    public static func normalizedTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.compactMap { raw in
            var tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            while tag.hasPrefix("#") { tag.removeFirst() }
            guard !tag.isEmpty, seen.insert(tag).inserted else { return nil }
            return tag
        }
    }

    /// Saves an edited resource and its tags; its discussion's title follows the resource's title. One transaction.
    public func updateResource(_ resource: Resource, tags: [String], checking check: WriteCheck) async throws {
        try await write(checking: check) { db in
            try resource.update(db)
            try Self.setTags(db, resourceID: resource.id!, tags: tags)
            if let discussionID = resource.discussionId {
                try db.execute(sql: "UPDATE discussion SET title = ? WHERE id = ? AND title IS NOT ?",
                               arguments: [resource.title, discussionID, resource.title])
            }
        }
    }

    /// Whether the community holds resources shared by members for a moderator's approval.
    public func requiresResourceApproval(communityID: Int64) async throws -> Bool {
        try await reader.read { db in
            try Bool.fetchOne(db, sql: "SELECT require_resource_approval FROM community WHERE id = ?", arguments: [communityID]) ?? false
        }
    }

    /// Why a moderator declined the resource (from the moderation log), if they did.
    public func declineReason(resourceID: Int64) async throws -> String? {
        try await reader.read { db in
            try String.fetchOne(db, sql: """
                SELECT reason FROM moderation_action WHERE action = ? AND target_type = ? AND target_id = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [ModerationAction.Kind.declineResource.rawValue, ModerationAction.TargetType.resource.rawValue, resourceID])
        }
    }

    /// Tags of several resources at once, by resource id (each list sorted).
    static func tags(_ db: Database, resourceIDs: [Int64]) throws -> [Int64: [String]] {
        guard !resourceIDs.isEmpty else { return [:] }
        let rows = try SQLRequest<Row>(literal: "SELECT resource_id, tag FROM resource_tag WHERE resource_id IN \(resourceIDs) ORDER BY tag").fetchAll(db)
        return Dictionary(grouping: rows, by: { $0["resource_id"] as Int64 }).mapValues { $0.map { $0["tag"] as String } }
    }

    public func resource(id: Int64) async throws -> ResourceRow? {
        try await reader.read { db in
            guard let resource = try Resource.fetchOne(db, key: id) else { return nil }
            let tags = try String.fetchAll(db, sql: "SELECT tag FROM resource_tag WHERE resource_id = ? ORDER BY tag", arguments: [id])
            let author = try resource.authorId.flatMap { try User.fetchOne(db, key: $0) }
            return ResourceRow(resource: resource, tags: tags, author: author)
        }
    }
}
