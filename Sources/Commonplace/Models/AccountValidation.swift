import Foundation

/// The rules for account fields, shared by sign-up, settings and `commonplace user create`.
/// Each check returns the message to show beside the field, or nil when the value is fine.
public enum AccountValidation {
    static let handleCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
    public static let minHandleLength = 2

    public static func handle(_ handle: String) -> String? {
        if handle.isEmpty { return "Choose a handle." }
        if handle.count < minHandleLength { return "A handle needs at least \(minHandleLength) characters." }
        if handle.count > User.Limits.handle { return "A handle can be at most \(User.Limits.handle) characters." }
        if !handle.allSatisfy(handleCharacters.contains) {
            return "Use only lowercase letters a–z, digits, hyphens and underscores."
        }
        return nil
    }

    public static func displayName(_ name: String) -> String? {
        if name.isEmpty { return "Enter the name other members will see." }
        if name.count > User.Limits.displayName { return "A display name can be at most \(User.Limits.displayName) characters." }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "A display name cannot contain control characters." }
        return nil
    }

    /// A practical check: one `@`, something before it, a dotted domain after it, no spaces.
    public static func email(_ email: String) -> String? {
        if email.isEmpty { return "Enter your email address." }
        if email.count > User.Limits.email { return "An email address can be at most \(User.Limits.email) characters." }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" })
        else { return "Enter a valid email address, like name@example.org." }
        return nil
    }

    /// At least 12 characters (any Unicode, counted as characters), at most 1,024; never truncated.
    public static func password(_ password: String) -> String? {
        if password.count < Limits.minPasswordLength {
            return "Use at least \(Limits.minPasswordLength) characters. A few unrelated words make a strong, memorable password."
        }
        if password.count > Limits.maxPasswordLength { return "A password can be at most \(Limits.maxPasswordLength) characters." }
        return nil
    }

    public static func optionalText(_ text: String, limit: Int, label: String) -> String? {
        text.count > limit ? "\(label) can be at most \(limit) characters." : nil
    }

    /// Trims surrounding whitespace and removes reserved characters (`InputText.clean`; passwords are never cleaned).
    static func clean(_ text: String) -> String {
        InputText.clean(text)
    }
}
