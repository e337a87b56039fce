import Foundation

/// Text as members type it, made fit to keep: the one normalisation every stored text field of a form goes through
/// (`cleanText`, `AccountValidation.clean`, the community form and topics call it), so what is written, rendered and
/// indexed never holds the characters the server reserves for itself.
public enum InputText {
    /// Windows line ends made plain, reserved characters removed, surrounding whitespace trimmed.
    public static func clean(_ text: String?) -> String {
        guard var text, !text.isEmpty else { return "" }
        text = removingReserved(text)
        if text.utf8.contains(UInt8(ascii: "\r")) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The characters search puts around matches in snippets (`SearchEngine.markStart`, `markEnd`: U+E000, U+E001),
    /// removed, so no one can forge a highlight. A byte scan first: text without U+E000…U+EFFF (lead byte 0xEE) is
    /// returned as it is.
    public static func removingReserved(_ text: String) -> String {
        guard text.utf8.contains(0xEE) else { return text }
        let scalars = text.unicodeScalars
        guard scalars.contains(where: isReserved) else { return text }
        return String(String.UnicodeScalarView(scalars.filter { !isReserved($0) }))
    }

    static func isReserved(_ scalar: Unicode.Scalar) -> Bool {
        scalar == SearchEngine.markStartScalar || scalar == SearchEngine.markEndScalar
    }
}
