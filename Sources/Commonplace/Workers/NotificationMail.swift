import Foundation

/// What the notification fan-out needs to queue notification emails: the site's public address (every link in an
/// email is absolute) and the quiet minutes. nil on a fan-out: it queues no email.
public struct NotificationMailing: Sendable {
    /// `AppConfiguration.publicBaseURL`: no trailing slash.
    public var baseURL: String
    /// An email waits this long (not sent if its notification is read meanwhile, or the member used the site).
    public var quietMinutes: Int
    /// A notification of an event older than this when it is fanned out is shown in the site only: loading the demo
    /// data (years of events at once) or a backlog after a long outage sends no flood of stale email.
    public var maxEventAge: TimeInterval
    /// The zone event times are written in for a member who chose none (`MailSettings.defaultTimeZone`).
    public var siteTimeZone = "America/Toronto"

    public static let defaultMaxEventAge: TimeInterval = 24 * 3600

    public init(baseURL: String, quietMinutes: Int, maxEventAge: TimeInterval = NotificationMailing.defaultMaxEventAge) {
        self.baseURL = baseURL
        self.quietMinutes = quietMinutes
        self.maxEventAge = maxEventAge
    }

    /// The server's configuration's values.
    public init(_ config: AppConfiguration) {
        self.init(baseURL: config.publicBaseURL, quietMinutes: config.mail.quietMinutes)
        siteTimeZone = config.mail.defaultTimeZone
    }
}

/// The words of a notification email (one place, beside `NotificationText`, which words the same notification in the
/// site): a subject naming the discussion, the sentence of the list, the post itself, a button to it, and a footer
/// saying why it came and how to stop it.
enum NotificationMail {
    /// What an email is about, as the rows are at fan-out.
    struct Subject {
        let community: Community
        let discussion: Discussion?
        let post: Post?
        /// The display name of whoever caused it (nil: no one, or a deleted account).
        let actorName: String?
    }

    /// The email telling `recipient` of a notification of `kind` about `subject`.
    static func compose(kind: NotificationKind, count: Int, detail: String, about subject: Subject, notificationID: Int64,
                        object: String, recipient: (id: Int64, email: String), mailing: NotificationMailing,
                        signer: UnsubscribeSigner, now: Date) -> OutgoingMail {
        let decoded = EventDetail.decode(detail)
        let sentence = NotificationText.sentence(kind, count: count, actor: subject.actorName, discussion: subject.discussion,
                                                 community: subject.community, postNumber: subject.post?.number, detail: decoded)
        let link = mailing.baseURL + NotificationText.url(kind, community: subject.community, discussion: subject.discussion,
                                                          postNumber: subject.post?.number)
        let unsubscribe = mailing.baseURL + Paths.unsubscribe(token: signer.token(userID: recipient.id, scope: .notification(kind)))
        var blocks: [MailBody.Block] = [.heading(sentence)]
        if let post = subject.post, showsPost(kind) {
            blocks.append(.post(author: post.authorId == nil ? "A former member" : (authorName(kind, subject) ?? "A member"),
                                markdown: post.bodyMarkdown, html: absoluteLinks(post.bodyHtml, base: mailing.baseURL)))
        }
        if let note = NotificationText.note(kind, detail: decoded) { blocks.append(.paragraph(note)) }
        blocks.append(.button(label: buttonLabel(kind, hasPost: subject.post != nil), url: link))
        blocks.append(.footer("You get this email because \(kind.emailReason) in \(subject.community.name).",
                              link: MailBody.Link(label: "Turn off these emails", url: unsubscribe)))
        blocks.append(.footer("Choose which emails you get, and how often:",
                              link: MailBody.Link(label: "Email settings", url: mailing.baseURL + Paths.settingsEmail)))
        let topic = subject.discussion?.title ?? sentence
        return OutgoingMail(
            userID: recipient.id, to: recipient.email, kind: .notification(kind), object: object,
            subject: "[\(subject.community.name)] \(topic)", body: MailBody(blocks),
            threadKey: subject.discussion.map { "discussion-\($0.id!)" }, unsubscribeURL: unsubscribe,
            communityID: subject.community.id, discussionID: subject.discussion?.id, postID: subject.post?.id,
            notificationID: notificationID, skipIfActive: true,
            notBefore: now.addingTimeInterval(TimeInterval(max(mailing.quietMinutes, 0) * 60)))
    }

    /// A post's HTML with its links and images on this site made absolute (a mention links to `/u/amara`, a quote to
    /// `/d/12/…#p3`), as a mail client has no page address to resolve them against. The HTML is the renderer's own
    /// (attributes always double-quoted), so the site-relative ones are exactly `href="/x` and `src="/x`.
    static func absoluteLinks(_ html: String, base: String) -> String {
        var out = html
        for attribute in ["href", "src"] {
            out = out.replacingOccurrences(of: "\(attribute)=\"/(?!/)",
                                           with: NSRegularExpression.escapedTemplate(for: "\(attribute)=\"\(base)/"),
                                           options: .regularExpression)
        }
        return out
    }

    /// The kinds whose email quotes the post (not a join decision, nor a flag's outcome: the post may be hidden).
    private static func showsPost(_ kind: NotificationKind) -> Bool {
        kind != .joinDecided && kind != .flagResolved && kind != .modJoin
    }

    /// Who wrote the post quoted: the actor for the kinds about a new post; otherwise the recipient's own post or a
    /// post under moderation, named as the post's author by the line above it.
    private static func authorName(_ kind: NotificationKind, _ subject: Subject) -> String? {
        switch kind {
        case .mention, .reply, .quote, .watching, .newDiscussion, .modQueue: subject.actorName
        case .accepted, .helpful, .postHeld, .postApproved, .postDeclined, .postHidden: "Your post"
        default: "The post"
        }
    }

    private static func buttonLabel(_ kind: NotificationKind, hasPost: Bool) -> String {
        switch kind {
        case .joinDecided: "Open the community"
        case .flagResolved: "See your flags"
        case .modFlag: "Open the flag queue"
        case .modQueue: "Open the approval queue"
        case .modJoin: "See the join requests"
        default: hasPost ? "Read the post" : "Open the discussion"
        }
    }
}
