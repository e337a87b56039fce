import Foundation
import GRDB
import Testing
@testable import Commonplace

/// The hot records are read by hand-written `init(row:)` (not `Codable`): every field written must come back.
@Suite("Records read back")
struct RowDecodingTests {
    @Test("every field of a user, community, board, discussion, post, membership and session reads back as written")
    func roundTrip() async throws {
        // Given one record of each kind with every field away from its default
        let database = try AppDatabase.inMemory()
        let records = try await database.writer.write { db in
            let t = { (offset: Int) in Date(timeIntervalSince1970: TimeInterval(1_790_000_000 + offset)) }
            var user = User(handle: "amara", email: "amara@example.org", displayName: "Amara", passwordHash: "$argon2id$x",
                            organisation: "Org", roleTitle: "Role", bio: "Bio", isAdmin: true, createdAt: t(1), updatedAt: t(2),
                            suspendedUntil: t(3), suspensionReason: "Because", emailVerifiedAt: t(30))
            try user.insert(db)
            var parent = Community(slug: "parent", name: "Parent", summary: "s", description: "d", visibility: .public,
                                   joinPolicy: .open, createdAt: t(0), updatedAt: t(0))
            try parent.insert(db)
            var community = Community(slug: "child", name: "Child", summary: "Sum", description: "Desc", visibility: .members,
                                      joinPolicy: .invite, howToJoin: "Ask", status: .inactive, inactiveSince: "2026-01",
                                      steward: .partner, partnerName: "Partner", meetingRhythm: "monthly", founded: "2019",
                                      typeExchange: true, typeStrategy: true, typeChange: true, parentId: parent.id, position: 4,
                                      createdAt: t(4), updatedAt: t(5), holdFirstPosts: 2, flagHideThreshold: 7,
                                      unansweredAfterDays: 9, archivedAt: t(6), successorId: parent.id, mergedIntoId: parent.id)
            try community.insert(db)
            var board = Board(communityId: community.id!, slug: "questions", name: "Questions", description: "Ask", position: 3,
                              archivedAt: t(7), createdAt: t(8))
            try board.insert(db)
            var membership = Membership(communityId: community.id!, userId: user.id!, role: .moderator, createdAt: t(9),
                                        silencedUntil: t(10), silenceReason: "Quiet")
            try membership.insert(db)
            var session = Session(userId: user.id!, tokenHash: "hash", createdAt: t(11), lastSeenAt: t(12), expiresAt: t(13),
                                  userAgent: "agent", clientAddress: "127.0.0.1")
            try session.insert(db)
            var discussion = Discussion(
                communityId: community.id!, boardId: board.id!, kind: .lesson, title: "Title", authorId: user.id!, createdAt: t(14),
                lastPostAt: t(15), lastPosterId: user.id!, replyCount: 1, postCount: 2, viewCount: 3, pinned: true, lockedAt: t(16),
                lockReason: "Done", acceptedPostId: nil, lessonContext: "c", lessonContextHtml: "<p>c</p>", lessonWhatHappened: "w",
                lessonWhatHappenedHtml: "<p>w</p>", lessonWhatWeLearned: "l", lessonWhatWeLearnedHtml: "<p>l</p>",
                lessonRecommendation: "r", lessonRecommendationHtml: "<p>r</p>", heldAt: t(17), hiddenAt: t(18), hiddenBy: user.id!,
                hiddenReason: "Hidden")
            try discussion.insert(db)
            var post = Post(discussionId: discussion.id!, number: 1, authorId: user.id!, bodyMarkdown: "*b*",
                            bodyHtml: "<p><em>b</em></p>", createdAt: t(19), editedAt: t(20), revisionCount: 2, deletedAt: t(21),
                            hiddenAt: t(22), hiddenBy: user.id!, hiddenReason: "Why", heldAt: t(23))
            try post.insert(db)
            discussion.acceptedPostId = post.id
            try discussion.update(db)
            try db.execute(sql: "UPDATE post SET helpful_count = 5 WHERE id = ?", arguments: [post.id!])
            return (user, community, board, membership, session, discussion, post)
        }
        let (user, community, board, membership, session, discussion, post) = records

        // When each is read back by its row initialiser
        let read = try await database.reader.read { db in
            (try User.fetchOne(db, key: user.id!), try Community.fetchOne(db, key: community.id!), try Board.fetchOne(db, key: board.id!),
             try Membership.fetchOne(db, key: membership.id!), try Session.fetchOne(db, key: session.id!),
             try Discussion.fetchOne(db, key: discussion.id!), try Post.fetchOne(db, key: post.id!))
        }
        // Then every field is what was written
        #expect(read.0 == user)
        #expect(read.1 == community)
        #expect(read.2 == board)
        #expect(read.3 == membership)
        #expect(read.4 == session)
        #expect(read.5 == discussion)
        #expect(read.6 == post)
        let thread = try #require(try await database.discussionThread(id: discussion.id!, page: 1))
        #expect(thread.context.discussion == discussion)
        #expect(thread.context.board == board)
        #expect(thread.context.community == community)
        var shown = post
        shown.bodyMarkdown = ""  // a page reads the HTML only
        #expect(thread.posts.map(\.post) == [shown])
        #expect(thread.posts.first?.author == Author(user))
        #expect(thread.posts.first?.helpfulCount == 5)
        #expect(thread.accepted?.post == shown)
    }

