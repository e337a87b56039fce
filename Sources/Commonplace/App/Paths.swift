import Foundation

/// Every link the app builds. No URL literal appears anywhere else.
public enum Paths {
    public static let home = "/"
    public static let about = "/about"
    public static let signUp = "/signup"
    public static let signIn = "/signin"
    public static let signOut = "/signout"
    public static let settings = "/settings"
    public static let settingsPassword = "/settings/password"
    public static let settingsSessions = "/settings/sessions"
    public static let adminCommunities = "/admin/communities"
    public static let adminNewCommunity = "/admin/communities/new"
    public static let stylesheet = "/css/site.css"

    public static func community(_ slug: String) -> String { "/c/\(slug)" }
    public static func community(_ community: Community) -> String { self.community(community.slug) }
    public static func editCommunity(_ community: Community) -> String { "/admin/communities/\(community.slug)/edit" }
    public static func user(_ handle: String) -> String { "/u/\(handle)" }
    public static func endSession(_ id: Int64) -> String { "/settings/sessions/\(id)/end" }

    /// The directory with filters applied.
    public static func directory(kind: String?, status: String?) -> String {
        var items: [String] = []
        if let kind { items.append("type=\(kind)") }
        if let status { items.append("status=\(status)") }
        return items.isEmpty ? home : home + "?" + items.joined(separator: "&")
    }

    /// Sign-in, coming back to `next` afterwards (only local paths are kept).
    public static func signIn(next: String) -> String {
        guard let local = safeNext(next), local != home else { return signIn }
        let encoded = local.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.~"))) ?? home
        return "\(signIn)?next=\(encoded)"
    }

    /// `next` if it is a path on this site (not `//host` or a scheme), else nil: no open redirects.
    public static func safeNext(_ next: String?) -> String? {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.contains(where: { $0.isNewline || $0 == "\\" }) else { return nil }
        return next
    }
}
