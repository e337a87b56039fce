/// Links of the site's own settings (issue 16).
extension Paths {
    public static let adminSettings = "/admin/settings"
    /// Sign-up from an invitation link: the account joins the community, and may be made when sign-ups are by
    /// invitation only.
    public static func signUp(invitation token: String) -> String { withQuery(signUp, [("invitation", token)]) }
}
