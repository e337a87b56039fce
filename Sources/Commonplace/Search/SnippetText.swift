/// Snippets are cut from the Markdown members wrote; this leaves their plain text: no `**`, backticks, heading marks,
/// quote marks, list bullets, table pipes or rules, and links as their text. The match markers
/// (`SearchEngine.markStart`/`markEnd`) are kept. One pass over the scalars (this runs for every result shown).
enum SnippetText {
    static func plain(_ snippet: String) -> String {
        let scalars = Array(snippet.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(scalars.count)
        var index = 0
        var lineStart = true
        /// Skips a link's `(url)` after its `]`.
        func skipLinkTarget(from start: Int) -> Int? {
            guard start < scalars.count, scalars[start] == "(" else { return nil }
            var end = start + 1
            while end < scalars.count, scalars[end] != ")", scalars[end] != " ", scalars[end] != "\n" { end += 1 }
            return end < scalars.count && scalars[end] == ")" ? end + 1 : nil
        }
        func appendSpace() {
            if let last = out.last, last != " " { out.append(" ") }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if lineStart {
                // Heading marks, quote marks and bullets at the start of a line (after any indentation).
                var look = index
                while look < scalars.count, scalars[look] == " " || scalars[look] == "\t" { look += 1 }
                var marks = look
                while marks < scalars.count, "#>".unicodeScalars.contains(scalars[marks]) { marks += 1 }
                if marks == look, marks + 1 < scalars.count, "-*+".unicodeScalars.contains(scalars[marks]), scalars[marks + 1] == " " {
                    marks += 1
                }
                if marks > look || look > index {
                    index = marks
                    lineStart = false
                    continue
                }
                lineStart = false
            }
            if "-=:".unicodeScalars.contains(scalar), Self.isRule(scalars, at: index) {
                // A table's header row (|---|:--:|) or a rule (---): dropped.
                while index + 1 < scalars.count, "-=: ".unicodeScalars.contains(scalars[index + 1]) { index += 1 }
                appendSpace()
                index += 1
                continue
            }
            switch scalar {
            case "\n", "\r":
                appendSpace()
                lineStart = true
            case "*", "`", "|", "\\":
                if scalar == "|" { appendSpace() }
            case "~" where index + 1 < scalars.count && scalars[index + 1] == "~":
                index += 1
            case "_" where index + 1 < scalars.count && scalars[index + 1] == "_":
                index += 1
            case "]":
                if let after = skipLinkTarget(from: index + 1) {
                    index = after
                    continue
                }
                out.append(scalar)
            case "[":
                // A link's text stays; its bracket goes when a target follows the closing one.
                if let close = scalars[index...].firstIndex(of: "]"), skipLinkTarget(from: close + 1) != nil { break }
                out.append(scalar)
            case " ", "\t":
                appendSpace()
            default:
                out.append(scalar)
            }
            index += 1
        }
        while out.last == " " { out.removeLast() }
        while out.first == " " { out.removeFirst() }
        return String(out)
    }

    /// Three or more of `-`, `=` or `:` in a row (spaces allowed between): a rule or a table's header row.
    static func isRule(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var count = 0
        var look = index
        while look < scalars.count, "-=: ".unicodeScalars.contains(scalars[look]) {
            if scalars[look] != " " { count += 1 }
            look += 1
        }
        return count >= 3 && scalars[index...].prefix(look - index).contains { $0 == "-" || $0 == "=" }
    }

    /// The beginning of a post's Markdown as a plain-text snippet of about `limit` characters, cut at a word.
    static func opening(_ markdown: String, limit: Int = 200) -> String {
        let text = plain(String(markdown.prefix(limit * 2)))
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + "…"
    }
}
