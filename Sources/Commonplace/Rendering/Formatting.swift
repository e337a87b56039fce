import Foundation

/// Dates and text as pages show them.
enum Formatting {
    /// "27 Nov 2026"
    static func day(_ date: Date) -> String { format(date, "d MMM yyyy") }

    /// "2026-11-27"
    static func isoDay(_ date: Date) -> String { format(date, "yyyy-MM-dd") }

    /// "27 Nov 2026, 06:56 UTC"
    static func moment(_ date: Date) -> String { format(date, "d MMM yyyy, HH:mm 'UTC'") }

    /// "Month YYYY" from "YYYY-MM" (or the text as given).
    static func month(_ yearMonth: String) -> String {
        let parts = yearMonth.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return yearMonth }
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(names[month - 1]) \(year)"
    }

    /// Text split into paragraphs on blank lines.
    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// "2026-11-27T06:56:00Z", for `datetime` attributes and JSON.
    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Formatters are costly to create (a search page shows dozens of dates), so each pattern's is made once.
    /// DateFormatter is safe to use from several threads for formatting.
    nonisolated(unsafe) private static var formatters: [String: DateFormatter] = [:]
    private static let lock = NSLock()

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = lock.withLock { () -> DateFormatter in
            if let existing = formatters[pattern] { return existing }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = pattern
            formatters[pattern] = formatter
            return formatter
        }
        return formatter.string(from: date)
    }
}

extension String {
    /// nil for an empty string, so templates can use `{{#x}}…{{/x}}` (Mustache treats "" as true).
    var nonEmpty: String? { isEmpty ? nil : self }
}
