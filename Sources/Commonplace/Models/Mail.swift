import Foundation

/// What an email is (`mail_outbox.kind`). Account mail (verification, password reset, a notice about the account)
/// goes to any address and has no unsubscribe; every other kind goes only to a verified address, carries
/// `List-Unsubscribe`, and is dropped at send time when the recipient may no longer see what it is about.
public enum MailKind: Hashable, Sendable {
    /// "Confirm your address" at sign-up and on a change of address.
    case verifyAddress
    /// The single-use link of "forgot password".
    case passwordReset
    /// To the old address, when the account's address changes.
    case addressChanged
    /// To the owner, when someone signs up with an address that already has an account.
    case signUpExisting
    /// A notification sent by email at once (one kind of `NotificationKind`).
    case notification(NotificationKind)
    /// The daily or weekly digest.
    case digest

    /// The stored text: `verify_address`, `password_reset`, `address_changed`, `sign_up_existing`, `digest`, or
    /// `notification:<kind>` (`notification:mention` …).
    public var rawValue: String {
        switch self {
        case .verifyAddress: "verify_address"
        case .passwordReset: "password_reset"
        case .addressChanged: "address_changed"
        case .signUpExisting: "sign_up_existing"
        case .notification(let kind): "notification:" + kind.rawValue
        case .digest: "digest"
        }
    }

    public init?(rawValue: String) {
        switch rawValue {
        case "verify_address": self = .verifyAddress
        case "password_reset": self = .passwordReset
        case "address_changed": self = .addressChanged
        case "sign_up_existing": self = .signUpExisting
        case "digest": self = .digest
        default:
            guard rawValue.hasPrefix("notification:"),
                  let kind = NotificationKind(rawValue: String(rawValue.dropFirst("notification:".count)))
            else { return nil }
            self = .notification(kind)
        }
    }

    /// Mail about the account itself: sent to unverified addresses too, never unsubscribable, never capped.
    public var isAccountMail: Bool {
        switch self {
        case .verifyAddress, .passwordReset, .addressChanged, .signUpExisting: true
        case .notification, .digest: false
        }
    }
}

/// One message to queue: what `AppDatabase.enqueueMail` writes as a `mail_outbox` row. The body is rendered once, at
/// queueing, to both parts (plain text and HTML from the same `MailBody`); the targets are kept so the mail service
/// can ask the Guardian again right before sending.
public struct OutgoingMail: Sendable, Equatable {
    /// The recipient's account (nil only for mail to an address with no account).
    public var userID: Int64?
    /// The address it goes to (for account mail possibly not the account's current one: the old address of a change).
    public var to: String
    public var kind: MailKind
    /// What it is about, unique per address and kind (`post:123`, `token:45`, `digest:2026-12-02`): the same email is
    /// never queued twice for one address.
    public var object: String
    public var subject: String
    public var body: MailBody
    /// Groups the messages about one thing in mail clients (`discussion-42`): the mail service turns it into
    /// `References`/`In-Reply-To`.
    public var threadKey: String?
    /// The one-click unsubscribe address of this kind of email (required for every non-account kind).
    public var unsubscribeURL: String?
    /// What the recipient must still be allowed to see when it is sent (nil: nothing to check at that level).
    public var communityID: Int64?
    public var discussionID: Int64?
    public var postID: Int64?
    /// The in-site notification it repeats: once read in the site, the email is not sent.
    public var notificationID: Int64?
    /// Not sent if the recipient used the site after it was queued (they have seen it there).
    public var skipIfActive: Bool
    /// Not sent before this moment (the quiet minutes of a notification email); nil: as soon as possible.
    public var notBefore: Date?

    public init(userID: Int64?, to: String, kind: MailKind, object: String, subject: String, body: MailBody,
                threadKey: String? = nil, unsubscribeURL: String? = nil, communityID: Int64? = nil,
                discussionID: Int64? = nil, postID: Int64? = nil, notificationID: Int64? = nil,
                skipIfActive: Bool = false, notBefore: Date? = nil) {
        self.userID = userID
        self.to = to
        self.kind = kind
        self.object = object
        self.subject = subject
        self.body = body
        self.threadKey = threadKey
        self.unsubscribeURL = unsubscribeURL
        self.communityID = communityID
        self.discussionID = discussionID
        self.postID = postID
        self.notificationID = notificationID
        self.skipIfActive = skipIfActive
        self.notBefore = notBefore
    }

    /// The stored dedupe key: kind and object.
    var dedupeKey: String { kind.rawValue + "/" + object }
}
