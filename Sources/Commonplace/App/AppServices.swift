import Foundation
import Hummingbird
import Logging

/// What every controller shares: the database, the hasher, the renderer, the clock and the configuration.
struct AppServices: Sendable {
    let database: AppDatabase
    let hasher: PasswordHasher
    /// Sees every rendered page (tests check compiled templates against the reference renderer); nil in production.
    let renderObserver: (any RenderObserver)?
    let config: AppConfiguration
    let clock: AppClock
    let csrf: CSRF
    /// Signs and checks the unsubscribe links of emails.
    let unsubscribe: UnsubscribeSigner
    let cookies: CookieNames
    let views: ViewCounter
    /// The last scheduled backup (for site admins and `/metrics`).
    let backups: BackupStatus
    /// Recent "people who could help" rankings.
    let helpers = HelperCache()
    /// The last time the server could not save (for the log, `/ready` and site admins).
    let storageHealth = StorageHealth()
    let logger: Logger
    /// Uploaded resource files.
    let uploads: UploadStore
    /// The layout's links, asset URLs with their content hashes.
    let layoutPaths: LayoutPaths
    /// Recent unsubscribe requests per client (the links work without signing in).
    let unsubscribeLimiter = RequestRateLimiter(limit: 30, window: 15 * 60)

    var now: Date { clock.now() }
    /// The site's settings in force (a snapshot in memory, replaced when a site admin saves them).
    var site: SiteSettings { database.site.current }

    /// The layout's data for this request.
    func layout(_ title: String, context: AppRequestContext, notice: String = "", feed: FeedLink? = nil) -> Layout {
        let site = self.site
        return Layout(
            title: title,
            siteName: site.name,
            siteDescription: site.description.nonEmpty,
            contactEmail: site.contactEmail.nonEmpty,
            signUpOpen: site.registration == .open,
            csrf: context.csrfToken ?? CSRFToken(csrf: csrf, binding: context.csrfBinding.isEmpty ? nil : context.csrfBinding),
            signedIn: context.user != nil,
            handle: context.user?.handle ?? "",
            displayName: context.user?.displayName ?? "",
            isAdmin: context.user?.isAdmin ?? false,
            profileURL: context.user.map { Paths.user($0.handle) } ?? "",
            notice: notice.nonEmpty,
            storageAlert: context.user?.isAdmin == true ? storageHealth.adminAlert(at: context.now) : nil,
            backupAlert: context.user?.isAdmin == true ? backups.adminAlert : nil,
            paths: layoutPaths,
            feed: feed,
            unreadNotifications: unreadLabel(context))
    }

    /// The header's unread count: from memory (`AppDatabase.unreadSummary`), so a page costs no query unless something
    /// the count depends on changed. A failed read shows no count rather than failing the page.
    private func unreadLabel(_ context: AppRequestContext) -> String? {
        guard context.user != nil, let count = try? database.unreadSummary(for: context.guardian).count, count > 0 else { return nil }
        return String(count)
    }

    /// Renders `template` in the layout: compiled code appending into the response's buffer.
    func page<Page>(_ template: Template<Page>, title: String, page: Page, context: AppRequestContext,
                    status: HTTPResponse.Status = .ok, notice: String = "", feed: FeedLink? = nil) throws -> Response {
        let layout = layout(title, context: context, notice: notice, feed: feed)
        var out = HTMLWriter()
        template.render(&out, layout, page)
        let html = out.finish()
        PageCapture.current?.captured(html)
        try renderObserver?.rendered(template.name, layout: layout, page: page, html: html)
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: html))
    }
}

/// Cookie names: `__Host-` prefixed (which browsers accept only with `Secure`) unless secure cookies are off.
struct CookieNames: Sendable {
    let session: String
    let visitor: String
    let secure: Bool

    init(secure: Bool) {
        self.secure = secure
        session = secure ? "__Host-commonplace_session" : "commonplace_session"
        visitor = secure ? "__Host-commonplace_visitor" : "commonplace_visitor"
    }

    /// A cookie for the whole site: HttpOnly, SameSite=Lax, Path=/, Secure when configured.
    func make(_ name: String, value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Redirect helper: every successful POST answers 303 to a `Paths` URL.
func redirect(to location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}
