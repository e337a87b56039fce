import Foundation

/// An Atom feed (RFC 4287): what a feed says about itself and its entries, written as UTF-8 XML by `xml()`.
///
/// Every text and attribute value goes through `XMLEscaping` (per Unicode scalar, characters XML forbids removed);
/// an entry's HTML is the stored sanitized rendering of its Markdown, carried escaped in `content type="html"`.
/// Links are absolute (from the configured public base URL), and `xml:base` lets the relative links inside the
/// HTML (mentions, quotes) resolve against the site.
struct AtomFeed: Sendable {
    /// A permanent IRI naming the feed (never its private address).
    var id: String
    var title: String
    var subtitle: String = ""
    /// The newest `updated` of the entries, or `emptyUpdated` when there are none.
    var updated: Date
    /// The feed's own absolute address (`rel="self"`).
    var selfURL: String
    /// The page it follows (`rel="alternate"`).
    var pageURL: String
    /// The site's public base URL, for `xml:base`.
    var baseURL: String
    /// Named as the feed's author, so an entry without one is still valid.
    var siteName: String
    var entries: [AtomEntry]

    /// A feed of `entries`, updated when its newest entry was (or at `emptyUpdated` while it has none: a fixed
    /// instant, so an empty feed's ETag stays the same).
    init(id: String, title: String, subtitle: String = "", selfURL: String, pageURL: String, baseURL: String,
         siteName: String, entries: [AtomEntry], emptyUpdated: Date) {
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.selfURL = selfURL
        self.pageURL = pageURL
        self.baseURL = baseURL
        self.siteName = siteName
        self.entries = entries
        updated = entries.map(\.updated).max() ?? emptyUpdated
    }

    /// The feed's XML document.
    func xml() -> String {
        var out = XMLOutput()
        out.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"")
        out.attribute(baseURL + "/")
        out.raw("\">\n")
        out.element("id", id)
        out.element("title", title)
        if !subtitle.isEmpty { out.element("subtitle", subtitle) }
        out.element("updated", Formatting.iso(updated))
        out.link(rel: "self", type: "application/atom+xml", href: selfURL)
        out.link(rel: "alternate", type: "text/html", href: pageURL)
        out.raw("<author><name>")
        out.text(siteName)
        out.raw("</name></author>\n<generator>Commonplace</generator>\n")
        for entry in entries { entry.write(to: &out) }
        out.raw("</feed>\n")
        return out.document
    }
}

/// One entry of a feed: a discussion, a post or a resource.
struct AtomEntry: Sendable {
    /// A permanent IRI naming what the entry is about (a `tag:` URI).
    var id: String
    var title: String
    /// The page showing it, absolute.
    var url: String
    var published: Date
    var updated: Date
    var authorName: String
    /// The author's profile, absolute (empty for a former member).
    var authorURL: String = ""
    /// Labels (the community, the kind of discussion, "featured" …).
    var categories: [String] = []
    /// Sanitized HTML (the stored rendering of Markdown), written escaped.
    var html: String

    fileprivate func write(to out: inout XMLOutput) {
        out.raw("<entry>\n")
        out.element("id", id)
        out.element("title", title)
        out.link(rel: "alternate", type: "text/html", href: url)
        out.element("published", Formatting.iso(published))
        out.element("updated", Formatting.iso(updated))
        out.raw("<author><name>")
        out.text(authorName)
        out.raw("</name>")
        if !authorURL.isEmpty { out.element("uri", authorURL) }
        out.raw("</author>\n")
        for category in categories {
            out.raw("<category term=\"")
            out.attribute(category)
            out.raw("\"/>\n")
        }
        out.raw("<content type=\"html\">")
        out.text(html)
        out.raw("</content>\n</entry>\n")
    }
}

/// A `tag:` URI (RFC 4151) for something on this site: `tag:{host},{day it was made}:{what}/{id}`. The day is the
/// thing's own creation date, when the site surely held its name, so the id never changes once given.
enum AtomID {
    static func tag(baseURL: String, created: Date, _ kind: String, _ id: Int64) -> String {
        "tag:\(host(of: baseURL)),\(Formatting.isoDay(created)):\(kind)/\(id)"
    }

    /// The host of `baseURL` ("forum.example.org" from "https://forum.example.org:8443/"), lowercased.
    static func host(of baseURL: String) -> String {
        URLComponents(string: baseURL)?.host?.lowercased() ?? "localhost"
    }
}

/// XML text as Atom needs it, escaped per Unicode scalar.
enum XMLEscaping {
    /// Whether XML 1.0 allows `scalar` in a document at all (`Char`, §2.2): C0 controls other than tab, line feed
    /// and carriage return, and U+FFFE/U+FFFF, are not; they are removed, not escaped (no escape makes them valid).
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// `text` with `<`, `>`, `&`, `"` and `'` escaped and forbidden characters removed, usable both as element text
    /// and inside a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = XMLOutput()
        out.text(text)
        return out.document
    }
}

/// The document being written.
private struct XMLOutput {
    var document = ""

    init() { document.reserveCapacity(16 * 1024) }

    mutating func raw(_ markup: String) { document += markup }

    /// Escaped character data (also safe in an attribute).
    mutating func text(_ value: String) {
        // Most values need nothing escaped or removed: appended whole.
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 ? !Self.special($0) && XMLEscaping.isAllowed($0) : false }) {
            document += value
            return
        }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar {
            case "<": scalars.append(contentsOf: "&lt;".unicodeScalars)
            case ">": scalars.append(contentsOf: "&gt;".unicodeScalars)
            case "&": scalars.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": scalars.append(contentsOf: "&quot;".unicodeScalars)
            case "'": scalars.append(contentsOf: "&#39;".unicodeScalars)
            // Line ends inside text are kept as they are; in attributes they would be normalised, and none is written there.
            default: if XMLEscaping.isAllowed(scalar) { scalars.append(scalar) }
            }
        }
        document += String(scalars)
    }

    mutating func attribute(_ value: String) { text(value) }

    private static func special(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "<" || scalar == ">" || scalar == "&" || scalar == "\"" || scalar == "'"
    }

    mutating func element(_ name: String, _ value: String) {
        document += "<\(name)>"
        text(value)
        document += "</\(name)>\n"
    }

    mutating func link(rel: String, type: String, href: String) {
        document += "<link rel=\"\(rel)\" type=\"\(type)\" href=\""
        attribute(href)
        document += "\"/>\n"
    }
}
