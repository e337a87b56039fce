import Foundation

/// Loads `seeds/forum.json`: memberships, boards and discussions with their replies, through AppDatabase's
/// write methods (posts rendered as they would be when written). What exists already is left alone.
struct ForumSeeder {
    let database: AppDatabase
    let file: URL

    struct ForumFile: Decodable {
        let memberships: [SeedMembership]
        let boards: [SeedBoard]
        let discussions: [SeedDiscussion]
    }
    struct SeedMembership: Decodable { let community, handle: String; let role: Membership.Role }
    struct SeedBoard: Decodable { let community, slug, name, description: String }
    struct SeedLesson: Decodable { let context, what_happened, what_we_learned, recommendation: String }
    struct SeedReply: Decodable { let author: String; let created: Date; let body: String }
    struct SeedDiscussion: Decodable {
        let community, board, title, author, body: String
        let kind: Discussion.Kind
        let created: Date
        let pinned: Bool
        let lesson: SeedLesson?
        let replies: [SeedReply]
        let accepted_reply: Int?
    }

    func run(report: inout DemoSeeder.Report, progress: (String) -> Void) async throws {
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let forum = try decoder.decode(ForumFile.self, from: Data(contentsOf: file))
        var communities: [String: Community] = [:]
        var users: [String: User] = [:]
        func community(_ slug: String) async throws -> Community {
            if let found = communities[slug] { return found }
            guard let found = try await database.community(slug: slug) else { throw CommandError("forum.json names an unknown community \(slug)") }
            communities[slug] = found
            return found
        }
        func user(_ handle: String) async throws -> User {
            if let found = users[handle] { return found }
            guard let found = try await database.user(handle: handle) else { throw CommandError("forum.json names an unknown member \(handle)") }
            users[handle] = found
            return found
        }

        // Members joined a month before the first demo discussion.
        let joined = (forum.discussions.map(\.created).min() ?? Date()).addingTimeInterval(-86_400 * 30)
        for (index, seed) in forum.memberships.enumerated() {
            if index % 20 == 0 { progress("memberships \(index + 1)/\(forum.memberships.count)") }
            let c = try await community(seed.community), u = try await user(seed.handle)
            try await database.addMember(communityID: c.id!, userID: u.id!, role: seed.role, now: joined, checking: .trusted)
        }
        for (index, seed) in forum.boards.enumerated() {
            if index % 10 == 0 { progress("boards \(index + 1)/\(forum.boards.count)") }
            let c = try await community(seed.community)
            guard try await database.board(communityID: c.id!, slug: seed.slug) == nil else { continue }
            _ = try await database.createBoard(Board(communityId: c.id!, slug: seed.slug, name: seed.name,
                                                     description: seed.description, position: 0, createdAt: c.createdAt),
                                               checking: .trusted)
            report.boardsAdded += 1
        }
        for (index, seed) in forum.discussions.enumerated() {
            progress("discussions \(index + 1)/\(forum.discussions.count)")
            let c = try await community(seed.community)
            guard let board = try await database.board(communityID: c.id!, slug: seed.board) else { continue }
            let existing = try await database.boardPage(boardID: board.id!, listed: "1", filter: .all, page: 1).rows
            if existing.contains(where: { $0.discussion.title == seed.title }) { continue }
            let lesson = seed.lesson.map { [$0.context, $0.what_happened, $0.what_we_learned, $0.recommendation].map(RenderedText.from) } ?? []
            let discussion = try await database.createDiscussion(NewDiscussion(
                communityID: c.id!, boardID: board.id!, kind: seed.kind, title: seed.title,
                authorID: try await user(seed.author).id!, body: .from(seed.body), lesson: lesson,
                pinned: seed.pinned, createdAt: seed.created), checking: .trusted)
            report.discussionsAdded += 1
            report.postsAdded += 1
            var replyIDs: [Int64] = []
            for reply in seed.replies {
                let post = try await database.reply(discussionID: discussion.id!, authorID: try await user(reply.author).id!,
                                                    body: .from(reply.body), now: reply.created, checking: .trusted)
                replyIDs.append(post.id!)
                report.postsAdded += 1
            }
            if let accepted = seed.accepted_reply, replyIDs.indices.contains(accepted) {
                // Accepted as it was answered: the event carries the reply's date, so a first fan-out or digest after
                // loading the demo data takes it as old news (no email about it).
                try await database.setAcceptedAnswer(discussionID: discussion.id!, postID: replyIDs[accepted],
                                                     now: seed.replies[accepted].created, checking: .trusted)
            }
        }
    }
}
