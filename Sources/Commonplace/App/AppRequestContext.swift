import Foundation
import Hummingbird
import NIOCore

/// The per-request context: the visitor (loaded by `SessionMiddleware`) and the client address.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The signed-in user and session, if any.
    var user: User?
    var session: Session?
    /// The user's role in each community they belong to.
    var memberships: [Int64: Membership.Role] = [:]
    /// Communities where the user is silenced, until when.
    var silences: [Int64: Date] = [:]
    /// The request's time, from the app clock.
    var now = Date()
    /// What CSRF tokens are bound to: the session's token hash, or the anonymous visitor cookie (empty: neither).
    var csrfBinding = ""
    /// This request's token, computed when a page first writes a form (set by `SessionMiddleware`).
    var csrfToken: CSRFToken?
    /// The client address used for throttling (set by `SessionMiddleware`).
    var clientAddress = "unknown"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { Limits.maxRequestBytes }

    /// The permission rules for this visitor.
    public var guardian: Guardian { Guardian(user, memberships: memberships, silences: silences, now: now) }
}
