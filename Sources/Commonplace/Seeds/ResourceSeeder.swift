import Foundation
import GRDB

/// Loads `seeds/resources.json`: resources shared in the communities' libraries (links), each with its tags and
/// its own discussion, through `AppDatabase.createResource`; the moderators' curation (featured, reviewed, outdated)
/// and collections; each community's topic vocabulary and members' expertise. What exists already is left alone.
struct ResourceSeeder {
    let database: AppDatabase
    let file: URL

    struct ResourcesFile: Decodable {
        let resources: [SeedResource]
        let collections: [SeedCollection]?
        let vocabulary: [SeedVocabulary]?
        let expertise: [SeedExpertise]?
    }
    struct SeedResource: Decodable {
        let community, author, title, url, audience, description: String
        let type: Resource.Kind
        let created: Date
        let tags: [String]
        let review_by: String?
        let featured: Bool?
        let reviewed_by: String?
        let outdated_note: String?
    }
    struct SeedCollection: Decodable { let community, moderator, slug, title, introduction: String; let resources: [String] }
    struct SeedVocabulary: Decodable { let community: String; let topics: [String] }
    struct SeedExpertise: Decodable { let handle: String; let help, learn: [String]; let suggestable, mentor: Bool }

    func run(report: inout DemoSeeder.Report, progress: (String) -> Void) async throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let file = try decoder.decode(ResourcesFile.self, from: Data(contentsOf: file))
        let seeds = file.resources
        for (index, seed) in seeds.enumerated() {
            progress("resources \(index + 1)/\(seeds.count)")
            guard let community = try await database.community(slug: seed.community) else {
                throw CommandError("resources.json names an unknown community \(seed.community)")
            }
            guard let author = try await database.user(handle: seed.author) else {
                throw CommandError("resources.json names an unknown member \(seed.author)")
            }
            let exists = try await database.reader.read { db in
                try Resource.filter(Column("community_id") == community.id! && Column("title") == seed.title).fetchCount(db) > 0
            }
            if exists { continue }
            let description = RenderedText.from(seed.description)
            let resource = try await database.createResource(Resource(
                communityId: community.id!, authorId: author.id!, title: seed.title, type: seed.type, url: seed.url,
                descriptionMarkdown: description.markdown, descriptionHtml: description.html, audience: seed.audience,
                reviewBy: seed.review_by.flatMap(Self.day), createdAt: seed.created, updatedAt: seed.created), tags: seed.tags,
                checking: .trusted)
            report.resourcesAdded += 1
            // The community's first moderator curates it, a month after it was shared.
            let curator = try await firstModerator(of: community) ?? author
            let stamp = ModeratorStamp(moderatorID: curator.id!, at: seed.created.addingTimeInterval(30 * 86_400))
            if seed.featured == true { try await database.curate(resourceID: resource.id!, .feature, by: stamp, checking: .trusted) }
            if seed.reviewed_by != nil { try await database.curate(resourceID: resource.id!, .review(nextReviewBy: nil), by: stamp, checking: .trusted) }
            if let note = seed.outdated_note { try await database.curate(resourceID: resource.id!, .markOutdated(note: note), by: stamp, checking: .trusted) }
        }
        for seed in file.collections ?? [] {
            guard let community = try await database.community(slug: seed.community),
                  try await database.collection(communityID: community.id!, slug: seed.slug) == nil,
                  let moderator = try await database.user(handle: seed.moderator) else { continue }
            var ids: [Int64] = []
            for title in seed.resources {
                let id = try await database.reader.read { db in
                    try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE community_id = ? AND title = ?", arguments: [community.id!, title])
                }
                if let id { ids.append(id) }
            }
            _ = try await database.createCollection(ResourceCollection(
                communityId: community.id!, slug: seed.slug, title: seed.title, introduction: .from(seed.introduction),
                createdBy: moderator.id, createdAt: Date()), resourceIDs: ids, checking: .trusted)
        }
        for seed in file.vocabulary ?? [] {
            guard let community = try await database.community(slug: seed.community) else { continue }
            if try await database.vocabulary(communityID: community.id!).isEmpty {
                try await database.setVocabulary(communityID: community.id!, seed.topics, checking: .trusted)
            }
        }
        for seed in file.expertise ?? [] {
            guard let user = try await database.user(handle: seed.handle) else { continue }
            let current = try await database.expertise(userID: user.id!)
            guard current.help.isEmpty && current.learn.isEmpty else { continue }
            try await database.saveExpertise(userID: user.id!, Expertise(help: seed.help, learn: seed.learn, suggestable: seed.suggestable,
                                                                         mentor: seed.mentor), now: Date(), checking: .trusted)
        }
    }

    private func firstModerator(of community: Community) async throws -> User? {
        try await database.members(communityID: community.id!).first { $0.membership.role == .moderator }?.user
    }

    /// A yyyy-MM-dd date at noon UTC.
    static func day(_ text: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12))
    }
}
