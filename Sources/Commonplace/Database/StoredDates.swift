import Foundation
import GRDB

/// Dates as GRDB stores them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), read by arithmetic on the column's bytes.
/// GRDB's own decoding goes through `Calendar.date(from:)`, a few microseconds per date: a discussion page
/// reads more than a hundred. Any other stored form falls back to GRDB.
extension Row {
    /// The date in column `index`.
    func storedDate(atIndex index: Int) throws -> Date {
        if let date = try withUnsafeData(atIndex: index, { $0.flatMap(StoredDate.parse) }) { return date }
        return try decode(Date.self, atIndex: index)
    }

    /// The date in column `index`, nil for NULL.
    func storedDateIfPresent(atIndex index: Int) throws -> Date? {
        if hasNull(atIndex: index) { return nil }
        return try storedDate(atIndex: index)
    }

    /// The date in the column named `column`.
    func storedDate(_ column: String) throws -> Date {
        if let date = try withUnsafeData(named: column, { $0.flatMap(StoredDate.parse) }) { return date }
        return try decode(Date.self, forColumn: column)
    }

    /// The date in the column named `column`, nil for NULL (or no such column, as GRDB has it).
    func storedDateIfPresent(_ column: String) throws -> Date? {
        let parsed: Date?? = try withUnsafeData(named: column) { data in data.map { StoredDate.parse($0) } }
        switch parsed {
        case .none: return nil
        case .some(.some(let date)): return date
        case .some(.none): return try decode(Date?.self, forColumn: column)
        }
    }
}

enum StoredDate {
    /// `YYYY-MM-DD HH:MM:SS` with optional `.S…` fraction (up to milliseconds kept), as UTC; nil for other text.
    static func parse(_ data: Data) -> Date? {
        data.withUnsafeBytes { raw -> Date? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count == 19 || (bytes.count >= 21 && bytes.count <= 29 && bytes[19] == UInt8(ascii: ".")),
                  bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
            else { return nil }
            func number(_ start: Int, _ length: Int) -> Int? {
                var value = 0
                for i in start..<start + length {
                    let digit = Int(bytes[i]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
            else { return nil }
            var milliseconds = 0
            if bytes.count > 19 {
                let digits = min(3, bytes.count - 20)
                guard let fraction = number(20, digits), bytes.count - 20 == digits || number(23, bytes.count - 23) != nil else { return nil }
                milliseconds = fraction * (digits == 1 ? 100 : digits == 2 ? 10 : 1)
            }
            let days = daysFromCivil(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
            return Date(timeIntervalSince1970: Double(seconds) + Double(milliseconds) / 1000)
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension StoredDate {
    /// A whole-second date as GRDB stores it (`YYYY-MM-DD HH:MM:SS.000`, UTC), by arithmetic: GRDB formats each
    /// `Date` argument with a `DateFormatter`, a few microseconds apiece (bulk writes such as `bench-data`).
    static func text(secondsSince1970 seconds: Int) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        var bytes = [UInt8](repeating: 0, count: 23)
        func put(_ value: Int, at start: Int, digits: Int) {
            var value = value
            for i in stride(from: start + digits - 1, through: start, by: -1) {
                bytes[i] = UInt8(48 + value % 10)
                value /= 10
            }
        }
        put(year, at: 0, digits: 4)
        put(month, at: 5, digits: 2)
        put(day, at: 8, digits: 2)
        put(secondOfDay / 3600, at: 11, digits: 2)
        put(secondOfDay / 60 % 60, at: 14, digits: 2)
        put(secondOfDay % 60, at: 17, digits: 2)
        put(0, at: 20, digits: 3)
        for (index, byte) in [(4, "-"), (7, "-"), (10, " "), (13, ":"), (16, ":"), (19, ".")] as [(Int, Unicode.Scalar)] {
            bytes[index] = UInt8(ascii: byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
