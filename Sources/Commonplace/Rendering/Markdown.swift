import CCmarkGFM
import Foundation

/// The HTML of a post and the handles it mentions.
public struct RenderedMarkdown: Sendable, Equatable {
    public let html: String
    /// Distinct lowercased handles, in order of first appearance.
    public let mentions: [String]

    public init(html: String, mentions: [String]) {
        self.html = html
        self.mentions = mentions
    }
}

/// Post bodies: CommonMark + GFM (tables, strikethrough, autolinks, task lists) through cmark-gfm in
/// safe mode, with @mentions linked, and with the cost of every input bounded (see Markdown+Limits).
public enum Markdown {
    /// Renders Markdown in safe mode: raw HTML is dropped and javascript:, vbscript:, file: and data:
    /// URLs are blanked. A source too costly to parse, or whose HTML would be over
    /// `maxOutputRatio` × its size, comes back as escaped paragraphs that mention no one.
    public static func render(_ source: String) -> RenderedMarkdown {
        var source = source
        return source.withUTF8 { bytes in
            let cost = MarkdownCost(scanning: bytes)
            let maxBytes = maxHTMLBytes(forSourceBytes: bytes.count)
            guard cost.allowsParsing,
                  let rendered = renderWithCmark(bytes, tables: cost.allowsTables, autolinks: cost.allowsAutolinks, maxBytes: maxBytes),
                  rendered.html.utf8.count <= maxBytes
            else { return plain(bytes) }
            return RenderedMarkdown(html: rendered.html, mentions: rendered.mentions)
        }
    }

