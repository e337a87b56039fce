import Foundation

/// Links of account email (issue 13): address verification, password reset, change of address.
extension Paths {
    /// "Check your email", after signing up (with a new address or one that already has an account: the same page).
    public static let checkEmail = "/signup/check-email"
    /// "Forgot password?": the form asking for the address.
    public static let passwordReset = "/password/reset"
    /// The link of a password-reset email: the form for the new password.
    public static func passwordReset(token: String) -> String { "/password/reset/\(token)" }
    /// The link of a verification email (the account's address, or a new one).
    public static func verify(token: String) -> String { "/verify/\(token)" }
    /// Changing the account's address (a form on the profile settings page).
    public static let settingsAddress = "/settings/address"
    /// Sending the verification link again.
    public static let resendVerification = "/settings/address/verify"

    /// Sign-in with a notice chosen by key (`AccountController.signInNotices`).
    public static func signIn(notice: String) -> String { signIn + "?notice=\(notice)" }

    /// The paths whose last part is a secret (a reset or verification token), as logs may show them.
    static let secretPathPrefixes = ["/password/reset/", "/verify/"]
}
