import Foundation

/// Return addresses a visitor can choose (`next` on sign-in): kept only when they are a path on this site after the
/// normalisation browsers apply, so no spelling of `//evil.example` gets through (issue 11).
extension Paths {
    /// The longest `next` kept: a return address, not a document.
    static let maxNextBytes = 2_048

    /// Sign-in, coming back to `next` afterwards (only what `safeNext` keeps).
    public static func signIn(next: String) -> String {
        guard let local = safeNext(next), local != home else { return signIn }
        // Most paths need no encoding (ASCII letters, digits and "/-_.~"): checked by bytes before asking Foundation.
        // Either way the query decodes back to `local`, which `safeNext` keeps again.
        let encoded = local.utf8.allSatisfy(isPlainPathByte) ? local
            : local.addingPercentEncoding(withAllowedCharacters: nextAllowed) ?? home
        return "\(signIn)?next=\(encoded)"
    }

    /// Sign-up, coming back to `next` afterwards (only what `safeNext` keeps), like sign-in.
    public static func signUp(next: String) -> String {
        let signingIn = signIn(next: next)
        return signingIn == signIn ? signUp : signUp + signingIn.dropFirst(signIn.count)
    }

    /// "Check your email" after sign-up, carrying where the newcomer was going.
    public static func checkEmail(next: String) -> String {
        let signingIn = signIn(next: next)
        return signingIn == signIn ? checkEmail : checkEmail + signingIn.dropFirst(signIn.count)
    }

    /// The welcome page, carrying where the newcomer was going.
    public static func welcome(next: String) -> String {
        let signingIn = signIn(next: next)
        return signingIn == signIn ? welcome : welcome + signingIn.dropFirst(signIn.count)
    }

    private static let nextAllowed = CharacterSet.alphanumerics.union(.init(charactersIn: "/-_.~"))

    private static func isPlainPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// `next` if it is a path on this site, else nil: no open redirects. One pass over the bytes, no allocation.
    ///
    /// Browsers remove tabs and newlines anywhere in a URL, strip leading controls and spaces, and read `\` as `/`,
    /// so `/\t/evil.example` is `//evil.example`. Kept: a single `/` not followed by `/` or `\`, then no C0 control,
    /// DEL, C1 control, U+2028/U+2029 or backslash anywhere; in the path (before `?` or `#`) also no space, no dot
    /// segment (`/../`), and no percent escape of an ASCII byte (`%2F`, `%5C`, `%09`, `%2e`, `%25` …, which a proxy
    /// or a second redirect could decode into the start of the path); escapes of UTF-8 (`%C3%A9`) are fine.
    public static func safeNext(_ next: String?) -> String? {
        guard let next else { return nil }
        let kept = next.utf8.withContiguousStorageIfAvailable(isLocalPath) ?? isLocalPath(Array(next.utf8))
        return kept ? next : nil
    }

    static func isLocalPath<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes) -> Bool where Bytes.Index == Int {
        let n = b.count, start = b.startIndex
        guard n >= 1, n <= maxNextBytes, b[start] == UInt8(ascii: "/") else { return false }
        if n >= 2, b[start + 1] == UInt8(ascii: "/") || b[start + 1] == UInt8(ascii: "\\") { return false }
        var inPath = true
        var segment = start + 1  // where the current path segment starts
        var i = start
        let end = start + n
        while i < end {
            let c = b[i]
            if c < 0x20 || c == 0x7F || c == UInt8(ascii: "\\") { return false }
            if c == 0xC2, i + 1 < end, (0x80...0x9F).contains(b[i + 1]) { return false }  // C1 controls (U+0085 …)
            if c == 0xE2, i + 2 < end, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }  // U+2028/9
            if inPath {
                switch c {
                case UInt8(ascii: " "):
                    return false
                case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                    if isDotSegment(b, segment, i) { return false }
                    segment = i + 1
                    inPath = c == UInt8(ascii: "/")
                case UInt8(ascii: "%"):
                    // Only escapes of bytes from 0x80 up (UTF-8), whose first hex digit is 8 or more.
                    guard i + 2 < end, let high = FormBody.hexValue(b[i + 1]), high >= 8, FormBody.hexValue(b[i + 2]) != nil else { return false }
                    i += 2
                default:
                    break
                }
            }
            i += 1
        }
        return !(inPath && isDotSegment(b, segment, end))
    }

    /// Whether `b[from..<to]` is `.` or `..`.
    private static func isDotSegment<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, _ from: Int, _ to: Int) -> Bool
    where Bytes.Index == Int {
        let dot = UInt8(ascii: ".")
        return (to - from == 1 && b[from] == dot) || (to - from == 2 && b[from] == dot && b[from + 1] == dot)
    }
}
