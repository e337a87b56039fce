import Foundation
import Testing
@testable import Commonplace

/// Dates are formatted by arithmetic on the hot path; Foundation's formatters are the reference.
@Suite("Formatting")
struct FormattingTests {
    static func reference(_ pattern: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter
    }

    @Test("day, moment, ISO day and ISO time agree with Foundation from 1900 to 2100, leap days and negative times included")
    func agreesWithFoundation() {
        let day = Self.reference("d MMM yyyy"), moment = Self.reference("d MMM yyyy, HH:mm 'UTC'"), isoDay = Self.reference("yyyy-MM-dd")
        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, -1, 59, 86_399, 86_400, 951_782_400, 951_868_799.9, 1_790_000_000, -2_208_988_800, 4_102_444_799]
        let random = (0..<3000).map { _ in TimeInterval(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)) }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Formatting.day(date) == day.string(from: date), "\(seconds)")
            #expect(Formatting.moment(date) == moment.string(from: date), "\(seconds)")
            #expect(Formatting.isoDay(date) == isoDay.string(from: date), "\(seconds)")
            #expect(Formatting.iso(date) == date.formatted(.iso8601), "\(seconds)")
        }
    }

    @Test("a month of a community's founding reads as words; anything else is shown as given")
    func month() {
        #expect(Formatting.month("2019-09") == "September 2019")
        #expect(Formatting.month("spring 2019") == "spring 2019")
        #expect(Formatting.month("2019-13") == "2019-13")
    }

    @Test("paragraphs split on blank lines exactly as Foundation's replace, split and trim did, for random texts without stray carriage returns")
    func paragraphsAgreeWithFoundation() {
        func reference(_ text: String) -> [String] {
            text.replacingOccurrences(of: "\r\n", with: "\n")
                .components(separatedBy: "\n\n")
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }
        }
        // (A lone CR is left out: Foundation matched on grapheme boundaries, so "\r\r\n\n" held no blank line for it;
        // the byte scan sees one, which is what the writer meant.)
        let pieces = ["a", "Word", " ", "\n", "\n\n", "\r\n", "\t", "\u{A0}", "é", "🙂", "\u{2028}", "x\u{301}", "\n \n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Formatting.paragraphs(text) == reference(text), "\(Array(text.unicodeScalars))")
        }
        #expect(Formatting.paragraphs("First.\r\n\r\nSecond\nline.\n\n\nThird.") == ["First.", "Second\nline.", "Third."])
    }
}