    @Test("a discussion read by position names every column of its table, in the order it reads them")
    func discussionColumnsMatchTable() async throws {
        let database = try AppDatabase.inMemory()
        let columns = try await database.reader.read { db in try db.columns(in: "discussion").map(\.name) }
        // A column added to the table must be added to the positional reader too (else it would read as its default).
        #expect(Set(columns) == Set(Discussion.columnNames))
        #expect(columns.count == Discussion.columnNames.count)
    }

    @Test("a post whose author's account is gone reads with no author")
    func formerMember() async throws {
        let database = try AppDatabase.inMemory()
        let discussionID = try await database.writer.write { db in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            var community = Community(slug: "c", name: "C", summary: "s", description: "d", visibility: .public, joinPolicy: .open,
                                      createdAt: now, updatedAt: now)
            try community.insert(db)
            var board = Board(communityId: community.id!, slug: "b", name: "B", position: 0, createdAt: now)
            try board.insert(db)
            var discussion = Discussion(communityId: community.id!, boardId: board.id!, kind: .question, title: "Title",
                                        authorId: nil, createdAt: now, lastPostAt: now, lastPosterId: nil)
            try discussion.insert(db)
            var post = Post(discussionId: discussion.id!, number: 1, authorId: nil, bodyMarkdown: "b", bodyHtml: "<p>b</p>",
                            createdAt: now)
            try post.insert(db)
            return discussion.id!
        }
        let thread = try #require(try await database.discussionThread(id: discussionID, page: 1))
        #expect(thread.posts.count == 1)
        #expect(thread.posts.first?.author == nil)
    }
}

/// Stored dates are parsed by arithmetic; GRDB's own decoding is the reference.
@Suite("Stored dates")
struct StoredDateTests {
    @Test("a stored date reads as GRDB reads it (to the microsecond) and is written back as the same text")
    func agreesWithGRDB() async throws {
        let database = try AppDatabase.inMemory()
        var generator = SystemRandomNumberGenerator()
        let fixed: [Int64] = [0, 1, 500, 951_782_400_000, 951_868_799_999, 1_790_000_000_123, -86_400_250, 4_102_444_799_998]
        let milliseconds = fixed + (0..<3000).map { _ in Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &generator) }
        let mismatches = try await database.reader.read { db in
            var mismatches: [String] = []
            for ms in milliseconds {
                // The text GRDB stores for this millisecond
                let stored = try #require(try String.fetchOne(db, sql: "SELECT ?", arguments: [Date(timeIntervalSince1970: Double(ms) / 1000)]))
                let row = try #require(try Row.fetchOne(db, sql: "SELECT ? AS d, NULL AS n", arguments: [stored]))
                let reference: Date = try row.decode(forColumn: "d")
                let parsed = try row.storedDate(atIndex: 0)
                let rewritten = try String.fetchOne(db, sql: "SELECT ?", arguments: [parsed])
                if abs(parsed.timeIntervalSince(reference)) > 1e-6 || rewritten != stored { mismatches.append("\(stored) → \(rewritten ?? "nil")") }
                if try row.storedDateIfPresent(atIndex: 1) != nil { mismatches.append("NULL") }
            }
            return mismatches
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("a whole-second date is written as the text GRDB writes for it (bench-data formats dates by arithmetic)")
    func textAgreesWithGRDB() throws {
        var generator = SystemRandomNumberGenerator()
        let fixed = [0, 1, -1, 59, 86_399, 86_400, 951_782_400, 951_868_799, 1_735_689_600, -86_401, 4_102_444_799, -2_208_988_800]
        let seconds = fixed + (0..<3000).map { _ in Int.random(in: -2_208_988_800...4_102_444_800, using: &generator) }
        let mismatches = seconds.compactMap { s -> String? in
            let grdb = String.fromDatabaseValue(Date(timeIntervalSince1970: Double(s)).databaseValue)
            let ours = StoredDate.text(secondsSince1970: s)
            return ours == grdb ? nil : "\(s): \(ours) ≠ \(grdb ?? "nil")"
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("text in another form is left to GRDB")
    func otherForms() {
        #expect(StoredDate.parse(Data("2026-11-27".utf8)) == nil)
        #expect(StoredDate.parse(Data("2026-13-27 10:00:00".utf8)) == nil)
        #expect(StoredDate.parse(Data("yesterday".utf8)) == nil)
        let date = try? #require(StoredDate.parse(Data("2026-11-27 06:56:00".utf8)))
        #expect(date.map(Formatting.moment) == "27 Nov 2026, 06:56 UTC")
    }
}
