import Foundation
import GRDB
import Hummingbird
import Synchronization
import Testing
@testable import Commonplace

/// Issue 16: backups that restore. The backup is taken from a live database while members write to it.
@Suite("Backups")
struct BackupTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("commonplace-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A reply as its client saw it: its text and when the server acknowledged it (after its commit).
    struct Acknowledged: Sendable {
        let body: String
        let at: Date
    }

    /// What the writers share: the replies acknowledged so far, and when to stop.
    final class Writers: Sendable {
        private let replies = Mutex<[Acknowledged]>([])
        private let stopped = Atomic<Bool>(false)
        func acknowledged(_ reply: Acknowledged) { replies.withLock { $0.append(reply) } }
        var all: [Acknowledged] { replies.withLock { $0 } }
        var shouldStop: Bool { stopped.load(ordering: .relaxed) }
        func stop() { stopped.store(true, ordering: .relaxed) }
    }

    @Test("a backup taken while 8 members post replies holds every reply acknowledged before its snapshot, restores, and passes check")
    func backupUnderLoad() async throws {
        // Given a forum on a WAL file and eight signed-in members
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.open(path: folder.appendingPathComponent("forum.sqlite").path)
        let app = try TestApp(database: database)
        let now = app.clock.now
        let community = try await database.createCommunity(Community(
            slug: "privacy", name: "Privacy", summary: "About privacy.", description: "All about privacy.",
            visibility: .public, joinPolicy: .open, createdAt: now, updatedAt: now))
        let board = try await database.createBoard(Board(communityId: community.id!, slug: "questions", name: "Questions", position: 0, createdAt: now))
        let starter = try await app.createUser(handle: "starter")
        let discussion = try await database.createDiscussion(NewDiscussion(
            communityID: community.id!, boardID: board.id!, kind: .conversation, title: "Replies during a backup",
            authorID: starter.id!, body: .from("Reply below."), createdAt: now))
        var accounts: [User] = []
        for n in 0..<8 {
            let user = try await app.createUser(handle: "writer\(n)")
            try await database.addMember(communityID: community.id!, userID: user.id!, now: now)
            accounts.append(user)
        }
        let members = accounts
        let writers = Writers()
        let backupFile = folder.appendingPathComponent("backup.sqlite").path
        let uploads = folder.appendingPathComponent("uploads")

        // When they reply as fast as they can while the backup is taken
        let result = try await app.run { browser in
            var clients: [Browser] = []
            for member in members {
                let client = Browser(client: browser.client)
                try await client.signIn(email: member.email)
                clients.append(client)
            }
            return try await withThrowingTaskGroup(of: BackupResult?.self) { group in
                for (index, client) in clients.enumerated() {
                    group.addTask {
                        var n = 0
                        while !writers.shouldStop {
                            n += 1
                            let body = "Reply \(n) from writer \(index)"
                            let posted = try await client.post(Paths.reply(discussion), [("body", body)])
                            if posted.status == .seeOther {
                                let at = Date()
                                writers.acknowledged(Acknowledged(body: body, at: at))
                            }
                        }
                        return nil
                    }
                }
                group.addTask {
                    // The backup starts once replies are flowing, and the writers stop once more came after it
                    // (counted, not timed: a loaded machine only makes the test slower).
                    while writers.all.count < 16 { try await Task.sleep(for: .milliseconds(20)) }
                    let result: BackupResult
                    do {
                        result = try await Task.detached {
                            try Backups.backUp(source: database.reader, uploads: uploads, to: backupFile) { _ in }
                        }.value
                    } catch {
                        writers.stop()  // a failed backup fails the test; it must not leave the writers posting forever
                        throw error
                    }
                    while writers.all.filter({ $0.at > result.snapshotAt }).count < 16 { try await Task.sleep(for: .milliseconds(20)) }
                    writers.stop()
                    return result
                }
                var made: BackupResult?
                for try await result in group { if let result { made = result } }
                return try #require(made)
            }
        }

        // Then the restored database has every reply acknowledged before the snapshot, and nothing that was never posted
        let all = writers.all
        let before = all.filter { $0.at < result.snapshotAt }
        #expect(before.count > 0)
        #expect(all.count > before.count, "replies went on after the snapshot")
        #expect(result.checks.contains { $0.contains("row counts") })
        let restoredPath = folder.appendingPathComponent("restored/forum.sqlite").path
        let restored = try await Backups.restore(from: backupFile, databasePath: restoredPath, uploads: nil, force: false) { _ in }
        #expect(restored.checks.allSatisfy { $0.ok }, "\(restored.checks.filter { !$0.ok })")
        let reopened = try AppDatabase.open(path: restoredPath)
        let bodies = Set(try await reopened.reader.read { db in
            try String.fetchAll(db, sql: "SELECT body_markdown FROM post WHERE discussion_id = ?", arguments: [discussion.id])
        })
        let missing = before.filter { !bodies.contains($0.body) }
        #expect(missing.isEmpty, "\(missing.count) acknowledged replies missing, e.g. \(missing.first?.body ?? "")")
        // Replies whose answer had not arrived yet when the writers stopped may be there too, but nothing else.
        #expect(bodies.allSatisfy { $0 == "Reply below." || $0.hasPrefix("Reply ") })
        let counters = try await reopened.reader.read { db in
            try Int.fetchOne(db, sql: "SELECT reply_count FROM discussion WHERE id = ?", arguments: [discussion.id])
        }
        #expect(counters == bodies.count - 1)
        #expect(try await reopened.check().allSatisfy { $0.ok })
    }

    @Test("uploaded files go into the backup beside it and come back with a restore, byte for byte")
    func uploadsRoundTrip() async throws {
        // Given a member who shared a PDF
        let rf = try await ResourceFixture.make()
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await rf.f.app.run { browser in
            try await browser.signIn(email: "member@example.org")
            let posted = try await browser.postMultipart(Paths.newResource(rf.f.community), ResourceUploadTests.fields,
                                                         file: UploadFile(fileName: "Checklist.pdf", bytes: SampleFiles.pdf))
            #expect(posted.status == .seeOther)
        }
        let storage = try #require(try await rf.resources().first?.fileStorageName)

        // When the forum is backed up and restored elsewhere
        let file = folder.appendingPathComponent("b.sqlite").path
        let result = try Backups.backUp(source: rf.f.app.database.reader, uploads: rf.uploads, to: file) { _ in }
        #expect(result.uploadFiles == 1)
        #expect(FileManager.default.fileExists(atPath: Backups.uploadsFolder(for: file) + "/" + storage))
        let target = folder.appendingPathComponent("site/db.sqlite").path
        let restoredUploads = folder.appendingPathComponent("site/files").path
        _ = try await Backups.restore(from: file, databasePath: target, uploads: restoredUploads, force: false) { _ in }

        // Then the restored server serves the same file
        let restored = try TestApp(database: AppDatabase.open(path: target)) { $0.uploadsDirectory = restoredUploads }
        let resource = try #require(try await restored.database.reader.read { db in try Resource.fetchOne(db) })
        let bytes = try await restored.run { browser in
            try await browser.signIn(email: "member@example.org")
            let response = try await browser.get(Paths.resourceFile(resource.id!))
            #expect(response.status == .ok)
            return response.body
        }
        #expect(Array(bytes.utf8) == SampleFiles.pdf)
    }

    @Test("restore refuses an existing database without --force, a database a server holds, and a damaged backup; nothing changes")
    func restoreRefusals() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let live = folder.appendingPathComponent("live.sqlite").path
        let database = try AppDatabase.open(path: live)
        _ = try await database.serverSecret()
        let file = folder.appendingPathComponent("b.sqlite").path
        _ = try Backups.backUp(source: database.reader, uploads: folder.appendingPathComponent("uploads"), to: file) { _ in }
        let before = try Data(contentsOf: URL(fileURLWithPath: live))

        // An existing database, without --force
        await #expect(throws: BackupFailure.self) {
            _ = try await Backups.restore(from: file, databasePath: live, uploads: nil, force: false) { _ in }
        }
        // A database whose server is running (it holds the lock), even with --force
        let lock = try ServerLock(database: live)
        await #expect(throws: ServerLock.Held.self) {
            _ = try await Backups.restore(from: file, databasePath: live, uploads: nil, force: true) { _ in }
        }
        withExtendedLifetime(lock) {}
        // A backup damaged on disk
        let damaged = folder.appendingPathComponent("damaged.sqlite").path
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        for i in stride(from: 4096, to: bytes.count, by: 97) { bytes[i] = 0xAB }
        try bytes.write(to: URL(fileURLWithPath: damaged))
        await #expect(throws: (any Error).self) {
            _ = try await Backups.restore(from: damaged, databasePath: live, uploads: nil, force: true) { _ in }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: live)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("replaced") || $0.contains("restoring") }
        #expect(leftovers.isEmpty)

        // A backup never overwrites one that exists
        #expect(throws: BackupFailure.self) {
            _ = try Backups.backUp(source: database.reader, uploads: folder.appendingPathComponent("uploads"), to: file) { _ in }
        }
    }

    @Test("with --force the old database is moved aside, not deleted, and the restored one answers")
    func restoreForce() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db.sqlite").path
        let database = try AppDatabase.open(path: path)
        let now = Date()
        _ = try await database.createUser(User(handle: "kept", email: "k@example.org", displayName: "K", passwordHash: "h", createdAt: now, updatedAt: now))
        let file = folder.appendingPathComponent("b.sqlite").path
        _ = try Backups.backUp(source: database.reader, uploads: folder.appendingPathComponent("uploads"), to: file) { _ in }
        _ = try await database.createUser(User(handle: "later", email: "l@example.org", displayName: "L", passwordHash: "h", createdAt: now, updatedAt: now))
        try database.writer.close()

        let result = try await Backups.restore(from: file, databasePath: path, uploads: nil, force: true) { _ in }
        let aside = try #require(result.replaced)
        #expect(FileManager.default.fileExists(atPath: aside))
        let restored = try AppDatabase.open(path: path)
        #expect(try await restored.user(handle: "kept") != nil)
        #expect(try await restored.user(handle: "later") == nil)
    }
}
