/// `admin/users`: every account, searched by handle, name or email, with its suspended state (site admins only).
struct AdminUsersPage: Sendable {
    let query: String
    let users: [AdminUserRow]
    let summary: String
    let pagination: Pagination?
    let action = Paths.adminUsers
    let nav = AdminNav(.users)
}

struct AdminUserRow: Sendable {
    let handle: String
    let displayName: String
    let email: String
    let url: String
    let joined: String
    let isAdmin: Bool
    let suspendedUntil: String?
}

/// `admin/user`: one account's details, its communities, and the suspend or lift form.
struct AdminUserPage: Sendable {
    let handle: String
    let displayName: String
    let email: String
    let profileURL: String
    let joined: String
    let isAdmin: Bool
    let suspendedUntil: String?
    let suspensionReason: String?
    let communities: [AdminMembershipEntry]
    /// The suspend form is shown unless this is the admin's own account.
    let canSuspend: Bool
    let suspendURL: String
    let unsuspendURL: String
    /// The earliest date the form accepts (tomorrow, UTC).
    let earliest: String
    let maxReasonLength = Suspension.maxReasonLength
    var until = ""
    var reason = ""
    var untilError: String?
    var reasonError: String?
    var hasErrors = false
    let nav = AdminNav(.users)
}

struct AdminMembershipEntry: Sendable {
    let name: String
    let url: String
    let role: String
}

/// `account/suspended`: sign-in refused to a suspended account, saying until when and why.
struct SuspendedPage: Sendable {
    let until: String
    let reason: String?
}
