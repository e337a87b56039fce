/// The content of an email, as blocks rendered to both MIME parts: the plain text and the HTML come from the same
/// blocks, so they never disagree. Text given as `String` is plain (escaped in the HTML part); only `Block.post`
/// carries HTML, the sanitized rendering of a post's Markdown, beside its Markdown source for the text part.
public struct MailBody: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case heading(String)
        /// A section's title under the heading (a digest's "New discussions").
        case section(String)
        case paragraph(String)
        /// A call to action: a link drawn as a button in HTML, "label: url" in text.
        case button(label: String, url: String)
        /// A post quoted in full: who wrote it, its Markdown (text part) and its sanitized HTML (HTML part).
        case post(author: String, markdown: String, html: String)
        /// A list of linked items (a digest's section): title, link, and an optional line under it.
        case items([Item])
        /// A small line at the end (why you got it, how to stop), with an optional link.
        case footer(String, link: Link?)
    }

    public struct Item: Sendable, Equatable {
        public var title: String
        public var url: String
        public var detail: String

        public init(title: String, url: String, detail: String = "") {
            self.title = title
            self.url = url
            self.detail = detail
        }
    }

    public struct Link: Sendable, Equatable {
        public var label: String
        public var url: String

        public init(label: String, url: String) {
            self.label = label
            self.url = url
        }
    }

    public var blocks: [Block]

    public init(_ blocks: [Block]) {
        self.blocks = blocks
    }

    /// The plain-text part: blocks separated by blank lines, links written out in full, control characters removed.
    public func text() -> String {
        var parts: [String] = []
        var signed = false
        for block in blocks {
            switch block {
            case .heading(let text): parts.append(Self.plain(text))
            case .section(let text):
                let title = Self.plain(text)
                parts.append(title + "\n" + String(repeating: "=", count: max(title.count, 3)))
            case .paragraph(let text): parts.append(Self.plain(text))
            case .button(let label, let url): parts.append(Self.plain(label) + ": " + Self.plain(url))
            case .post(let author, let markdown, _):
                let quoted = Self.plain(markdown).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
                parts.append(Self.plain(author) + ":\n\n" + quoted)
            case .items(let items):
                parts.append(items.map { item in
                    var line = "- " + Self.plain(item.title) + "\n  " + Self.plain(item.url)
                    if !item.detail.isEmpty { line += "\n  " + Self.plain(item.detail) }
                    return line
                }.joined(separator: "\n"))
            case .footer(let text, let link):
                // One signature separator, before the first footer line.
                var line = (signed ? "" : "-- \n") + Self.plain(text)
                signed = true
                if let link { line += "\n" + Self.plain(link.label) + ": " + Self.plain(link.url) }
                parts.append(line)
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The HTML part: a small complete document (styles in its head, as mail clients need).
    public func html(title: String) -> String {
        let e = { (text: String) in HTMLEscaping.escape(Self.plain(text)) }
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(title))</title>
            <style>body{font-family:system-ui,sans-serif;line-height:1.5;color:#1d2327;max-width:40em;margin:0 auto;padding:1em}\
            a.button{display:inline-block;background:#1f5f8b;color:#fff;padding:.5em 1em;border-radius:4px;text-decoration:none}\
            blockquote{border-left:4px solid #c9d3dc;margin:1em 0;padding:0 1em}.footer{color:#50575e;font-size:.875em}</style>
            </head><body>

            """
        for block in blocks {
            switch block {
            case .heading(let text): out += "<h1>\(e(text))</h1>\n"
            case .section(let text): out += "<h2>\(e(text))</h2>\n"
            case .paragraph(let text): out += "<p>\(e(text))</p>\n"
            case .button(let label, let url): out += "<p><a class=\"button\" href=\"\(e(url))\">\(e(label))</a></p>\n"
            case .post(let author, _, let html): out += "<p><strong>\(e(author))</strong>:</p>\n<blockquote>\(html)</blockquote>\n"
            case .items(let items):
                out += "<ul>\n"
                for item in items {
                    out += "<li><a href=\"\(e(item.url))\">\(e(item.title))</a>"
                    if !item.detail.isEmpty { out += "<br>\(e(item.detail))" }
                    out += "</li>\n"
                }
                out += "</ul>\n"
            case .footer(let text, let link):
                out += "<p class=\"footer\">\(e(text))"
                if let link { out += " <a href=\"\(e(link.url))\">\(e(link.label))</a>" }
                out += "</p>\n"
            }
        }
        return out + "</body></html>\n"
    }

    /// Plain text safe in a message: no control characters but newline and tab, line ends normalised.
    static func plain(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            if scalar == "\n" || scalar == "\t" || !(scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)) {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
