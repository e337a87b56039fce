import CCmarkGFM
import Foundation

/// The pass over a parsed document before it is rendered: blanks dangerous link and image URLs, and
/// turns `@handle` in ordinary text into a link to the member's profile. Linear in the document.
enum MarkdownTree {
    /// Schemes never allowed in a link or image, compared after removing spaces and control
    /// characters (browsers ignore them) and lowercasing. cmark's safe mode already blanks these except
    /// data:image/png|gif|jpeg|webp; we blank every data: URL too.
    static let forbiddenSchemes = ["javascript:", "vbscript:", "file:", "data:"]

    /// Prepares `document` in place and returns the mentioned handles (lowercased, distinct, in order).
    static func prepare(_ document: OpaquePointer) -> [String] {
        cmark_consolidate_text_nodes(document)
        var textNodes: [OpaquePointer] = []
        var linkDepth = 0
        guard let iterator = cmark_iter_new(document) else { return [] }
        // The tree is only read while iterating; mentions are inserted afterwards.
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                if event == CMARK_EVENT_ENTER {
                    neutraliseURL(of: node)
                    linkDepth += 1
                } else {
                    linkDepth -= 1
                }
            } else if type == CMARK_NODE_TEXT, linkDepth == 0, let literal = cmark_node_get_literal(node),
                      strchr(literal, Int32(UInt8(ascii: "@"))) != nil {
                textNodes.append(node)
            }
        }
        cmark_iter_free(iterator)

        var handles: [String] = []
        var seen: Set<String> = []
        for node in textNodes {
            for handle in linkMentions(in: node) where seen.insert(handle).inserted {
                handles.append(handle)
            }
        }
        return handles
    }

    /// Whether `url` uses a forbidden scheme, however it is spelled (`JaVaScRiPt:`, ` java\tscript:`).
    /// Reads only up to the first `:` (or a few bytes), so a long URL used many times costs nothing.
    static func isForbidden(_ url: UnsafePointer<CChar>) -> Bool {
        var scheme: [UInt8] = []
        var pointer = url
        while pointer.pointee != 0, scheme.count <= longestForbiddenScheme {
            let byte = UInt8(bitPattern: pointer.pointee)
            if byte > 0x20 && byte != 0x7F { scheme.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            if byte == UInt8(ascii: ":") { break }
            pointer += 1
        }
        return forbiddenSchemes.contains { scheme.starts(with: $0.utf8) }
    }

    /// The most bytes `isForbidden` needs to read past spaces and controls.
    private static let longestForbiddenScheme = forbiddenSchemes.map(\.utf8.count).max() ?? 0

    /// `isForbidden` for a Swift string.
    static func isForbidden(_ url: String) -> Bool {
        url.withCString { isForbidden($0) }
    }

    private static func neutraliseURL(of node: OpaquePointer) {
        guard let url = cmark_node_get_url(node), isForbidden(url) else { return }
        cmark_node_set_url(node, "")
    }

    // MARK: - Mentions

    /// Splits a text node around its mentions: text, link, text, link … in place of the node.
    /// Returns the handles linked, lowercased.
    private static func linkMentions(in node: OpaquePointer) -> [String] {
        guard let literal = cmark_node_get_literal(node) else { return [] }
        let text = String(cString: literal)
        let scalars = text.unicodeScalars
        let found = mentions(in: text)
        guard !found.isEmpty else { return [] }
        var handles: [String] = []
        var start = scalars.startIndex
        for mention in found {
            insert(textNode: String(scalars[start..<mention.range.lowerBound]), before: node)
            let written = String(scalars[mention.range])
            if insert(linkTo: Paths.user(mention.handle), text: written, before: node) {
                handles.append(mention.handle)
            } else {
                insert(textNode: written, before: node)
            }
            start = mention.range.upperBound
        }
        let rest = String(scalars[start...])
        if rest.isEmpty {
            cmark_node_unlink(node)
            cmark_node_free(node)
        } else {
            cmark_node_set_literal(node, rest)
        }
        return handles
    }

    /// Each `@handle` in `text`: the range from `@` to the handle's end, and the handle lowercased.
    /// The `@` must begin the text or follow a character that cannot end an e-mail address's
    /// local part or a URL path (a letter, digit, or one of `_.+-/=@`); the handle must be a
    /// well-formed one (2–30 of a-z, 0-9, `_`, `-`, any case) that ends there.
    static func mentions(in text: String) -> [(range: Range<String.Index>, handle: String)] {
        let scalars = text.unicodeScalars
        var result: [(range: Range<String.Index>, handle: String)] = []
        var previous: Unicode.Scalar?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "@", previous.map(canPrecedeMention) ?? true else {
                previous = scalar
                index = scalars.index(after: index)
                continue
            }
            var end = scalars.index(after: index)
            while end < scalars.endIndex, isHandleScalar(scalars[end]) { end = scalars.index(after: end) }
            let length = scalars.distance(from: index, to: end) - 1
            let isWhole = end == scalars.endIndex || canFollowMention(scalars[end])
            if length >= AccountValidation.minHandleLength, length <= User.Limits.handle, isWhole {
                let handle = String(scalars[scalars.index(after: index)..<end]).lowercased()
                result.append((index..<end, handle))
            }
            previous = scalars[scalars.index(before: end)]
            index = end
        }
        return result
    }

    private static func canPrecedeMention(_ scalar: Unicode.Scalar) -> Bool {
        !(scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "_.+-/=@".unicodeScalars.contains(scalar))
    }

    /// After a handle: not `@` (`@a@host.org` is someone elsewhere), a letter, digit or combining mark.
    private static func canFollowMention(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: return scalar != "@" && !scalar.properties.isAlphabetic && scalar.properties.numericType == nil
        }
    }

    private static func isHandleScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private static func insert(textNode text: String, before node: OpaquePointer) {
        guard !text.isEmpty, let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(textNode, text)
        if cmark_node_insert_before(node, textNode) == 0 { cmark_node_free(textNode) }
    }

    /// Inserts a link with one text child; false (and nothing inserted) if the parent refuses links.
    private static func insert(linkTo url: String, text: String, before node: OpaquePointer) -> Bool {
        guard let link = cmark_node_new(CMARK_NODE_LINK) else { return false }
        guard let label = cmark_node_new(CMARK_NODE_TEXT) else {
            cmark_node_free(link)
            return false
        }
        cmark_node_set_literal(label, text)
        cmark_node_set_url(link, url)
        guard cmark_node_append_child(link, label) != 0 else {
            cmark_node_free(label)
            cmark_node_free(link)
            return false
        }
        guard cmark_node_insert_before(node, link) != 0 else {
            cmark_node_free(link)
            return false
        }
        return true
    }
}
