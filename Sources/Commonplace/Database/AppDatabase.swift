import Foundation
import GRDB

/// The only door to SQLite: it owns the writer, runs the migrations, and each write method is one transaction.
public struct AppDatabase: Sendable {
    /// The connection (a `DatabasePool` for a file, a `DatabaseQueue` in memory for tests).
    let writer: any DatabaseWriter
    /// Every community, in memory until a transaction changes the table.
    let communityCache = CommunityCache()
    /// Every board, in memory until a transaction changes the table.
    let boardCache = TableCache<Bool, BoardDirectory>(tables: ["board"], capacity: 1)
    /// Who is behind a session token (session, account and memberships), by token, until any of them changes.
    let visitorCache = TableCache<String, Visitor>(tables: ["session", "user", "membership"])
    /// Post authors' names by id, until an account changes.
    let authorCache = TableCache<Int64, Author>(tables: ["user"], capacity: 50_000)
    /// Pages of discussions as read (posts and counts; no reader's own marks), until a discussion or post changes.
    let threadCache = TableCache<ThreadPageKey, ThreadPageRead>(tables: ["discussion", "post"], capacity: 256)
    /// A reader's own rows behind a discussion page, until anything they are read from changes.
    let threadReaderCache = TableCache<ThreadReaderKey, ThreadReaderRead>(regions: { ThreadReaderRead.trackedRegions }, capacity: 10_000)
    /// Board pages' discussions, by board, page and what the reader may list, until a discussion changes.
    let boardPageCache = TableCache<BoardPageKey, BoardPageRead>(tables: ["discussion"], capacity: 512)
    /// Recent discussions across communities, by the set of communities the reader may see.
    let recentCache = TableCache<String, [Discussion]>(tables: ["discussion", "community"], capacity: 256)
    /// The directory's community cards, by filter and by which communities the visitor may see, until a community
    /// changes (members with the same view share them).
    let directoryCache = TableCache<DirectoryCardsKey, DirectoryCards>(tables: ["community"], capacity: 256)
    /// Each member's unread notifications (the header's count), until a notification or what decides whether they may
    /// see it changes.
    let unreadCache = TableCache<Int64, UnreadSummary>(regions: { UnreadSummary.trackedRegions }, capacity: 50_000)
    /// A member's read marks, community baselines and watch levels for one list (a board page, the home), until
    /// anything they are read from changes (the view flush saving marks, "mark all read", joining, watching).
    let readingCache = TableCache<ReadingKey, ReadingRows>(tables: ["discussion_read", "community_read", "membership", "watch"],
                                                           capacity: 10_000)
    /// Each member's home lists (`memberHome`), until anything they are read from changes (a few kilobytes each:
    /// the discussions without their lesson texts).
    let homeCache = TableCache<Int64, MemberHomeRows>(regions: { MemberHomeRows.trackedRegions }, capacity: 2_000)
    /// The search index's words, for "did you mean" (read again in the background every ten minutes).
    let searchVocabularyCache = SearchVocabularyCache()

    /// The site's settings in force (`/admin/settings`), replaced by the transaction that saves them.
    public let site = SiteSettingsStore()
    /// Replies that arrive together commit in one transaction.
    let replies: GroupCommit
    /// A step tests run between a request's check and its write (`WriteCheck`); empty in the server.
    public let writeBarrier = WriteBarrier()
    /// Connections of our own for `readNow` (a file's database; tests in memory read through the writer).
    let readers: ReaderPool?

    /// Opens `writer` and migrates it to the current schema.
    public init(_ writer: any DatabaseWriter) throws {
        try self.init(writer, readers: nil)
    }

    init(_ writer: any DatabaseWriter, readers: ReaderPool?) throws {
        self.writer = writer
        self.readers = readers
        replies = GroupCommit(writer: writer)
        try Self.migrator.migrate(writer)
        for cache in [communityCache.observe, boardCache.observe, visitorCache.observe, authorCache.observe,
                      threadCache.observe, threadReaderCache.observe, boardPageCache.observe, recentCache.observe, unreadCache.observe,
                      directoryCache.observe, readingCache.observe, homeCache.observe] { cache(writer) }
    }

    /// How much of the file SQLite may memory-map (reads only; writes still go through the WAL).
    static let mmapSize = 4 << 30

    /// Reads through the writer's concurrent readers (WAL snapshots in a pool).
    public var reader: any DatabaseReader { writer }

    /// A short read (a few indexed lookups, a page of rows) run on the calling thread, in a snapshot of its own.
    /// The async `reader.read` hops to a reader's queue and back, two thread wake-ups that cost more than such a
    /// read; long reads (search, reports) keep it, so they never hold a request thread.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        if let readers { return try readers.read(body) }
        return try reader.read(body)
    }
}

// MARK: - Opening

extension AppDatabase {
    /// Durability of each commit: `normal` survives process crashes, `full` also power loss.
    public enum Synchronous: String, Sendable, CaseIterable {
        case normal = "NORMAL"
        case full = "FULL"
    }

    /// Connection settings shared by every way of opening the database.
    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // Reads of a large database (search over a million posts) go through memory-mapped pages and a
            // 32 MB page cache per connection instead of a system call per page.
            try db.execute(sql: "PRAGMA mmap_size = \(AppDatabase.mmapSize)")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            // Statement journals (opened by every statement that fires triggers inside a transaction: a reply's
            // insert, with its search-index triggers) in memory rather than in a temporary file each time.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Each statement's time, for /metrics: read connections and the one writer apart.
            guard AppMetrics.shared.isRecording else { return }
            let histogram = db.configuration.readonly ? AppMetrics.shared.databaseRead : AppMetrics.shared.databaseWrite
            db.trace(options: .profile) { event in
                if case .profile(_, let duration) = event { histogram.record(.nanoseconds(Int64(duration * 1e9))) }
            }
        }
        return config
    }

    /// Opens (creating if needed) the SQLite file at `path` as a WAL `DatabasePool`, creating its folder.
    public static func open(path: String, synchronous: Synchronous = .normal) throws -> AppDatabase {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration())
        // GRDB sets NORMAL when it enables WAL; only the writer connection commits, so that is where FULL goes.
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
        }
        // Migrated (by `AppDatabase.init`) before the first read of the reader pool.
        return try AppDatabase(pool, readers: ReaderPool(path: path, configuration: configuration(),
                                                         keep: ProcessInfo.processInfo.activeProcessorCount + 2))
    }

    /// Closes every connection, the writer last, so SQLite checkpoints the WAL into the file and removes it: after a
    /// graceful shutdown the database is one file again.
    public func close() throws {
        readers?.close()
        try writer.close()
    }

    /// A fresh in-memory database, for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }
}
