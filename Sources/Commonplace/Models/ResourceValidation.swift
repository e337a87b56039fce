import Foundation

/// The rules for a resource's fields, shared by the share and edit forms. Each returns a message for the field,
/// or nil when the value is fine.
public enum ResourceValidation {
    public static func title(_ title: String) -> String? {
        if title.isEmpty { return "Give the resource a title." }
        if title.count > Resource.Limits.title { return "A title can be at most \(Resource.Limits.title) characters (this one has \(title.count))." }
        return nil
    }

    /// Links are http or https only, with a host, within `Resource.Limits.url` characters.
    public static func link(_ link: String) -> String? {
        if link.count > Resource.Limits.url { return "A link can be at most \(Resource.Limits.url) characters." }
        if link.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "A link cannot contain spaces or line breaks."
        }
        let scheme = link.prefix { $0 != ":" }.lowercased()
        guard link.contains(":"), scheme == "http" || scheme == "https" else {
            let named = link.contains(":") && !scheme.isEmpty && scheme.count < 20 ? " (not “\(scheme):”)" : ""
            return "A link must start with http:// or https://\(named)."
        }
        guard let components = URLComponents(string: link), let host = components.host, !host.isEmpty else {
            return "That link has no site in it: write the whole address, such as https://example.org/guide."
        }
        if components.user != nil || components.password != nil { return "A link cannot contain a user name or password." }
        return nil
    }

    public static func description(_ description: String) -> String? {
        if description.count > Resource.Limits.description {
            return "A description can be at most \(Resource.Limits.description) characters (this one has \(description.count))."
        }
        return nil
    }

    public static func audience(_ audience: String) -> String? {
        audience.count > Resource.Limits.audience ? "Say who it is for in at most \(Resource.Limits.audience) characters." : nil
    }

    /// Comma-separated tags: at most `Resource.Limits.tags`, each within `Resource.Limits.tag` characters.
    public static func tags(_ text: String) -> (tags: [String], error: String?) {
        let tags = AppDatabase.normalizedTags(text.split(separator: ",").map(String.init))
        if tags.count > Resource.Limits.tags { return (tags, "Use at most \(Resource.Limits.tags) tags (there are \(tags.count)).") }
        if let long = tags.first(where: { $0.count > Resource.Limits.tag }) {
            return (tags, "Each tag can be at most \(Resource.Limits.tag) characters (“\(long.prefix(20))…” is longer).")
        }
        return (tags, nil)
    }

    /// An optional yyyy-MM-dd date after today (UTC), as the start of that day.
    public static func reviewBy(_ text: String, now: Date) -> (date: Date?, error: String?) {
        guard !text.isEmpty else { return (nil, nil) }
        guard let date = day(text) else { return (nil, "Write the review date as a date, such as 2027-03-31.") }
        guard date > now else { return (nil, "The review date must be in the future.") }
        return (date, nil)
    }

    /// The start (UTC) of the day written `yyyy-MM-dd`, or nil when it is not such a date.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: dayOfMonth)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
