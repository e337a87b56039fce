import Foundation

/// Suspending an account: the limit on the reason, and the date a site admin chooses.
public enum Suspension {
    /// The reason shown to the account on sign-in, in characters.
    public static let maxReasonLength = 500

    /// The last second (UTC) of the day written `yyyy-MM-dd`, or nil if the text is not such a date.
    public static func endOfDay(_ text: String) -> Date? {
        guard let start = startOfDay(text) else { return nil }
        return start.addingTimeInterval(86_400 - 1)
    }

    /// Midnight UTC at the start of the day written `yyyy-MM-dd`, or nil.
    static func startOfDay(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard text.count == 10, let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return date
    }
}
