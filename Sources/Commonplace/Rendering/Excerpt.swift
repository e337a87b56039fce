import Foundation

/// Short plain-text excerpts of rendered posts, for queues and lists (templates escape them again).
enum Excerpt {
    /// The usual excerpt length, in characters.
    static let length = 300

    /// The text of `html` (our own cmark output) without tags, with entities decoded and white space collapsed,
    /// cut at a word boundary near `limit` characters with "…".
    static func text(fromHTML html: String, limit: Int = length) -> String {
        var text = ""
        var tag: String?  // the tag being read, between < and >
        for character in html {
            switch character {
            case "<": tag = ""
            case ">" where tag != nil:
                // Block elements separate words; inline ones (strong, a, code …) do not.
                let name = tag!.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if blockTags.contains(name) { text.append(" ") }
                tag = nil
            default:
                if tag != nil { tag!.append(character) } else { text.append(character) }
            }
        }
        let words = decodeEntities(text).split(whereSeparator: { $0.isWhitespace })
        var result = ""
        for word in words {
            if result.count + word.count + 1 > limit {
                if result.isEmpty { result = String(word.prefix(limit)) }
                return result + "…"
            }
            result += result.isEmpty ? String(word) : " " + word
        }
        return result
    }

    private static let blockTags: Set<String> = [
        "p", "br", "li", "ul", "ol", "blockquote", "pre", "div", "hr", "table", "tr", "td", "th",
        "h1", "h2", "h3", "h4", "h5", "h6",
    ]

    /// Decodes the entities cmark writes: the five escaped characters and numeric references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[amp...]
            guard let semi = tail.prefix(12).firstIndex(of: ";") else { out.append("&"); rest = tail.dropFirst(); continue }
            let name = tail[tail.index(after: amp)..<semi]
            if let decoded = entity(name) {
                out += decoded
                rest = tail[tail.index(after: semi)...]
            } else {
                out.append("&")
                rest = tail.dropFirst()
            }
        }
        return out + String(rest)
    }

    private static func entity(_ name: Substring) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
