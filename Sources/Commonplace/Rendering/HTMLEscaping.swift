import Mustache

/// HTML escaping per Unicode scalar, so a quote followed by a combining mark (one grapheme) is still escaped.
/// swift-mustache's built-in HTML type works per `Character` and lets such quotes through.
struct ScalarHTMLContentType: MustacheContentType {
    /// The name templates are rendered under (the renderer prepends the pragma to every template).
    static let name = "HTML_SCALAR"

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}

enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
