/// What the layout needs on every page: the title, the signed-in state, the CSRF token for its forms.
struct Layout: Sendable {
    let title: String
    let siteName: String
    let csrf: String
    let signedIn: Bool
    let handle: String
    let displayName: String
    let isAdmin: Bool
    let profileURL: String
    let notice: String?
    /// Paths used by the header and footer.
    let paths: LayoutPaths
}

/// Links the layout shows (built from `Paths`).
struct LayoutPaths: Sendable {
    let home = Paths.home
    let about = Paths.about
    let signIn = Paths.signIn
    let signUp = Paths.signUp
    let signOut = Paths.signOut
    let settings = Paths.settings
    let admin = Paths.adminCommunities
    let stylesheet = Paths.stylesheet
    let search = Paths.search
}
