import Foundation
import Hummingbird

/// The account's email address: verification links, sending one again, and changing the address.
///
///     GET  /verify/{token}             POST /verify/{token}
///     POST /settings/address           (fields `email`, `current_password`)
///     POST /settings/address/verify    send the verification link again
///
/// The policy: an unverified account can read and post, but gets no email other than about the account until its
/// address is verified (the mail service drops the rest). A link's page shows a button; only its POST verifies, so
/// mail scanners that open links confirm nothing. A change of address takes effect when the link sent to the new
/// address is followed; the old address is then told. Asking for an address another account has looks the same to
/// the one asking (its owner is told instead, and no link goes out).
struct AddressController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("verify/:token", use: linkPage)
        router.post("verify/:token", use: follow)
        router.post("settings/address", use: change)
        router.post("settings/address/verify", use: resend)
    }

    /// The confirm button's form: where the newcomer was going, when the link's page was given `?next=`.
    struct FollowForm: Decodable {
        let next: String?
    }

    struct ChangeForm: Decodable {
        let email: String
        let current_password: String
    }

    @Sendable func linkPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let row: AccountToken
        do {
            (row, _) = try await services.database.usableAccountLink(
                tokenHash: RandomToken.sha256(token), purposes: [.verify, .change], now: services.now)
        } catch let error as AccountLinkError {
            return try linkInvalid(context, error)
        }
        let page = VerifyPage(address: row.address, isChange: row.purpose == .change, action: Paths.verify(token: token),
                              next: Paths.safeNext(request.uri.queryParameters.get("next")))
        return try services.page(.accountVerify, title: page.isChange ? "Use this new address" : "Confirm your address",
                                 page: page, context: context)
    }

    @Sendable func follow(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let user: User
        do {
            user = try await services.database.followAddressLink(
                tokenHash: RandomToken.sha256(token), mail: services.accountMail, now: services.now)
        } catch let error as AccountLinkError {
            return try linkInvalid(context, error)
        }
        let changed = context.user.map { $0.email != user.email } ?? false
        if context.user?.id == user.id {
            if changed { return redirect(to: Paths.settings + "?notice=address-changed") }
            // A new account goes on where it was going, or to the welcome page; an older one back to its settings.
            let next = Paths.safeNext((try? await FormBody.decode(FollowForm.self, from: request, context: context))?.next)
            if let next, !next.isEmpty { return redirect(to: next) }
            if services.now.timeIntervalSince(user.createdAt) < WelcomeController.newAccountAge {
                return redirect(to: Paths.welcome + "?notice=address-verified")
            }
            return redirect(to: Paths.settings + "?notice=address-verified")
        }
        return redirect(to: Paths.signIn(notice: "address-verified"))
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guardian = context.guardian
        try guardian.ensureCanChangeEmail(ofUser: context.user?.id)
        let user = context.user!, userID = user.id!
        let form = try await FormBody.decode(ChangeForm.self, from: request, context: context)
        var section = try await Self.section(for: user, services: services)
        section.newEmail = User.normalizedEmail(AccountValidation.clean(form.email))
        section.errors.email = AccountValidation.email(section.newEmail)
            ?? (section.newEmail == user.email ? "That is already your address." : nil)
        if section.errors.email == nil {
            switch try await SignIn(services: services).attempt(email: user.email, password: form.current_password, clientAddress: context.clientAddress) {
            case .success: break
            case .wrongCredentials: section.errors.currentPassword = "That is not your current password."
            case .throttled: throw AppError.tooManyRequests("Too many wrong passwords. Please wait 15 minutes and try again.")
            }
        }
        if section.errors.email != nil || section.errors.currentPassword != nil {
            return try await settingsPage(user, section, context: context, status: .badRequest)
        }
        if let until = try await services.config.accountMailThrottle.lockedUntil(
            .change, address: section.newEmail, clientAddress: context.clientAddress, database: services.database, now: services.now) {
            section.error = services.throttledMessage(until: until)
            var response = try await settingsPage(user, section, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(SignInThrottle.minutes(until: until, now: services.now) * 60)
            return response
        }
        try await services.database.requestAddressChange(
            userID: userID, newAddress: section.newEmail, token: .make(), clientAddress: context.clientAddress,
            mail: services.accountMail, now: services.now,
            checking: guardian.writeCheck { guardian, _ in try guardian.ensureCanChangeEmail(ofUser: userID) })
        return redirect(to: Paths.settings + "?notice=address-change-sent")
    }

    @Sendable func resend(_ request: Request, context: AppRequestContext) async throws -> Response {
        let guardian = context.guardian
        try guardian.ensureSignedIn()
        let user = context.user!, userID = user.id!
        guard user.emailVerifiedAt == nil else { throw AppError.conflict("Your address is already confirmed.") }
        if let until = try await services.config.accountMailThrottle.lockedUntil(
            .verify, address: user.email, clientAddress: context.clientAddress, database: services.database, now: services.now) {
            var section = try await Self.section(for: user, services: services)
            section.error = services.throttledMessage(until: until)
            var response = try await settingsPage(user, section, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(SignInThrottle.minutes(until: until, now: services.now) * 60)
            return response
        }
        try await services.database.resendVerification(
            userID: userID, token: .make(), clientAddress: context.clientAddress, mail: services.accountMail, now: services.now,
            checking: guardian.writeCheck { guardian, _ in try guardian.ensureSignedIn() })
        return redirect(to: Paths.settings + "?notice=verification-sent")
    }

    /// The settings page's address section for `user` as the database has it now.
    static func section(for user: User, services: AppServices) async throws -> AddressSection {
        var section = AddressSection(email: user.email, isUnverified: user.emailVerifiedAt == nil)
        if let pending = try await services.database.pendingAddressChange(userID: user.id!, now: services.now) {
            section.pendingAddress = pending.address
            section.pendingUntil = Formatting.moment(pending.expiresAt)
        }
        return section
    }

    /// The profile settings page with this address section (its form refused, or throttled).
    private func settingsPage(_ user: User, _ section: AddressSection, context: AppRequestContext,
                              status: HTTPResponse.Status) async throws -> Response {
        var page = SettingsPage(
            displayName: user.displayName, organisation: user.organisation, roleTitle: user.roleTitle, bio: user.bio,
            nav: try await SettingsNav.make(.profile, services: services, context: context))
        page.address = section
        return try services.page(.accountSettings, title: "Your profile", page: page, context: context, status: status)
    }

    /// The page of an address link that no longer works (404: there is no such link now).
    private func linkInvalid(_ context: AppRequestContext, _ error: AccountLinkError) throws -> Response {
        let message = switch error {
        case .notUsable: "An address link works once, for 24 hours after it was sent. Sign in and send yourself a new one from your settings."
        case .addressChanged: "This link was sent for an address your account no longer has, or that another account uses now. Sign in to see your address in your settings."
        }
        let page = LinkInvalidPage(message: message, againLabel: "Go to your settings", againURL: Paths.settings)
        return try services.page(.accountLinkInvalid, title: "This link no longer works", page: page, context: context, status: .notFound)
    }
}
