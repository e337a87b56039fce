/// `account/signup`: the sign-up form, with the user's input kept (never the password) and per-field messages.
struct SignUpPage: Sendable {
    var handle = ""
    var displayName = ""
    var email = ""
    var errors = SignUpErrors()
    var hasErrors = false
    /// A message about the whole form (too many attempts).
    var error: String?
    /// Why no account can be made here (sign-ups closed, or an invitation needed): shown instead of the form.
    var refusal: String?
    /// The invitation link's token the sign-up came with (a hidden field), nil without one.
    var invitation: String?
    /// "Accounts can be created only with an address at uhn.ca, sinaihealth.ca." when the site limits domains.
    var emailRule: String?
    /// The site's name ("Join Commonplace …").
    var siteName = "Commonplace"
    let minPassword = Limits.minPasswordLength
    let maxHandle = User.Limits.handle
    let maxDisplayName = User.Limits.displayName
    let maxEmail = User.Limits.email
    let maxPassword = Limits.maxPasswordLength
    let action = Paths.signUp
    var signInURL = Paths.signIn
    /// Where to go once the account exists (a path on this site, kept like sign-in's), "" for the welcome page.
    var next = ""
}

struct SignUpErrors: Sendable {
    var handle: String?
    var displayName: String?
    var email: String?
    var password: String?
}

/// `account/signin`: the sign-in form. The same message for an unknown email and a wrong password.
struct SignInPage: Sendable {
    var email = ""
    var next = ""
    var error: String?
    let action = Paths.signIn
    /// Sign-up, carrying the same `next`, so a visitor who makes an account instead comes back to the same place.
    var signUpURL = Paths.signUp
    let forgotURL = Paths.passwordReset

    init(email: String = "", next: String = "") {
        self.email = email
        self.next = next
        signUpURL = next.isEmpty ? Paths.signUp : Paths.signUp(next: next)
    }
}

/// `account/settings`: profile fields, and the email address.
struct SettingsPage: Sendable {
    var displayName: String
    var organisation: String
    var roleTitle: String
    var bio: String
    var errors = ProfileErrors()
    var hasErrors = false
    let nav: SettingsNav
    /// The email address: confirmed or not, a pending change, the form to change it.
    var address = AddressSection()
    let maxDisplayName = User.Limits.displayName
    let maxOrganisation = User.Limits.organisation
    let maxRoleTitle = User.Limits.roleTitle
    let maxBio = User.Limits.bio
    /// The zone event times are shown in: the member's choice, or "the site's default".
    var timeZones: [Option] = []
}

struct ProfileErrors: Sendable {
    var displayName: String?
    var organisation: String?
    var roleTitle: String?
    var bio: String?
    var timeZone: String?
}

/// `account/password`: change password.
struct PasswordPage: Sendable {
    var errors = PasswordErrors()
    var hasErrors = false
    let nav: SettingsNav
    let minPassword = Limits.minPasswordLength
    let maxPassword = Limits.maxPasswordLength
}

struct PasswordErrors: Sendable {
    var currentPassword: String?
    var newPassword: String?
}

/// `account/sessions`: the account's live sessions, each with an "end" button.
struct SessionsPage: Sendable {
    let sessions: [SessionRow]
    let nav: SettingsNav
}

struct SessionRow: Sendable {
    let id: Int64
    let device: String
    let clientAddress: String
    let signedIn: String
    let lastSeen: String
    let isCurrent: Bool
    let endURL: String
}

/// The settings section's own navigation; `current` marks the page shown.
struct SettingsNav: Sendable {
    let profile = Paths.settings
    let password = Paths.settingsPassword
    let sessions = Paths.settingsSessions
    let flags = Paths.myFlags
    let expertise = Paths.settingsExpertise
    let helpRequests = Paths.helpRequests
    let questionsForYou = Paths.questionsForYou
    let feeds = Paths.settingsFeeds
    let watching = Paths.settingsWatching
    let notifications = Paths.settingsNotifications
    let email = Paths.settingsEmail
    let onProfile: Bool
    let onPassword: Bool
    let onSessions: Bool
    var onExpertise = false
    var onHelpRequests = false
    var onQuestions = false
    var onFeeds = false
    var onWatching = false
    var onNotifications = false
    var onEmail = false
    /// Unread help requests ("2 new"), nil when there are none.
    var unseenHelpRequests: String? = nil
}

/// `users/profile`: a member's public profile.
struct ProfilePage: Sendable {
    let handle: String
    let displayName: String
    let organisation: String?
    let roleTitle: String?
    let bioParagraphs: [String]
    let memberSince: String
    let email: String?
    let isAdmin: Bool
    let isOwn: Bool
    let settingsURL = Paths.settings
    let contributions: ContributionFigures
    /// On one's own profile: unread help requests ("2 new help requests"), nil when none.
    let unseenHelpRequests: String?
    let helpRequestsURL = Paths.helpRequests
    let questionsForYouURL = Paths.questionsForYou
    let expertiseURL = Paths.settingsExpertise
}
