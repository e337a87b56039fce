import Foundation

/// Who may create an account, by the site's registration policy, its allowed email domains and an invitation link:
/// decided by the sign-up page before the form, and again inside the transaction that creates the account (a site
/// admin may close sign-ups, or the invitation be used, in between).
public enum SignUpRules {
    public enum Refusal: Error, Equatable, Sendable {
        /// Registration is closed.
        case closed(contact: String?)
        /// By invitation only, and no invitation link came with the sign-up.
        case needsInvitation(contact: String?)
        /// The invitation link was used, has expired, or does not exist.
        case invitationUnusable
        /// The invitation is for an account that already exists: sign in to accept it.
        case invitationForAccount
        /// The invitation was sent to another address (a message beside the email field).
        case invitationAddress
        /// The address is not at an allowed domain (a message beside the email field).
        case domain(String)

        /// Said beside the email field (the form is shown again), rather than instead of the form.
        public var isAboutEmail: Bool {
            switch self {
            case .invitationAddress, .domain: true
            default: false
            }
        }

        public var message: String {
            switch self {
            case .closed(let contact):
                "This site is not taking new accounts." + Self.ask(contact, "for an account")
            case .needsInvitation(let contact):
                "New accounts need an invitation: follow the invitation link a community's moderator gave you."
                    + Self.ask(contact, "for an invitation")
            case .invitationUnusable:
                "This invitation link no longer works: it was used or has expired. Ask the community's moderators for a new one."
            case .invitationForAccount:
                "This invitation is for an existing account: sign in to accept it."
            case .invitationAddress:
                "This invitation was sent to another address: create the account with the address it was sent to."
            case .domain(let domains):
                "Accounts can be created only with an address at \(domains)."
            }
        }

        private static func ask(_ contact: String?, _ what: String) -> String {
            contact.map { " Write to \($0) to ask \(what)." } ?? ""
        }
    }

    /// Why `email` may not sign up (nil: it may); `invitation` is the one whose link came with the sign-up, if any
    /// (`invitationGiven`: a link came, even one that matches no invitation).
    public static func refusal(_ site: SiteSettings, email: String?, invitation: Invitation?, invitationGiven: Bool,
                               now: Date) -> Refusal? {
        let contact = site.contactEmail.nonEmpty
        if site.registration == .closed { return .closed(contact: contact) }
        if invitationGiven {
            guard let invitation, invitation.usedAt == nil, invitation.expiresAt > now else {
                return site.registration == .invitation ? .invitationUnusable : domainRefusal(site, email)
            }
            if invitation.inviteeUserId != nil { return .invitationForAccount }
            // An invitation admits the address it was sent to, whatever its domain.
            if let email, !invitation.inviteeEmail.isEmpty, User.normalizedEmail(email) != invitation.inviteeEmail {
                return .invitationAddress
            }
            return nil
        }
        if site.registration == .invitation { return .needsInvitation(contact: contact) }
        return domainRefusal(site, email)
    }

    private static func domainRefusal(_ site: SiteSettings, _ email: String?) -> Refusal? {
        guard let email, !site.allowsDomain(of: email) else { return nil }
        return .domain(site.domainList)
    }

    /// Whether the sign-up should also accept `invitation` (it came with the link and admits this address).
    static func accepts(_ invitation: Invitation?, email: String, now: Date) -> Bool {
        guard let invitation, invitation.usedAt == nil, invitation.expiresAt > now, invitation.inviteeUserId == nil else { return false }
        return invitation.inviteeEmail.isEmpty || invitation.inviteeEmail == User.normalizedEmail(email)
    }
}
