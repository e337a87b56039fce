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

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}

extension String {
    /// nil for an empty string, so templates can use `{{#x}}…{{/x}}` (Mustache treats "" as true).
    var nonEmpty: String? { isEmpty ? nil : self }
}
