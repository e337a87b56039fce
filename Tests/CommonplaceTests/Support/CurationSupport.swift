import Foundation
import GRDB
@testable import Commonplace

extension ForumFixture {
    /// A link resource shared by `author` (in the public community unless told), created now unless told.
    func resource(_ title: String = "Breach response template", in community: Community? = nil, type: Resource.Kind = .template,
                  createdAt: Date? = nil, reviewBy: Date? = nil) async throws -> Resource {
        let community = community ?? self.community
        let now = createdAt ?? app.clock.now
        let description = RenderedText.from("A **template** for \(title).")
        return try await app.database.createResource(Resource(
            communityId: community.id!, authorId: author.id, title: title, type: type, url: "https://example.org/\(Paths.slugify(title))",
            descriptionMarkdown: description.markdown, descriptionHtml: description.html, reviewBy: reviewBy,
            createdAt: now, updatedAt: now), tags: ["breach"])
    }

    /// The resource as stored now.
    func stored(_ resource: Resource) async throws -> Resource {
        try await app.database.reader.read { db in try Resource.fetchOne(db, key: resource.id!)! }
    }

    /// Sets columns of a resource directly (states the HTTP flows under test do not set themselves).
    func setResource(_ resource: Resource, _ assignments: String, _ arguments: StatementArguments = []) async throws {
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE resource SET \(assignments) WHERE id = ?", arguments: arguments + [resource.id!])
        }
    }

    /// A collection made directly, holding `resources` in that order.
    func collection(_ title: String = "Start here", slug: String = "start-here", in community: Community? = nil,
                    introduction: String = "Read these **first**.", resources: [Resource] = []) async throws -> ResourceCollection {
        try await app.database.createCollection(
            ResourceCollection(communityId: (community ?? self.community).id!, slug: slug, title: title,
                               introduction: .from(introduction), createdBy: moderator.id, createdAt: app.clock.now),
            resourceIDs: resources.map { $0.id! })
    }

    /// The ids of a collection's resources in order, and their positions.
    func items(_ collection: ResourceCollection) async throws -> [(Int64, Int)] {
        try await app.database.reader.read { db in
            try Row.fetchAll(db, sql: "SELECT resource_id, position FROM collection_item WHERE collection_id = ? ORDER BY position",
                             arguments: [collection.id!]).map { ($0[0], $0[1]) }
        }
    }
}
