import Foundation
import GRDB

/// Loads `seeds/resources.json`: resources shared in the communities' libraries (links), each with its tags and
/// its own discussion, through `AppDatabase.createResource`. A resource whose title exists in that community is skipped.
struct ResourceSeeder {
    let database: AppDatabase
    let file: URL

    struct ResourcesFile: Decodable { let resources: [SeedResource] }
    struct SeedResource: Decodable {
        let community, author, title, url, audience, description: String
        let type: Resource.Kind
        let created: Date
        let tags: [String]
        let review_by: String?
    }

    func run(report: inout DemoSeeder.Report, progress: (String) -> Void) async throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let seeds = try decoder.decode(ResourcesFile.self, from: Data(contentsOf: file)).resources
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
            _ = try await database.createResource(Resource(
                communityId: community.id!, authorId: author.id!, title: seed.title, type: seed.type, url: seed.url,
                descriptionMarkdown: description.markdown, descriptionHtml: description.html, audience: seed.audience,
                reviewBy: seed.review_by.flatMap(Self.day), createdAt: seed.created, updatedAt: seed.created), tags: seed.tags)
            report.resourcesAdded += 1
        }
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
