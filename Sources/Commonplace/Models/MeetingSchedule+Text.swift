import Foundation

/// How a schedule reads on pages: "Meets monthly", "Monthly on the second Tuesday".
extension MeetingSchedule {
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let ordinals = ["first", "second", "third", "fourth", "fifth"]

    /// How often: "weekly", "every 2 weeks", "monthly", "quarterly", "every 2 months" (nil for a single event).
    public var cadence: String? {
        switch self.repeat {
        case .none: nil
        case .weekly: interval == 1 ? "weekly" : "every \(interval) weeks"
        case .monthlyDay, .monthlyWeekday, .monthlyLastWeekday:
            interval == 1 ? "monthly" : interval == 3 ? "quarterly" : interval == 12 ? "yearly" : "every \(interval) months"
        }
    }

    /// The whole rule in words: "Monthly on the second Tuesday, 10 times", "Weekly on Wednesdays until 2027-06-30".
    public var summary: String {
        guard let cadence else { return "Once" }
        let weekday = Self.weekdayNames[startDate.weekday - 1]
        let on: String = switch self.repeat {
        case .none: ""
        case .weekly: "on \(weekday)s"
        case .monthlyDay: "on day \(startDate.day)"
        case .monthlyWeekday: "on the \(Self.ordinals[Self.weekOfMonth(startDate) - 1]) \(weekday)"
        case .monthlyLastWeekday: "on the last \(weekday)"
        }
        var text = cadence.prefix(1).uppercased() + cadence.dropFirst() + " " + on
        if let count { text += count == 1 ? ", once" : ", \(count) times" }
        if let until { text += " until \(until)" }
        return text
    }
}
