/// The site's settings (`/admin/settings`): name, registration, upload limit, new communities' moderation.
extension Guardian {
    /// Seeing and changing the site's settings: site admins, not while suspended.
    public var canChangeSiteSettings: Bool { isAdmin && !isSuspended }

    /// The settings page and its form: sign in first; 403 for anyone else.
    public func ensureCanChangeSiteSettings() throws {
        try ensureSignedIn()
        try ensure(canChangeSiteSettings, "Only site admins change the site's settings.")
    }
}
