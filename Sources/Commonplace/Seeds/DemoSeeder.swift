import Foundation

/// Loads the demo data in `seeds/` through AppDatabase's write methods. Running it twice changes nothing.
public struct DemoSeeder {
    let database: AppDatabase
    let hasher: PasswordHasher
    let directory: URL
    let now: Date

    public init(database: AppDatabase, hasher: PasswordHasher, directory: String = ProjectPaths.seeds, now: Date = Date()) {
        self.database = database
        self.hasher = hasher
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        self.now = now
    }

    /// What a run did.
    public struct Report: Sendable {
        public var communitiesAdded = 0
        public var usersAdded = 0
        public var boardsAdded = 0
        public var discussionsAdded = 0
        public var postsAdded = 0
        public var resourcesAdded = 0
        public var meetingsAdded = 0
        /// The demo accounts' password, when this run created them (nil if they existed already).
        public var demoPassword: String?
    }

    struct CommunitiesFile: Decodable { let communities: [SeedCommunity] }
    struct SeedCommunity: Decodable {
        let slug, name, summary, description: String
        let types: [Community.Kind]
        let steward: Community.Steward
        let partner_name, meeting_rhythm, inactive_since, founded, parent: String?
        let join_policy: Community.JoinPolicy
        let how_to_join: String
        let visibility: Community.Visibility
        let status: Community.Status
    }
    struct UsersFile: Decodable { let users: [SeedUser] }
    struct SeedUser: Decodable {
        let handle, display_name, email, organisation, role_title, bio: String
        let is_admin: Bool
    }

    /// Adds whatever demo communities and accounts are missing, reporting progress through `progress`.
    public func run(progress: (String) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        let decoder = JSONDecoder()
        let communities = try decoder.decode(CommunitiesFile.self, from: Data(contentsOf: directory.appendingPathComponent("communities.json"))).communities
        for (index, seed) in communities.enumerated() {
            progress("communities \(index + 1)/\(communities.count): \(seed.slug)")
            guard try await database.community(slug: seed.slug) == nil else { continue }
            let parentID = if let parent = seed.parent { try await database.community(slug: parent)?.id } else { nil as Int64? }
            var community = Community(
                slug: seed.slug, name: seed.name, summary: seed.summary, description: seed.description,
                visibility: seed.visibility, joinPolicy: seed.join_policy, howToJoin: seed.how_to_join,
                status: seed.status, inactiveSince: seed.inactive_since, steward: seed.steward,
                partnerName: seed.partner_name ?? "", meetingRhythm: seed.meeting_rhythm ?? "",
                founded: seed.founded ?? "", parentId: parentID,
                position: index + 1, createdAt: now, updatedAt: now)
            community.kinds = seed.types
            _ = try await database.createCommunity(community, checking: .trusted)
            report.communitiesAdded += 1
        }

        let users = try decoder.decode(UsersFile.self, from: Data(contentsOf: directory.appendingPathComponent("users.json"))).users
        var missing: [SeedUser] = []
        for seed in users where try await database.user(handle: seed.handle) == nil { missing.append(seed) }
        if !missing.isEmpty {
            // One demo password for every demo account (it is printed), so one hash serves them all. Their addresses
            // count as verified, so the demo shows email as members would get it.
            let password = Self.generatePassword()
            let hash = try await hasher.hash(password)
            for (index, seed) in missing.enumerated() {
                progress("accounts \(index + 1)/\(missing.count): \(seed.handle)")
                _ = try await database.createUser(User(
                    handle: seed.handle, email: User.normalizedEmail(seed.email), displayName: seed.display_name,
                    passwordHash: hash, organisation: seed.organisation, roleTitle: seed.role_title, bio: seed.bio,
                    isAdmin: seed.is_admin, createdAt: now, updatedAt: now, emailVerifiedAt: now))
                report.usersAdded += 1
            }
            if missing.contains(where: \.is_admin) { report.demoPassword = password }
        }
        try await ForumSeeder(database: database, file: directory.appendingPathComponent("forum.json")).run(report: &report, progress: progress)
        try await ResourceSeeder(database: database, file: directory.appendingPathComponent("resources.json")).run(report: &report, progress: progress)
        try await MeetingSeeder(database: database, file: directory.appendingPathComponent("meetings.json"), now: now).run(report: &report, progress: progress)
        return report
    }

    /// Four random words from a small list plus digits: long, typeable, printed once for the demo.
    static func generatePassword() -> String {
        let words = ["harbour", "maple", "lantern", "meadow", "orbit", "pebble", "quill", "river", "summit", "thistle",
                     "willow", "ember", "falcon", "garnet", "juniper", "kestrel", "cedar", "birch", "copper", "delta"]
        var generator = SystemRandomNumberGenerator()
        let chosen = (0..<4).map { _ in words.randomElement(using: &generator)! }
        return chosen.joined(separator: "-") + "-" + String(Int.random(in: 10...99, using: &generator))
    }
}
