import Foundation
import Testing
@testable import Commonplace

/// Form bodies are checked in one pass over their bytes before decoding.
@Suite("Form bodies")
struct FormBodyTests {
    /// The check as it was written with Foundation (split, replace "+", remove percent-encoding, per field).
    static func reference(_ text: String) -> String? {
        for pair in text.split(separator: "&") {
            for part in pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false) {
                guard let decoded = part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else { return "not valid UTF-8" }
                if decoded.utf8.count > Limits.maxFieldBytes { return "longer than the server accepts" }
                if decoded.unicodeScalars.contains(where: { $0.value == 0 }) { return "NUL" }
            }
        }
        return nil
    }

    static func verdict(_ text: String) -> String? {
        do {
            try FormBody.validateFields(text)
            return nil
        } catch let error as AppError {
            let message = "\(error)"
            return ["not valid UTF-8", "longer than the server accepts", "NUL"].first { message.contains($0) } ?? message
        } catch {
            return "\(error)"
        }
    }

    @Test("the byte scan refuses exactly what the Foundation check refused, for random bodies")
    func agreesWithFoundation() {
        let pieces = ["a", "body", "=", "&", "+", "%", "%2", "%41", "%2B", "%C3%A9", "%c3%a9", "%FF", "%00", "%zz", "é", "%E2%82", "%E2%82%AC", "_csrf"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Self.verdict(text) == Self.reference(text), "\(text)")
        }
    }

    @Test("a field past the limit is refused, one at the limit is not")
    func fieldLimit() {
        let atLimit = "body=" + String(repeating: "a", count: Limits.maxFieldBytes)
        #expect(Self.verdict(atLimit) == nil)
        #expect(Self.verdict(atLimit + "a") == "longer than the server accepts")
        #expect(Self.verdict("body=" + String(repeating: "%41", count: Limits.maxFieldBytes)) == nil)
        #expect(Self.verdict("_csrf=x&body=%00") == "NUL")
        #expect(Self.verdict("body=%E2%82") == "not valid UTF-8")
    }
}
