import Foundation
import Hummingbird

/// The signed-in member's own settings: profile (with the email address, see `AddressController`), password, sessions.
///
///     GET  /settings                      POST /settings
///     GET  /settings/password             POST /settings/password
///     GET  /settings/sessions
///     POST /settings/sessions/{id}/end
struct SettingsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("settings", use: profilePage)
        router.post("settings", use: saveProfile)
        router.get("settings/password", use: passwordPage)
        router.post("settings/password", use: changePassword)
        router.get("settings/sessions", use: sessionsPage)
        router.post("settings/sessions/:id/end", use: endSession)
    }

    struct ProfileForm: Decodable {
        let display_name: String
        let organisation: String
        let role_title: String
        let bio: String
        /// An IANA zone, or empty for the site's default (absent: unchanged).
        let time_zone: String?
    }

    struct PasswordForm: Decodable {
        let current_password: String
        let new_password: String
    }

    /// Notices shown after a redirect, chosen by key so no text comes from the URL.
    static let notices = [
        "profile-saved": "Your profile was saved.",
        "password-changed": "Your password was changed. Every other session was signed out.",
        "session-ended": "That session was signed out.",
        "password-reset": "Your new password is saved. The account was signed out everywhere else.",
        "address-verified": "Your address is confirmed.",
        "address-changed": "Your email address was changed. We told the old address.",
        "address-change-sent": "We sent a link to the new address. Your address changes when you follow it (within 24 hours).",
        "verification-sent": "We sent the link again. It works for 24 hours.",
    ]

    private func notice(_ request: Request) -> String {
        request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] } ?? ""
    }

    /// The time zone choices: the site's default first, then every IANA zone.
    private func zoneOptions(selected: String?) -> [Option] {
        [Option(value: "", label: "The site's default (\(services.site.defaultTimeZone))", selected: selected == nil || selected == "")]
            + MeetingClock.zoneNames.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }

    private func signedInUser(_ context: AppRequestContext) throws -> User {
        try context.guardian.ensureSignedIn()
        return context.user!
    }

    @Sendable func profilePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedInUser(context)
        var page = SettingsPage(
            displayName: user.displayName, organisation: user.organisation, roleTitle: user.roleTitle, bio: user.bio,
            nav: try await SettingsNav.make(.profile, services: services, context: context))
        page.address = try await AddressController.section(for: user, services: services)
        page.timeZones = zoneOptions(selected: user.timeZone)
        return try services.page(.accountSettings, title: "Your profile", page: page, context: context, notice: notice(request))
    }

    @Sendable func saveProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedInUser(context)
        try context.guardian.ensure(context.guardian.canEditProfile(ofUser: user.id))
        let form = try await FormBody.decode(ProfileForm.self, from: request, context: context)
        var page = SettingsPage(
            displayName: AccountValidation.clean(form.display_name),
            organisation: AccountValidation.clean(form.organisation),
            roleTitle: AccountValidation.clean(form.role_title),
            bio: AccountValidation.clean(form.bio),
            nav: try await SettingsNav.make(.profile, services: services, context: context))
        page.address = try await AddressController.section(for: user, services: services)
        page.errors = ProfileErrors(
            displayName: AccountValidation.displayName(page.displayName),
            organisation: AccountValidation.optionalText(page.organisation, limit: User.Limits.organisation, label: "Organisation"),
            roleTitle: AccountValidation.optionalText(page.roleTitle, limit: User.Limits.roleTitle, label: "Role or title"),
            bio: AccountValidation.optionalText(page.bio, limit: User.Limits.bio, label: "A bio"))
        let zone = form.time_zone.map { InputText.clean($0) }
        if let zone, !zone.isEmpty, MeetingClock.knownZone(zone) == nil {
            page.errors.timeZone = "“\(zone)” is not a time zone we know: choose one from the list."
        }
        page.timeZones = zoneOptions(selected: zone ?? user.timeZone)
        let e = page.errors
        if e.displayName != nil || e.organisation != nil || e.roleTitle != nil || e.bio != nil || e.timeZone != nil {
            page.hasErrors = true
            return try services.page(.accountSettings, title: "Your profile", page: page, context: context, status: .badRequest)
        }
        try await services.database.updateProfile(
            userID: user.id!, displayName: page.displayName, organisation: page.organisation,
            roleTitle: page.roleTitle, bio: page.bio, timeZone: zone.map { $0.isEmpty ? nil : $0 }, now: services.now)
        return redirect(to: Paths.settings + "?notice=profile-saved")
    }

    @Sendable func passwordPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try signedInUser(context)
        let page = PasswordPage(nav: try await SettingsNav.make(.password, services: services, context: context))
        return try services.page(.accountPassword, title: "Change password", page: page, context: context)
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedInUser(context)
        let form = try await FormBody.decode(PasswordForm.self, from: request, context: context)
        var page = PasswordPage(nav: try await SettingsNav.make(.password, services: services, context: context))
        page.errors.newPassword = AccountValidation.password(form.new_password)
        if page.errors.newPassword == nil {
            switch try await SignIn(services: services).attempt(email: user.email, password: form.current_password, clientAddress: context.clientAddress) {
            case .success: break
            case .wrongCredentials: page.errors.currentPassword = "That is not your current password."
            case .throttled: throw AppError.tooManyRequests("Too many wrong passwords. Please wait 15 minutes and try again.")
            }
        }
        if page.errors.currentPassword != nil || page.errors.newPassword != nil {
            page.hasErrors = true
            return try services.page(.accountPassword, title: "Change password", page: page, context: context, status: .badRequest)
        }
        let hash = try await services.hasher.hash(form.new_password)
        // Every session ends, this one included; this browser gets a fresh one.
        try await services.database.changePassword(userID: user.id!, newHash: hash, keepSessionID: nil, now: services.now)
        var response = redirect(to: Paths.settings + "?notice=password-changed")
        response.setCookie(try await SessionIssuer(services: services).start(
            for: user, userAgent: request.headers[.userAgent] ?? "", clientAddress: context.clientAddress))
        return response
    }

    @Sendable func sessionsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try signedInUser(context)
        try context.guardian.ensure(context.guardian.canSeeSessions(ofUser: user.id))
        let sessions = try await services.database.sessions(userID: user.id!, now: services.now, idleTimeout: services.config.sessionIdleTimeout)
        let rows = sessions.map { session in
            SessionRow(
                id: session.id!, device: UserAgentSummary.describe(session.userAgent),
                clientAddress: session.clientAddress, signedIn: Formatting.moment(session.createdAt),
                lastSeen: Formatting.moment(session.lastSeenAt), isCurrent: session.id == context.session?.id,
                endURL: Paths.endSession(session.id!))
        }
        let page = SessionsPage(sessions: rows, nav: try await SettingsNav.make(.sessions, services: services, context: context))
        return try services.page(.accountSessions, title: "Your sessions", page: page, context: context, notice: notice(request))
    }

    @Sendable func endSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try signedInUser(context)
        guard let id = context.parameters.get("id", as: Int64.self), let session = try await services.database.session(id: id) else {
            throw AppError.notFound
        }
        // Someone else's session is not even acknowledged to exist.
        try context.guardian.ensureVisible(context.guardian.canEnd(session))
        try await services.database.deleteSession(id: id)
        if id == context.session?.id {
            var response = redirect(to: Paths.signIn)
            response.setCookie(SessionIssuer(services: services).clearingCookie())
            return response
        }
        return redirect(to: Paths.settingsSessions + "?notice=session-ended")
    }
}
