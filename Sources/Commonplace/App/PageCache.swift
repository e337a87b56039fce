import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Pages as anonymous visitors get them, kept until the next committed write.
///
/// What an anonymous visitor sees at a URL depends only on the database and the URL: no account, no memberships, no
/// CSRF token unless the page has a form (those pages are never kept). So the bytes of such a page are kept, and
/// given again to every anonymous visitor of that URL until any transaction commits (a region observation on the
/// whole database bumps `generation`, like `TableCache`) or `lifetime` passes, whichever comes first. A page is kept
/// under the generation read before it was built, so a page built while a write committed is never served.
///
/// Only anonymous GETs of HTML pages answered 200 without cookies are kept (never a signed-in visitor's page, an
/// error, a redirect, a form page or JSON). Search is not kept: its URLs are unbounded and its cost is the engine's.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let generation: UInt64
        let storedAt: Date
        let headers: HTTPFields
        let body: ByteBuffer
        /// The discussion whose view a hit counts (discussion pages only).
        let countsViewOf: Int64?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    /// How long a page is given again at most (dates on pages are absolute; this bounds what only time changes).
    let lifetime: TimeInterval
    /// At most this many bytes of pages are kept (past it, the cache starts again empty).
    let capacityBytes: Int
    /// A page larger than this is not kept.
    static let largestPage = 1 << 20

    private let generation = Atomic<UInt64>(0)
    private let state = Mutex(State())
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    init(lifetime: TimeInterval, capacityBytes: Int = 32 << 20) {
        self.lifetime = lifetime
        self.capacityBytes = capacityBytes
    }

    /// Forgets every page after each committed transaction of `writer` (but those touching only `untrackedTables`).
    /// Tables no anonymous page shows: their writes keep the pages (the mail service marks every message it sends,
    /// up to hundreds a second while the outbox drains).
    static let untrackedTables: Set<String> = ["mail_outbox"]

    func observe(_ writer: any DatabaseWriter) {
        let tables = (try? writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }) ?? []
        let tracked = tables.filter { !Self.untrackedTables.contains($0) }.map { Table($0) }
        let region = tables.isEmpty ? DatabaseRegionObservation(tracking: .fullDatabase) : DatabaseRegionObservation(tracking: tracked)
        let cancellable = region.start(in: writer, onError: { [weak self] _ in self?.invalidate() },
                                       onChange: { [weak self] _ in self?.invalidate() })
        observation.withLock { $0 = cancellable }
    }

    func invalidate() {
        generation.add(1, ordering: .sequentiallyConsistent)
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.bytes = 0
        }
    }

    var currentGeneration: UInt64 { generation.load(ordering: .sequentiallyConsistent) }

    /// The page kept for `key`, if it is still current.
    func entry(_ key: String, now: Date) -> Entry? {
        let current = currentGeneration
        return state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            guard entry.generation == current, now.timeIntervalSince(entry.storedAt) < lifetime, now >= entry.storedAt else {
                state.entries[key] = nil
                state.bytes -= entry.body.readableBytes
                return nil
            }
            return entry
        }
    }

    /// Keeps a page built from the database as it was at `entry.generation` (dropped if a write committed since).
    func keep(_ entry: Entry, for key: String) {
        let size = entry.body.readableBytes
        guard size <= Self.largestPage else { return }
        state.withLock { state in
            guard entry.generation == currentGeneration else { return }
            if state.bytes + size > capacityBytes {
                state.entries.removeAll(keepingCapacity: true)
                state.bytes = 0
            }
            if let old = state.entries.updateValue(entry, forKey: key) { state.bytes -= old.body.readableBytes }
            state.bytes += size
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}

/// What a page's handler tells the cache about the page it built: its bytes, and the discussion view it counted.
final class PageCapture: Sendable {
    @TaskLocal static var current: PageCapture?

    private struct State {
        var body: ByteBuffer?
        var countsViewOf: Int64?
    }

    private let state = Mutex(State())

    func captured(_ body: ByteBuffer) { state.withLock { $0.body = body } }
    func countedView(of discussionID: Int64) { state.withLock { $0.countsViewOf = discussionID } }
    var result: (body: ByteBuffer?, countsViewOf: Int64?) { state.withLock { ($0.body, $0.countsViewOf) } }
}

/// Answers anonymous GETs from `PageCache` and keeps the pages it may keep. Sits after `SessionMiddleware` (which
/// says whether the visitor is signed in) and before the error pages (errors are never kept).
struct PageCacheMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let cache: PageCache
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, context.user == nil, Self.isCacheable(request, cookies: services.cookies) else {
            return try await next(request, context)
        }
        let key = request.uri.description
        if let entry = cache.entry(key, now: context.now) {
            if let discussionID = entry.countsViewOf { services.views.record(discussionID) }
            return Response(status: .ok, headers: entry.headers, body: .init(byteBuffer: entry.body))
        }
        let generation = cache.currentGeneration
        let capture = PageCapture()
        let response = try await PageCapture.$current.withValue(capture) { try await next(request, context) }
        let (body, countsViewOf) = capture.result
        if response.status == .ok, let body, context.csrfToken?.wasUsed != true, response.headers[.setCookie] == nil {
            cache.keep(PageCache.Entry(generation: generation, storedAt: context.now, headers: response.headers, body: body,
                                       countsViewOf: countsViewOf), for: key)
        }
        return response
    }

    /// Whether this request may be answered from the cache: a page path (not search, not a feed of a private token),
    /// asked for as HTML, by a visitor with no session cookie (one whose cookie is stale must have it cleared).
    static func isCacheable(_ request: Request, cookies: CookieNames) -> Bool {
        let path = request.uri.path
        guard path == "/" || path.hasPrefix("/c/") || path.hasPrefix("/d/") || path.hasPrefix("/r/") || path.hasPrefix("/u/")
        else { return false }
        if let accept = request.headers[.accept], accept.contains("json") { return false }
        if RequestCookies.value(of: cookies.session, in: request) != nil { return false }
        return true
    }
}
