import Foundation
import Hummingbird

/// Sign up, sign in, sign out.
///
///     GET  /signup    POST /signup
///     GET  /signup/check-email
///     GET  /signin    POST /signin
///     POST /signout
struct AccountController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("signup", use: signUpPage)
        router.post("signup", use: signUp)
        router.get("signup/check-email", use: checkEmailPage)
        router.get("signin", use: signInPage)
        router.post("signin", use: signIn)
        router.post("signout", use: signOut)
    }

    struct SignUpForm: Decodable {
        let handle: String
        let display_name: String
        let email: String
        let password: String
        let next: String?
        /// The token of the invitation link the sign-up page was opened from.
        let invitation: String?
    }

    struct SignInForm: Decodable {
        let email: String
        let password: String
        let next: String?
    }

    @Sendable func signUpPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Paths.safeNext(request.uri.queryParameters.get("next")) ?? ""
        if context.user != nil { return redirect(to: next.isEmpty ? Paths.home : next) }
        let registration = try await signUpRegistration(token: request.uri.queryParameters.get("invitation"))
        var page = registration.page(SignUpPage(next: next))
        page.signInURL = next.isEmpty ? Paths.signIn : Paths.signIn(next: next)
        if let refusal = registration.refusal(email: nil) {
            page.refusal = refusal.message
            return try services.page(.accountSignup, title: "Create an account", page: page, context: context, status: .forbidden)
        }
        page.email = registration.invitation?.inviteeEmail ?? ""
        return try services.page(.accountSignup, title: "Create an account", page: page, context: context)
    }

    @Sendable func signUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil { return redirect(to: Paths.home) }
        let form = try await FormBody.decode(SignUpForm.self, from: request, context: context)
        let next = Paths.safeNext(form.next) ?? ""
        let registration = try await signUpRegistration(token: form.invitation)
        var page = registration.page(SignUpPage(
            handle: AccountValidation.clean(form.handle).lowercased(),
            displayName: AccountValidation.clean(form.display_name),
            email: User.normalizedEmail(form.email), next: next))
        page.signInURL = next.isEmpty ? Paths.signIn : Paths.signIn(next: next)
        if let refusal = registration.refusal(email: nil) {
            page.refusal = refusal.message
            return try services.page(.accountSignup, title: "Create an account", page: page, context: context, status: .forbidden)
        }
        // Throttled per client before anything tells whether a handle or an email is taken.
        let throttle = services.config.signInThrottle
        if let until = try await throttle.signUpsLockedUntil(clientAddress: context.clientAddress, database: services.database,
                                                             now: services.now) {
            let minutes = SignInThrottle.minutes(until: until, now: services.now)
            page.error = "Too many sign-up attempts from your network. For your security, please wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
            var response = try services.page(.accountSignup, title: "Create an account", page: page, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(minutes * 60)
            return response
        }
        page.errors = SignUpErrors(
            handle: AccountValidation.handle(page.handle),
            displayName: AccountValidation.displayName(page.displayName),
            email: AccountValidation.email(page.email) ?? registration.refusal(email: page.email)?.message,
            password: AccountValidation.password(form.password))
        func reject() throws -> Response {
            page.hasErrors = true
            return try services.page(.accountSignup, title: "Create an account", page: page, context: context, status: .badRequest)
        }
        let e = page.errors
        if e.handle != nil || e.displayName != nil || e.email != nil || e.password != nil { return try reject() }

        // Every attempt that gets this far counts, whatever its answer. A taken handle is said at once (handles are
        // public, on every profile); a taken address never is.
        try await services.database.recordSignUpAttempt(clientAddress: context.clientAddress, now: services.now)
        if try await services.database.user(handle: page.handle) != nil {
            page.errors.handle = "That handle is taken. Try another."
            return try reject()
        }
        let existing = try await services.database.user(email: page.email) != nil
        let now = services.now
        // Hashed whether or not the address has an account, so both answers take as long.
        let hash = try await services.hasher.hash(form.password)
        if existing { return try await addressInUse(page.email, next: next) }
        let user: User
        do {
            user = try await services.database.createUser(
                User(handle: page.handle, email: page.email, displayName: page.displayName, passwordHash: hash,
                     createdAt: now, updatedAt: now),
                verification: .make(), mail: services.accountMail, now: now, invitationTokenHash: registration.tokenHash)
        } catch let refusal as SignUpRules.Refusal {
            // The policy or the invitation changed since the form was checked.
            if refusal.isAboutEmail {
                page.errors.email = refusal.message
                return try reject()
            }
            page.refusal = refusal.message
            return try services.page(.accountSignup, title: "Create an account", page: page, context: context, status: .forbidden)
        } catch AccountConflict.handleTaken {
            page.errors.handle = "That handle is taken. Try another."
            return try reject()
        } catch AccountConflict.emailTaken {
            return try await addressInUse(page.email, next: next)
        }
        var response = redirect(to: Paths.checkEmail(next: next))
        response.setCookie(try await SessionIssuer(services: services).start(
            for: user, userAgent: request.headers[.userAgent] ?? "", clientAddress: context.clientAddress))
        return response
    }

    /// A sign-up with an address that already has an account: its owner is told (at most once a day), and the visitor
    /// goes to the same "check your email" page as a new account.
    private func addressInUse(_ email: String, next: String) async throws -> Response {
        try await services.database.noticeAddressInUse(email: email, mail: services.accountMail, now: services.now)
        return redirect(to: Paths.checkEmail(next: next))
    }

    /// "Check your email", after any sign-up that got past the form: the same page for a new address and for one that
    /// already has an account. A new account (signed in) continues to the welcome page, or to where it was going.
    @Sendable func checkEmailPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Paths.safeNext(request.uri.queryParameters.get("next")) ?? ""
        let page = CheckEmailPage(
            heading: "Check your email",
            paragraphs: [
                "We have sent a message to the address you gave. For a new account, it holds a link to confirm the address (the link works for 24 hours); if the address already has an account, it says how to sign in.",
                "A new account is signed in and ready to use. Until its address is confirmed, the site sends it no email other than about the account.",
            ],
            linkLabel: "Continue to Commonplace",
            linkURL: context.user == nil ? (next.isEmpty ? Paths.home : Paths.signIn(next: next)) : Paths.welcome(next: next))
        return try services.page(.accountCheckEmail, title: "Check your email", page: page, context: context)
    }

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Paths.safeNext(request.uri.queryParameters.get("next")) ?? ""
        if context.user != nil { return redirect(to: next.isEmpty ? Paths.home : next) }
        let notice = request.uri.queryParameters.get("notice").flatMap { Self.signInNotices[$0] } ?? ""
        return try services.page(.accountSignin, title: "Sign in", page: SignInPage(next: next), context: context, notice: notice)
    }

    /// Notices of the sign-in page after an email link, chosen by key so no text comes from the URL.
    static let signInNotices = [
        "address-verified": "Your address is confirmed. Sign in to continue.",
        "password-reset": "Your new password is saved, and the account was signed out everywhere.",
    ]

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.decode(SignInForm.self, from: request, context: context)
        let next = Paths.safeNext(form.next) ?? Paths.home
        var page = SignInPage(email: AccountValidation.clean(form.email), next: Paths.safeNext(form.next) ?? "")
        if page.email.isEmpty || form.password.isEmpty {
            page.error = "Enter your email address and password."
            return try services.page(.accountSignin, title: "Sign in", page: page, context: context, status: .badRequest)
        }
        switch try await SignIn(services: services).attempt(email: page.email, password: form.password, clientAddress: context.clientAddress) {
        case .throttled(let until):
            let minutes = SignInThrottle.minutes(until: until, now: services.now)
            page.error = "Too many failed sign-in attempts for this account or from your network. For your security, please wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
            var response = try services.page(.accountSignin, title: "Sign in", page: page, context: context, status: .tooManyRequests)
            response.headers[.retryAfter] = String(minutes * 60)
            return response
        case .wrongCredentials:
            page.error = "That email and password do not match an account. Check both and try again."
            return try services.page(.accountSignin, title: "Sign in", page: page, context: context, status: .badRequest)
        case .success(let user) where user.isSuspended(at: services.now):
            // Refused only once the password is known to be right, so a wrong one still gets the ordinary answer.
            let page = SuspendedPage(until: user.suspendedUntil.map(Formatting.day) ?? "", reason: user.suspensionReason.nonEmpty)
            return try services.page(.accountSuspended, title: "Account suspended", page: page, context: context, status: .forbidden)
        case .success(let user):
            var response = redirect(to: next)
            if let old = context.session?.id { try await services.database.deleteSession(id: old) }
            response.setCookie(try await SessionIssuer(services: services).start(
                for: user, userAgent: request.headers[.userAgent] ?? "", clientAddress: context.clientAddress))
            return response
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let id = context.session?.id { try await services.database.deleteSession(id: id) }
        var response = redirect(to: Paths.home)
        response.setCookie(SessionIssuer(services: services).clearingCookie())
        return response
    }
}
