import Foundation

/// Links of the notification emails and digests (issue 13): the email settings and one-click unsubscribe.
extension Paths {
    public static let settingsEmail = "/settings/email"
    static let unsubscribePrefix = "/unsubscribe/"

    /// The unsubscribe page of a signed token (GET: a page with a button; POST: RFC 8058 one click).
    public static func unsubscribe(token: String) -> String { unsubscribePrefix + token }
}
