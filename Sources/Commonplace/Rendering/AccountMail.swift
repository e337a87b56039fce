import Foundation

/// The emails about an account itself (issue 13): each an `OutgoingMail` of an account kind, with absolute links built
/// from `Paths` on the site's public address. No unsubscribe (they are sent only because someone asked for them, or to
/// warn the owner), no thread key.
struct AccountMail {
    /// `AppConfiguration.publicBaseURL`.
    let baseURL: String
    let now: Date

    static let siteName = "Commonplace"

    /// "Confirm your address": to the account's own address (sign-up, sent again on request), or to a new address
    /// (`purpose == .change`), whose link changes the account's address.
    func verify(_ user: User, address: String, token: String, purpose: AccountToken.Purpose, tokenID: Int64) -> OutgoingMail {
        let change = purpose == .change
        let url = baseURL + Paths.verify(token: token)
        let body = MailBody([
            .heading(change ? "Confirm your new email address" : "Confirm your email address"),
            .paragraph("Hello \(user.displayName),"),
            .paragraph(change
                ? "You asked to use \(address) for your \(Self.siteName) account @\(user.handle). Your account's address changes when you follow this link; until then, nothing changes."
                : "Please confirm that \(address) is the address of your \(Self.siteName) account @\(user.handle). Until you do, the site sends you no email other than about your account."),
            .button(label: change ? "Use this address" : "Confirm my address", url: url),
            .paragraph("The link works once, for the next 24 hours."),
            .footer(change
                ? "If you did not ask for this, ignore this email: the account's address stays as it is."
                : "If you did not create an account, ignore this email: nothing else will be sent to this address.", link: nil),
        ])
        return OutgoingMail(userID: user.id, to: address, kind: .verifyAddress, object: "token:\(tokenID)",
                            subject: change ? "Confirm your new email address" : "Confirm your email address for \(Self.siteName)",
                            body: body)
    }

    /// The link of "forgot password".
    func passwordReset(_ user: User, token: String, tokenID: Int64) -> OutgoingMail {
        let body = MailBody([
            .heading("Choose a new password"),
            .paragraph("Hello \(user.displayName),"),
            .paragraph("Someone, hopefully you, asked to reset the password of your \(Self.siteName) account @\(user.handle)."),
            .button(label: "Choose a new password", url: baseURL + Paths.passwordReset(token: token)),
            .paragraph("The link works once, for the next hour. Choosing a new password signs the account out everywhere."),
            .footer("If you did not ask for this, ignore this email: your password stays as it is.", link: nil),
        ])
        return OutgoingMail(userID: user.id, to: user.email, kind: .passwordReset, object: "token:\(tokenID)",
                            subject: "Reset your \(Self.siteName) password", body: body)
    }

    /// To the old address, once the account's address has changed.
    func addressChanged(_ user: User, from oldAddress: String, to newAddress: String, tokenID: Int64) -> OutgoingMail {
        let body = MailBody([
            .heading("Your email address was changed"),
            .paragraph("Hello \(user.displayName),"),
            .paragraph("The email address of your \(Self.siteName) account @\(user.handle) was changed from \(oldAddress) to \(newAddress) on \(Formatting.moment(now)). You now sign in with the new address, and email goes there."),
            .footer("If you did not make this change, someone else may have your password: contact the site's administrators at once.", link: nil),
        ])
        return OutgoingMail(userID: user.id, to: oldAddress, kind: .addressChanged, object: "token:\(tokenID)",
                            subject: "Your \(Self.siteName) email address was changed", body: body)
    }

    /// Why someone tried to use an address that already has an account.
    enum Attempt {
        /// A sign-up with the address.
        case signUp
        /// Another account asked to change its address to this one.
        case change
    }

    /// To the owner of an address someone tried to sign up with (or move another account to): nothing changed; if it
    /// was them, how to sign in. At most one a day per address and attempt (the object is the day).
    func addressInUse(_ owner: User, attempt: Attempt) -> OutgoingMail {
        let what = switch attempt {
        case .signUp: "Someone tried to create a new \(Self.siteName) account with this address, \(owner.email)."
        case .change: "Someone asked to move another \(Self.siteName) account to this address, \(owner.email)."
        }
        let body = MailBody([
            .heading("This address already has an account"),
            .paragraph("Hello \(owner.displayName),"),
            .paragraph(what + " It already belongs to your account @\(owner.handle), so nothing was changed."),
            .paragraph("If it was you, you do not need a new account: sign in, or choose a new password if you forgot it."),
            .button(label: "Sign in", url: baseURL + Paths.signIn),
            .button(label: "Choose a new password", url: baseURL + Paths.passwordReset),
            .footer("If it was not you, ignore this email: nobody can use your address without its links.", link: nil),
        ])
        let object = (attempt == .signUp ? "sign-up:" : "change:") + Formatting.isoDay(now)
        return OutgoingMail(userID: owner.id, to: owner.email, kind: .signUpExisting, object: object,
                            subject: "Someone tried to use your address on \(Self.siteName)", body: body)
    }
}
