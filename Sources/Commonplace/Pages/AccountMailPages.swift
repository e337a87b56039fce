/// `account/check-email`: "check your email", after a sign-up (a new address or one that already has an account: the
/// same page) or a password-reset request (known address or not: the same page).
struct CheckEmailPage: Sendable {
    let heading: String
    let paragraphs: [String]
    /// Where to go next ("Continue", or "Ask again").
    let linkLabel: String
    let linkURL: String
}

/// `account/reset-request`: "forgot password", asking for the address.
struct ResetRequestPage: Sendable {
    var email = ""
    /// A message about the whole form (an invalid address, too many requests).
    var error: String?
    let action = Paths.passwordReset
    let signInURL = Paths.signIn
}

/// `account/reset-password`: the form of a reset link, for the new password.
struct ResetPasswordPage: Sendable {
    let handle: String
    let action: String
    var error: String?
    let minPassword = Limits.minPasswordLength
    let maxPassword = Limits.maxPasswordLength
}

/// `account/verify`: the page of a verification link, with the button that confirms (no GET changes anything, and mail
/// scanners that open links do not confirm by accident).
struct VerifyPage: Sendable {
    let address: String
    /// A new address (the account's address changes when confirmed), or the account's own.
    let isChange: Bool
    let action: String
    /// Where to go once confirmed (`?next=` on the link's page).
    let next: String?
}

/// `account/link-invalid`: a link of account email that no longer works (unknown, used, expired, or for an address
/// that changed since), with a way to ask again.
struct LinkInvalidPage: Sendable {
    let message: String
    let againLabel: String
    let againURL: String
}

/// The email-address section of `account/settings`: the address, whether it is confirmed (with "send the link
/// again"), a pending change, and the form to change it.
struct AddressSection: Sendable {
    var email = ""
    var isUnverified = false
    /// The new address waiting for its link to be followed, and until when the link works.
    var pendingAddress: String?
    var pendingUntil = ""
    /// What was typed in the change form (never the password).
    var newEmail = ""
    var errors = AddressErrors()
    /// A message about the section (too many requests).
    var error: String?
    let action = Paths.settingsAddress
    let resendAction = Paths.resendVerification
}

struct AddressErrors: Sendable {
    var email: String?
    var currentPassword: String?
}
