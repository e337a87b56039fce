import Foundation
import Hummingbird

/// Atom feeds (RFC 4287), public and private.
///
///     GET /feed.atom                              latest discussions of the site
///     GET /c/{community}/feed.atom                latest discussions of a community
///     GET /c/{community}/b/{board}/feed.atom      latest discussions of a board
///     GET /c/{community}/resources/feed.atom      newest resources of a community's library
///     GET /d/{id}/feed.atom                       newest posts of a discussion
///     GET /u/{handle}/feed.atom                   a member's newest posts
///     GET /feeds/{token}/…                        the same feeds, read as the token's owner
///
/// A public feed is built with an anonymous Guardian whoever asks, so it never carries what an anonymous visitor
/// could not read. A private feed is built with its owner's Guardian as the database says they are at the request
/// (a revoked or remade token, or a suspended owner: 404); the token opens these feeds and nothing else. Every feed
/// has an ETag of its bytes and answers 304 to a matching `If-None-Match`.
struct FeedController {
    let services: AppServices
    var load: ForumLoading { ForumLoading(services: services) }

    /// What a feed follows.
    enum Kind: Sendable {
        case site, community, board, resources, discussion, member
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let tails: [(String, Kind)] = [
            ("feed.atom", .site),
            ("c/:community/feed.atom", .community),
            ("c/:community/b/:board/feed.atom", .board),
            ("c/:community/resources/feed.atom", .resources),
            ("d/:id/feed.atom", .discussion),
            ("u/:handle/feed.atom", .member),
        ]
        for (tail, kind) in tails {
            router.get(RouterPath(tail)) { request, context in try await serve(kind, request, context, isPrivate: false) }
            router.get(RouterPath("feeds/:token/" + tail)) { request, context in try await serve(kind, request, context, isPrivate: true) }
        }
    }

    /// Who a feed is built for, and where its addresses live.
    struct Reader {
        /// The visitor's context with the reader's identity: nobody for a public feed, the owner for a private one.
        var context: AppRequestContext
        /// "" for a public feed, "/feeds/{token}" for a private one.
        var prefix: String
        /// The private feed's owner and token row (nil for a public feed).
        var token: FeedToken?
        var guardian: Guardian { context.guardian }
    }

    @Sendable func serve(_ kind: Kind, _ request: Request, _ context: AppRequestContext, isPrivate: Bool) async throws -> Response {
        var reader = Reader(context: context, prefix: "", token: nil)
        reader.context.user = nil
        reader.context.session = nil
        reader.context.memberships = [:]
        reader.context.silences = [:]
        if isPrivate {
            let token = context.parameters.get("token") ?? ""
            guard SessionMiddleware.isWellFormedVisitorID(token),
                  let found = try services.database.feedReader(tokenHash: RandomToken.sha256(token), now: context.now),
                  found.guardian.canReadPrivateFeeds
            else { throw AppError.notFound }
            reader.context.user = found.guardian.user
            reader.context.memberships = found.guardian.memberships
            reader.context.silences = found.guardian.silences
            reader.prefix = Paths.privateFeed(token: token, "")
            reader.token = found.token
        }
        let feed = try await redirectingMoves(kind, request, reader) { try await build(kind, reader) }
        if let token = reader.token {
            do {
                try await services.database.touchFeedToken(token, now: context.now)
            } catch let error where StorageProblem(error) != nil {
                // Reading goes on when the server cannot save: the last-used time waits for a later read.
                services.storageHealth.record(StorageProblem(error)!, at: context.now, logger: services.logger, detail: String(describing: error))
            }
        }
        return Self.respond(feed.xml(), request: request, isPrivate: isPrivate)
    }

    /// Runs `body`, turning the site's redirects for merged communities and their boards (which point at pages) into
    /// redirects to the same feed in its new place.
    private func redirectingMoves(_ kind: Kind, _ request: Request, _ reader: Reader,
                                  _ body: () async throws -> AtomFeed) async throws -> AtomFeed {
        do {
            return try await body()
        } catch AppError.communityMerged(let from, let to) {
            let path = String(request.uri.path.dropFirst(reader.prefix.count))
            let old = Paths.community(from)
            guard path.hasPrefix(old) else { throw AppError.notFound }
            throw AppError.movedPermanently(reader.prefix + Paths.community(to) + path.dropFirst(old.count))
        } catch AppError.movedPermanently(let boardPage) where kind == .board {
            // ForumLoading.board's redirect names the board's page in the community it was merged into.
            throw AppError.movedPermanently(reader.prefix + boardPage + "/feed.atom")
        }
    }

    // MARK: - The response

    /// The feed's bytes with its ETag, or 304 when the reader already has them. Public feeds may be kept by caches
    /// that ask again each time (`no-cache`); private ones are never stored.
    static func respond(_ xml: String, request: Request, isPrivate: Bool) -> Response {
        let etag = "\"" + RandomToken.sha256(xml).prefix(32) + "\""
        let cacheControl = isPrivate ? "private, no-store" : "public, no-cache"
        if let known = request.headers[.ifNoneMatch], matches(known, etag) {
            return Response(status: .notModified, headers: [.eTag: etag, .cacheControl: cacheControl])
        }
        return Response(status: .ok, headers: [
            .contentType: "application/atom+xml; charset=utf-8", .eTag: etag, .cacheControl: cacheControl,
        ], body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    /// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for this header; `*` too).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}
