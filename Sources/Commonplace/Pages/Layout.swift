/// What the layout needs on every page: the title, the signed-in state, the CSRF token for its forms.
struct Layout: Sendable {
    let title: String
    let siteName: String
    /// The site's description and contact address (`/admin/settings`), in the footer.
    var siteDescription: String? = nil
    var contactEmail: String? = nil
    /// Whether the header offers "Create account" (sign-ups are open to anyone).
    var signUpOpen = true
    /// Computed only if the page writes a form.
    let csrf: CSRFToken
    let signedIn: Bool
    let handle: String
    let displayName: String
    let isAdmin: Bool
    let profileURL: String
    let notice: String?
    /// For site admins: the server could not save recently (disk full, locked, read-only).
    let storageAlert: String?
    /// For site admins: the last scheduled backup failed.
    var backupAlert: String? = nil
    /// Paths used by the header and footer.
    let paths: LayoutPaths
    /// The page's Atom feed (`<link rel="alternate">` and a visible link), nil on pages without one.
    let feed: FeedLink?
    /// The signed-in member's unread notifications they may see ("3"), nil when none.
    var unreadNotifications: String? = nil
}

/// Links the layout shows (built from `Paths`; assets by their content-hashed URLs, made once at start-up).
struct LayoutPaths: Sendable {
    let home = Paths.home
    let communities = Paths.communities
    let about = Paths.about
    let signIn = Paths.signIn
    let signUp = Paths.signUp
    let signOut = Paths.signOut
    let settings = Paths.settings
    let admin = Paths.adminCommunities
    let stylesheet: String
    /// The script that looks for similar discussions while a title is typed.
    let similarScript: String
    let search = Paths.search
    let notifications = Paths.notifications
    let events = Paths.events
}

extension LayoutPaths {
    init(assets: StaticAssets) {
        self.init(stylesheet: assets.url(Paths.stylesheet), similarScript: assets.url(Paths.similarScript))
    }
}