    /// Builds the Markdown that quotes a post: each line prefixed with "> ", then a line linking back,
    /// e.g. "> text\n>\n> — [@amara](/d/12#p3)\n\n". `link` should come from `Paths`.
    public static func quote(_ source: String, author handle: String, link: String) -> String {
        let normalized = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let body = normalized.trimmingCharacters(in: .newlines)
        var quoted = body.isEmpty ? [] : body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in line.allSatisfy { $0 == " " || $0 == "\t" } ? ">" : "> " + String(line) }
        if !quoted.isEmpty { quoted.append(">") }
        quoted.append("> — [@\(handle)](\(escapedDestination(link)))")
        return quoted.joined(separator: "\n") + "\n\n"
    }

    // MARK: - cmark

    /// Options for parsing and rendering. CMARK_OPT_UNSAFE is deliberately absent: without it cmark
    /// writes `<!-- raw HTML omitted -->` for raw HTML and blanks javascript:/vbscript:/file:/data: URLs.
    private static let options = CMARK_OPT_VALIDATE_UTF8

    /// Held while cmark parses. cmark-gfm 0.29 adds each attached extension's inline characters
    /// (`~`, `@`, `:`, `w`) to a process-wide table when a parse starts and removes them when it ends,
    /// so two parses at once can strip each other's strikethrough and autolinks. Parsing a post takes
    /// well under 10 ms (see ops/bench/markdown); rendering to HTML needs no lock.
    private static let parsing = NSLock()

    /// Parses, links mentions, renders, marks external links; nil if cmark fails to allocate or its
    /// HTML is already over `maxBytes` (checked before copying it, since it can run to megabytes).
    private static func renderWithCmark(
        _ bytes: UnsafeBufferPointer<UInt8>, tables: Bool, autolinks: Bool, maxBytes: Int
    ) -> (html: String, mentions: [String])? {
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for extensionPointer in CoreExtensions.shared.enabled(tables: tables, autolinks: autolinks) {
            cmark_parser_attach_syntax_extension(parser, extensionPointer)
        }
        parsing.lock()
        bytes.withMemoryRebound(to: CChar.self) { chars in
            if let base = chars.baseAddress, chars.count > 0 { cmark_parser_feed(parser, base, chars.count) }
        }
        let parsed = cmark_parser_finish(parser)
        parsing.unlock()
        guard let document = parsed else { return nil }
        defer { cmark_node_free(document) }
        let mentions = MarkdownTree.prepare(document)
        guard let html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return nil }
        defer { free(html) }
        let length = strlen(html)
        guard length <= maxBytes else { return nil }
        return html.withMemoryRebound(to: UInt8.self, capacity: length) { start in
            (addingRelToExternalLinks(UnsafeBufferPointer(start: start, count: length)), mentions)
        }
    }

    // MARK: - HTML after cmark

    /// Adds `rel="nofollow ugc"` to every link that leaves the site. Every `<a href="` in cmark's
    /// output comes from a link node: text, code and alt text are escaped, raw HTML is omitted.
    static func addingRelToExternalLinks(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let opening = Array(#"<a href=""#.utf8)
        let rel = Array(#"rel="nofollow ugc" "#.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == opening[0], bytes.count - i > opening.count + 1,
               bytes[i..<(i + opening.count)].elementsEqual(opening) {
                let first = bytes[i + opening.count], second = bytes[i + opening.count + 1]
                let local = (first == UInt8(ascii: "/") && second != UInt8(ascii: "/")) || first == UInt8(ascii: "#")
                out.append(contentsOf: opening.prefix(3))
                if !local { out.append(contentsOf: rel) }
                out.append(contentsOf: opening.dropFirst(3))
                i += opening.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The fallback: the source HTML-escaped (the same five characters as `HTMLEscaping`), as
    /// blank-line-separated paragraphs with line breaks kept; U+0000 becomes U+FFFD as in cmark.
    /// At most 6.5× the source (`"` + newline becomes `&quot;<br />` + newline): inside the output bound.
    static func plain(_ bytes: UnsafeBufferPointer<UInt8>) -> RenderedMarkdown {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4 + 16)
        var inParagraph = false
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if inParagraph { out.append(contentsOf: "</p>\n".utf8) }
                inParagraph = false
            } else {
                out.append(contentsOf: (inParagraph ? "<br />\n" : "<p>").utf8)
                inParagraph = true
                for byte in line {
                    switch byte {
                    case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                    case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                    case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                    case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                    case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                    case 0: out.append(contentsOf: "\u{FFFD}".utf8)
                    default: out.append(byte)
                    }
                }
            }
            lineStart = lineEnd + 1
            if lineEnd + 1 < bytes.count, bytes[lineEnd] == 0x0D, bytes[lineEnd + 1] == 0x0A { lineStart += 1 }
        }
        if inParagraph { out.append(contentsOf: "</p>\n".utf8) }
        return RenderedMarkdown(html: String(decoding: out, as: UTF8.self), mentions: [])
    }

    /// A link destination that survives inside `( )`: spaces, parentheses and angle brackets encoded.
    private static func escapedDestination(_ link: String) -> String {
        var out = ""
        for scalar in link.unicodeScalars {
            switch scalar {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "\n", "\r": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The GFM core extensions, looked up once. Registration in cmark-gfm 0.29 sets a global without a
/// lock, so it runs inside a Swift static initializer (guaranteed once); the extensions are read-only after.
private struct CoreExtensions: @unchecked Sendable {
    let table: OpaquePointer?
    let strikethrough: OpaquePointer?
    let autolink: OpaquePointer?
    let tasklist: OpaquePointer?

    static let shared: CoreExtensions = {
        cmark_gfm_core_extensions_ensure_registered()
        return CoreExtensions(
            table: cmark_find_syntax_extension("table"),
            strikethrough: cmark_find_syntax_extension("strikethrough"),
            autolink: cmark_find_syntax_extension("autolink"),
            tasklist: cmark_find_syntax_extension("tasklist")
        )
    }()

    /// The extensions to attach; tables and autolinks only when the pre-scan allows them.
    func enabled(tables: Bool, autolinks: Bool) -> [OpaquePointer] {
        [tables ? table : nil, strikethrough, autolinks ? autolink : nil, tasklist].compactMap { $0 }
    }
}
