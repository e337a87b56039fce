import Foundation
import Synchronization

/// The readable part of a discussion's link ("/d/42/phi-police").
extension Paths {
    /// Lowercase ASCII words joined by hyphens, at most 60 characters ("PHI & police?" → "phi-police").
    public static func slugify(_ title: String) -> String {
        // Most titles are ASCII: slug their bytes directly (folding is costly, and a page links dozens of titles).
        if title.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(title.utf8) }
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 60 { slug = String(slug.prefix(60)); while slug.hasSuffix("-") { slug.removeLast() } }
        return slug
    }

    /// `slugify` for ASCII text: the same result without Foundation's folding.
    static func asciiSlug(_ bytes: String.UTF8View) -> String {
        var slug: [UInt8] = []
        slug.reserveCapacity(min(bytes.count, 64))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): slug.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte + 32)
            default: if let last = slug.last, last != UInt8(ascii: "-") { slug.append(UInt8(ascii: "-")) }
            }
        }
        while slug.last == UInt8(ascii: "-") { slug.removeLast() }
        if slug.count > 60 {
            slug.removeSubrange(60...)
            while slug.last == UInt8(ascii: "-") { slug.removeLast() }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Discussions' slugs by id with the title they were made from: a list links each of its discussions two or three
    /// times (title, "3 new", last post) on every view, and titles rarely change.
    private static let slugs = Mutex<[Int64: (title: String, slug: String)]>([:])
    private static let slugsKept = 50_000

    static func slug(of d: Discussion) -> String {
        guard let id = d.id else { return slugify(d.title) }
        if let kept = slugs.withLock({ $0[id] }), kept.title == d.title { return kept.slug }
        let slug = slugify(d.title)
        slugs.withLock { slugs in
            if slugs.count >= slugsKept { slugs.removeAll(keepingCapacity: true) }
            slugs[id] = (d.title, slug)
        }
        return slug
    }
}
