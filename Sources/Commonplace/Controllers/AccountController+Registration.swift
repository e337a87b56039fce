import Foundation

/// The site's registration policy as the sign-up page applies it (`SignUpRules`; asked again inside the write).
extension AccountController {
    /// A sign-up as the site's settings and its invitation link (if any) allow it.
    struct Registration {
        let site: SiteSettings
        /// The link's token as given (nil: none), its hash, and the invitation it names (nil: none or unknown).
        let token: String?
        let tokenHash: String?
        let invitation: Invitation?
        let now: Date

        /// Why `email` (nil: before any address is typed) may not sign up.
        func refusal(email: String?) -> SignUpRules.Refusal? {
            SignUpRules.refusal(site, email: email, invitation: invitation, invitationGiven: token != nil, now: now)
        }

        /// `page` with the site's name, the invitation's hidden field and the rule on addresses.
        func page(_ page: SignUpPage) -> SignUpPage {
            var page = page
            page.siteName = site.name
            page.invitation = token
            let admitsAnyDomain = site.emailDomains.isEmpty || SignUpRules.accepts(invitation, email: invitation?.inviteeEmail ?? "", now: now)
            page.emailRule = admitsAnyDomain ? nil : SignUpRules.Refusal.domain(site.domainList).message
            return page
        }
    }

    /// The registration for a sign-up from the invitation link `token` (nil or empty: none).
    func signUpRegistration(token: String?) async throws -> Registration {
        let token = token.map { cleanText($0) }.flatMap(\.nonEmpty)
        let hash = token.map(RandomToken.sha256)
        var invitation: Invitation?
        if let hash { invitation = try await services.database.invitation(tokenHash: hash) }
        return Registration(site: services.site, token: token, tokenHash: hash, invitation: invitation, now: services.now)
    }
}
